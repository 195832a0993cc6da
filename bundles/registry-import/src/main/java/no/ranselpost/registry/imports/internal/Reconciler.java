package no.ranselpost.registry.imports.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.persistence.EntityManager;

import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.NationalIdPolicy;
import no.ranselpost.core.api.OrgNumber;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.persistence.entity.ContactRegistrationEntity;
import no.ranselpost.persistence.entity.EmploymentEntity;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.FieldOverrideEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.FormerNationalIdEntity;
import no.ranselpost.persistence.entity.GuardianAccountEntity;
import no.ranselpost.persistence.entity.GuardianUnitAccessEntity;
import no.ranselpost.persistence.entity.GuardianshipEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.SourcedPeriod;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.persistence.entity.WardshipEntity;
import no.ranselpost.registry.api.AddressRecord;
import no.ranselpost.registry.api.ChildRecord;
import no.ranselpost.registry.api.ContactRecord;
import no.ranselpost.registry.api.EmploymentRecord;
import no.ranselpost.registry.api.EnrolmentRecord;
import no.ranselpost.registry.api.PersonRecord;
import no.ranselpost.registry.api.PersonStatus;
import no.ranselpost.registry.api.ResponsibilityRecord;
import no.ranselpost.registry.api.WardshipRecord;

/**
 * The rules that decide who is a guardian (ACCESS.md, DESIGN.md). Applies one record inside
 * the caller's transaction, writing one audit record per changed object in it; a record that
 * breaks a rule is rejected whole before anything is written. It never touches the blocklist.
 */
final class Reconciler {

    static final String ACTION = "IMPORT";

    private final AuditTrail audit;
    private final NationalIdPolicy ids;
    private final String sourceId;
    private final Actor actor;
    private final LocalDate today;
    /** When this run applies its changes (Oslo's clock, stored as UTC). */
    private final OffsetDateTime now;

    Reconciler(AuditTrail audit, NationalIdPolicy ids, String sourceId, LocalDate today, OffsetDateTime now) {
        this.now = now;
        this.audit = audit;
        this.ids = ids;
        this.sourceId = sourceId;
        this.actor = Actor.systemJob("import." + sourceId);
        this.today = today;
    }

    // ------------------------------------------------------------------ validation

    private String validId(String value, String what) {
        try {
            return ids.parse(value).value();
        } catch (NationalId.InvalidNationalIdException e) {
            throw new RejectedRecordException(what + ": invalid national identity number (" + e.reason() + ")");
        }
    }

    private void validate(PersonRecord p, String what) {
        validId(p.nationalId(), what);
        p.formerNationalIds().forEach(f -> validId(f, what + " (former number)"));
        if (p.status() != PersonStatus.CEASED && (isBlank(p.givenName()) || isBlank(p.familyName()))) {
            throw new RejectedRecordException(what + ": name missing");
        }
        if (p.protection() == AddressProtection.STRICTLY_CONFIDENTIAL && p.address() != null) {
            // the registry never gives one; if a source does, it is dropped, not stored
            return;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    // ------------------------------------------------------------------ children

    /** Applies one child with all its responsibility holders; returns what changed. */
    Counts apply(EntityManager em, ChildRecord r) {
        if (r.child() == null) {
            throw new RejectedRecordException("no child in the record");
        }
        validate(r.child(), "child");
        Map<String, PersonRecord> adults = new HashMap<>();
        for (PersonRecord a : r.adults()) {
            validate(a, "adult");
            adults.put(a.nationalId(), a);
        }
        List<ResponsibilityRecord> current = new ArrayList<>();
        for (ResponsibilityRecord h : r.responsibilities()) {
            validId(h.holderNationalId(), "holder");
            if (h.responsibility() == null || h.relation() == null) {
                throw new RejectedRecordException("holder: responsibility or relation missing");
            }
            // only current entries (erGjeldende); history entries change nothing
            if (h.current()) {
                if (!adults.containsKey(h.holderNationalId())) {
                    throw new RejectedRecordException("holder: the record does not describe the holder");
                }
                current.add(h);
            }
        }
        for (WardshipRecord w : r.wardships()) {
            validId(w.vergeNationalId(), "verge");
            if (w.current() && !adults.containsKey(w.vergeNationalId())) {
                throw new RejectedRecordException("verge: the record does not describe the verge");
            }
        }

        Counts c = new Counts();
        PersonEntity child = upsertPerson(em, r.child(), c);
        boolean childGone = child.isDeceased();

        // holders: only the adults current entries name are stored (a parent without responsibility is not)
        Map<String, PersonEntity> holders = new HashMap<>();
        for (ResponsibilityRecord h : current) {
            holders.computeIfAbsent(h.holderNationalId(), id -> upsertPerson(em, adults.get(id), c));
        }
        List<GuardianshipEntity> links = currentLinks(em, child);
        Set<Long> kept = new HashSet<>();
        for (ResponsibilityRecord h : current) {
            PersonEntity adult = holders.get(h.holderNationalId());
            if (childGone || adult.isDeceased()) {
                continue;
            }
            GuardianshipEntity link = links.stream().filter(l -> l.getGuardian().getId() == adult.getId()).findFirst().orElse(null);
            if (link == null) {
                link = new GuardianshipEntity();
                link.setChild(child);
                link.setGuardian(adult);
                link.setRelation(h.relation());
                link.setResponsibility(h.responsibility());
                link.setCurrent(true);
                link.setValidFrom(h.validFrom());
                link.setSourceId(sourceId);
                em.persist(link);
                changed(em, "guardianship", link.getId(), "created");
                c.created++;
            } else if (link.getResponsibility() != h.responsibility() || link.getRelation() != h.relation()) {
                link.setResponsibility(h.responsibility());
                link.setRelation(h.relation());
                changed(em, "guardianship", link.getId(), "updated");
                c.updated++;
            }
            kept.add(link.getId());
            if (h.responsibility().grantsAccess()) {
                ensureAccount(em, adult, c);
            } else {
                deactivateIfNoLinkRemains(em, adult, c);
            }
        }
        // responsibility is per child: a link the registry no longer gives ends now, for this child only
        for (GuardianshipEntity link : links) {
            if (!kept.contains(link.getId())) {
                String reason = childGone || link.getGuardian().isDeceased() ? "death" : "responsibility-ended";
                link.setCurrent(false);
                link.setValidTo(today);
                link.setEndReason(reason);
                changed(em, "guardianship", link.getId(), "ended:" + reason);
                c.ended++;
                deactivateIfNoLinkRemains(em, link.getGuardian(), c);
            }
        }
        applyWardships(em, child, r.wardships(), adults, c);
        if (!c.changedAnything()) {
            c.unchanged++;
        }
        return c;
    }

    private void applyWardships(EntityManager em, PersonEntity ward, List<WardshipRecord> records, Map<String, PersonRecord> adults,
                                Counts c) {
        List<WardshipEntity> existing = currentWardships(em, ward);
        Set<Long> kept = new HashSet<>();
        for (WardshipRecord w : records) {
            if (!w.current()) {
                continue;
            }
            PersonEntity verge = upsertPerson(em, adults.get(w.vergeNationalId()), c);
            WardshipEntity e = existing.stream().filter(x -> x.getVerge().getId() == verge.getId()).findFirst().orElse(null);
            if (e == null) {
                e = new WardshipEntity();
                e.setWard(ward);
                e.setVerge(verge);
                e.setCurrent(true);
                e.setSourceId(sourceId);
                em.persist(e);
                changed(em, "wardship", e.getId(), "created");
                c.created++;
            }
            kept.add(e.getId());
        }
        for (WardshipEntity e : existing) {
            if (!kept.contains(e.getId())) {
                e.setCurrent(false);
                e.setValidTo(today);
                changed(em, "wardship", e.getId(), "ended");
                c.ended++;
            }
        }
    }

    /** A new holder's account arrives INACTIVE, awaiting activation by the unit admin. */
    private void ensureAccount(EntityManager em, PersonEntity adult, Counts c) {
        if (!hasAccount(em, adult)) {
            GuardianAccountEntity a = new GuardianAccountEntity();
            a.setPerson(adult);
            a.setState(AccountState.INACTIVE);
            a.setStateChangedAt(now);
            em.persist(a);
            Prefetched cache = cache(em);
            if (cache != null) {
                cache.accountsKnown.add(adult.getId());
                cache.withAccount.add(adult.getId());
            }
            changed(em, "guardian-account", a.getId(), "created");
            c.created++;
        }
    }

    /** The account goes inactive only when no current link with responsibility remains. */
    private void deactivateIfNoLinkRemains(EntityManager em, PersonEntity adult, Counts c) {
        long remaining = em.createQuery("select count(g) from GuardianshipEntity g where g.guardian = :p and g.current = true "
                        + "and g.responsibility <> :unknown", Long.class)
                .setParameter("p", adult).setParameter("unknown", ParentalResponsibility.UKJENT).getSingleResult();
        if (remaining > 0) {
            return;
        }
        for (GuardianAccountEntity a : em.createQuery("select a from GuardianAccountEntity a where a.person = :p and a.state = :s",
                GuardianAccountEntity.class).setParameter("p", adult).setParameter("s", AccountState.ACTIVE).getResultList()) {
            a.setState(AccountState.INACTIVE);
            a.setStateChangedAt(now);
            a.setStateChangedBy(null);
            changed(em, "guardian-account", a.getId(), "inactive:no-current-link");
            c.updated++;
        }
        // and its access at every unit: a later link starts inactive again, awaiting the unit admin
        for (GuardianUnitAccessEntity ua : em.createQuery("select ua from GuardianUnitAccessEntity ua where ua.person = :p "
                + "and ua.state = :s", GuardianUnitAccessEntity.class).setParameter("p", adult).setParameter("s", AccountState.ACTIVE)
                .getResultList()) {
            ua.setState(AccountState.INACTIVE);
            ua.setStateChangedAt(now);
            ua.setStateChangedBy(null);
            changed(em, "guardian-unit-access", ua.getId(), "inactive:no-current-link");
        }
    }

    // ------------------------------------------------------------------ what a shared transaction reads up front

    /**
     * What one transaction shared by several records read in a few queries before applying them,
     * instead of a few queries per record: the people by number (and by former number), and for
     * those found their active overrides, current guardianships and wardships, and whether they
     * have an account. Valid only for the EntityManager it was read with; the lists are handed
     * once (a second use of the same person or child in the transaction asks the database), and
     * anything that renumbers a person drops it all.
     */
    private static final class Prefetched {
        final EntityManager em;
        final Set<String> asked = new HashSet<>();
        final Map<String, PersonEntity> people = new HashMap<>();
        final Map<String, PersonEntity> formers = new HashMap<>();
        final Map<Long, List<FieldOverrideEntity>> overrides = new HashMap<>();
        final Map<Long, List<GuardianshipEntity>> links = new HashMap<>();
        final Map<Long, List<WardshipEntity>> wardships = new HashMap<>();
        final Set<Long> accountsKnown = new HashSet<>();
        final Set<Long> withAccount = new HashSet<>();
        final Map<String, UnitEntity> units = new HashMap<>();
        final Map<String, GroupEntity> groups = new HashMap<>();
        final Map<Long, List<EnrolmentEntity>> enrolments = new HashMap<>();

        Prefetched(EntityManager em) {
            this.em = em;
        }
    }

    private static final int IN_CHUNK = 100;
    private Prefetched prefetched;

    private Prefetched cache(EntityManager em) {
        Prefetched p = prefetched;
        return p != null && p.em == em ? p : null;
    }

    private void forget(EntityManager em) {
        if (cache(em) != null) {
            prefetched = null;
        }
    }

    private String idOrNull(String raw) {
        try {
            return raw == null ? null : ids.parse(raw).value();
        } catch (RuntimeException e) {
            return null; // the record is rejected when applied
        }
    }

    /**
     * The values in lists of exactly {@link #IN_CHUNK} (the last padded with its last value, which
     * changes no answer), so that every prefetch query has one SQL text the database compiles once.
     */
    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            List<T> chunk = new ArrayList<>(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
            while (chunk.size() < IN_CHUNK) {
                chunk.add(chunk.get(chunk.size() - 1));
            }
            out.add(chunk);
        }
        return out;
    }

    /** Reads up front what applying these children in this transaction will ask about. */
    void prefetchChildren(EntityManager em, List<ChildRecord> records) {
        Set<String> numbers = new java.util.LinkedHashSet<>();
        Set<String> childNumbers = new HashSet<>();
        for (ChildRecord r : records) {
            if (r.child() == null) {
                continue;
            }
            String child = idOrNull(r.child().nationalId());
            if (child != null) {
                numbers.add(child);
                childNumbers.add(child);
            }
            r.adults().forEach(a -> {
                String id = idOrNull(a.nationalId());
                if (id != null) {
                    numbers.add(id);
                }
            });
        }
        Prefetched p = people(em, numbers);
        List<Long> children = new ArrayList<>();
        for (String n : childNumbers) {
            PersonEntity c = p.people.get(n);
            if (c != null) {
                children.add(c.getId());
            }
        }
        for (List<Long> chunk : chunks(children)) {
            chunk.forEach(id -> {
                p.links.put(id, new ArrayList<>());
                p.wardships.put(id, new ArrayList<>());
            });
            for (Object[] row : em.createQuery("select g.child.id, g from GuardianshipEntity g join fetch g.guardian "
                    + "where g.child.id in :ids and g.current = true order by g.id", Object[].class).setParameter("ids", chunk).getResultList()) {
                p.links.get((Long) row[0]).add((GuardianshipEntity) row[1]);
            }
            for (Object[] row : em.createQuery("select w.ward.id, w from WardshipEntity w join fetch w.verge where w.ward.id in :ids "
                    + "and w.current = true", Object[].class).setParameter("ids", chunk).getResultList()) {
                p.wardships.get((Long) row[0]).add((WardshipEntity) row[1]);
            }
        }
        prefetched = p;
    }

    /** Reads up front the units, groups and children these enrolment rows name. */
    void prefetchEnrolments(EntityManager em, List<EnrolmentRecord> records) {
        Set<String> numbers = new java.util.LinkedHashSet<>();
        for (EnrolmentRecord r : records) {
            String id = idOrNull(r.childNationalId());
            if (id != null) {
                numbers.add(id);
            }
        }
        Prefetched p = people(em, numbers);
        List<Long> children = p.people.values().stream().map(PersonEntity::getId).toList();
        for (List<Long> chunk : chunks(children)) {
            chunk.forEach(id -> p.enrolments.put(id, new ArrayList<>()));
            for (Object[] row : em.createQuery("select e.child.id, e from EnrolmentEntity e join fetch e.unit where e.child.id in :ids",
                    Object[].class).setParameter("ids", chunk).getResultList()) {
                p.enrolments.get((Long) row[0]).add((EnrolmentEntity) row[1]);
            }
        }
        prefetched = p;
    }

    /** The people by these numbers (current or former), their active overrides and whether they have an account. */
    private Prefetched people(EntityManager em, Set<String> numbers) {
        Prefetched p = new Prefetched(em);
        List<String> all = new ArrayList<>(numbers);
        List<Long> found = new ArrayList<>();
        for (List<String> chunk : chunks(all)) {
            for (PersonEntity person : em.createQuery("select p from PersonEntity p where p.nationalId in :ids", PersonEntity.class)
                    .setParameter("ids", chunk).getResultList()) {
                p.people.put(person.getNationalId(), person);
                found.add(person.getId());
            }
            for (Object[] row : em.createQuery("select f.nationalId, f.person from FormerNationalIdEntity f where f.nationalId in :ids",
                    Object[].class).setParameter("ids", chunk).getResultList()) {
                p.formers.put((String) row[0], (PersonEntity) row[1]);
            }
        }
        p.asked.addAll(numbers);
        for (List<Long> chunk : chunks(found)) {
            chunk.forEach(id -> p.overrides.put(id, new ArrayList<>()));
            for (Object[] row : em.createQuery("select o.person.id, o from FieldOverrideEntity o where o.person.id in :ids "
                    + "and o.liftedAt is null", Object[].class).setParameter("ids", chunk).getResultList()) {
                p.overrides.get((Long) row[0]).add((FieldOverrideEntity) row[1]);
            }
            p.accountsKnown.addAll(chunk);
            p.withAccount.addAll(em.createQuery("select a.person.id from GuardianAccountEntity a where a.person.id in :ids", Long.class)
                    .setParameter("ids", chunk).getResultList());
        }
        return p;
    }

    /** A person this transaction created: known to have no overrides, links, wardships or account yet. */
    private void created(EntityManager em, PersonEntity p) {
        Prefetched cache = cache(em);
        if (cache != null) {
            cache.asked.add(p.getNationalId());
            cache.people.put(p.getNationalId(), p);
            cache.overrides.put(p.getId(), new ArrayList<>());
            cache.links.put(p.getId(), new ArrayList<>());
            cache.wardships.put(p.getId(), new ArrayList<>());
            cache.enrolments.put(p.getId(), new ArrayList<>());
            cache.accountsKnown.add(p.getId());
        }
    }

    private List<FieldOverrideEntity> overrides(EntityManager em, PersonEntity p) {
        Prefetched cache = cache(em);
        List<FieldOverrideEntity> known = cache == null ? null : cache.overrides.remove(p.getId());
        return known != null ? known : em.createQuery("select o from FieldOverrideEntity o where o.person = :p and o.liftedAt is null",
                FieldOverrideEntity.class).setParameter("p", p).getResultList();
    }

    private List<GuardianshipEntity> currentLinks(EntityManager em, PersonEntity child) {
        Prefetched cache = cache(em);
        List<GuardianshipEntity> known = cache == null ? null : cache.links.remove(child.getId());
        return known != null ? known : em.createQuery(
                        "select g from GuardianshipEntity g where g.child = :child and g.current = true order by g.id", GuardianshipEntity.class)
                .setParameter("child", child).getResultList();
    }

    private List<WardshipEntity> currentWardships(EntityManager em, PersonEntity ward) {
        Prefetched cache = cache(em);
        List<WardshipEntity> known = cache == null ? null : cache.wardships.remove(ward.getId());
        return known != null ? known : em.createQuery("select w from WardshipEntity w where w.ward = :ward and w.current = true",
                WardshipEntity.class).setParameter("ward", ward).getResultList();
    }

    private boolean hasAccount(EntityManager em, PersonEntity p) {
        Prefetched cache = cache(em);
        if (cache != null && cache.accountsKnown.contains(p.getId())) {
            return cache.withAccount.contains(p.getId());
        }
        return em.createQuery("select count(a) from GuardianAccountEntity a where a.person = :p", Long.class)
                .setParameter("p", p).getSingleResult() > 0;
    }

    // ------------------------------------------------------------------ people

    private PersonEntity byNationalId(EntityManager em, String id) {
        Prefetched cache = cache(em);
        if (cache != null && cache.asked.contains(id)) {
            return cache.people.get(id);
        }
        return em.createQuery("select p from PersonEntity p where p.nationalId = :id", PersonEntity.class)
                .setParameter("id", id).getResultList().stream().findFirst().orElse(null);
    }

    /**
     * A person by the number another system knows them by: their number now, or one the
     * population register replaced (an export may still list the old one).
     */
    private PersonEntity knownPerson(EntityManager em, String id) {
        PersonEntity p = byNationalId(em, id);
        if (p != null) {
            return p;
        }
        Prefetched cache = cache(em);
        if (cache != null && cache.asked.contains(id)) {
            return cache.formers.get(id);
        }
        return em.createQuery("select f.person from FormerNationalIdEntity f where f.nationalId = :id", PersonEntity.class)
                .setParameter("id", id).getResultList().stream().findFirst().orElse(null);
    }

    /** Remembers the numbers the register replaced for this person (never one that names someone else now). */
    private void rememberFormer(EntityManager em, PersonEntity p, List<String> formerIds) {
        for (String raw : formerIds) {
            String former = ids.parse(raw).value();
            if (former.equals(p.getNationalId()) || byNationalId(em, former) != null) {
                continue;
            }
            boolean known = !em.createQuery("select f.id from FormerNationalIdEntity f where f.nationalId = :id", Long.class)
                    .setParameter("id", former).getResultList().isEmpty();
            if (!known) {
                forget(em);
                FormerNationalIdEntity f = new FormerNationalIdEntity();
                f.setPerson(p);
                f.setNationalId(former);
                f.setReplacedAt(now);
                em.persist(f);
            }
        }
    }

    /**
     * Fails closed for a person the source could not describe whole: their stored address and
     * those of everyone a current guardianship links them with are removed, and all of them are
     * treated as protected until a record of theirs is applied.
     */
    void protect(EntityManager em, String nationalId) {
        PersonEntity p = knownPerson(em, ids.parse(nationalId).value());
        if (p == null) {
            return; // nothing stored, nothing to hide
        }
        java.util.Set<PersonEntity> affected = new java.util.LinkedHashSet<>();
        affected.add(p);
        affected.addAll(em.createQuery("select g.guardian from GuardianshipEntity g where g.child = :p and g.current = true",
                PersonEntity.class).setParameter("p", p).getResultList());
        affected.addAll(em.createQuery("select g.child from GuardianshipEntity g where g.guardian = :p and g.current = true",
                PersonEntity.class).setParameter("p", p).getResultList());
        for (PersonEntity a : affected) {
            if (!a.isProtectionPending() || a.getStreetAddress() != null || a.getPostalCode() != null || a.getPostalPlace() != null) {
                a.setProtectionPending(true);
                a.setAddress(null, null, null);
                changed(em, "person", a.getId(), "protection-pending");
            }
        }
    }

    /**
     * Creates or updates a person. A replaced identity number moves the person (and their
     * history) to the new number. Protection applies in the same transaction; with strengt
     * fortrolig no address is kept, and a lifted protection never brings back an address the
     * registry does not give again.
     */
    PersonEntity upsertPerson(EntityManager em, PersonRecord r, Counts c) {
        String id = ids.parse(r.nationalId()).value();
        PersonEntity p = byNationalId(em, id);
        boolean changed = false;
        String how = "updated";
        if (p == null) {
            for (String former : r.formerNationalIds()) {
                p = knownPerson(em, ids.parse(former).value());
                if (p != null) {
                    forget(em);
                    p.setNationalId(id);
                    changed = true;
                    how = "id-replaced";
                    break;
                }
            }
        }
        boolean created = false;
        if (p == null) {
            p = new PersonEntity();
            p.setNationalId(id);
            created = true;
        }
        // a system administrator's override survives the import: the source's value is remembered for its lift
        String givenName = r.givenName();
        String familyName = r.familyName();
        AddressProtection protection = r.protection();
        if (!created) {
            for (FieldOverrideEntity o : overrides(em, p)) {
                String incoming = switch (o.getField()) {
                    case "given-name" -> r.givenName();
                    case "family-name" -> r.familyName();
                    default -> r.protection().name();
                };
                if (!Objects.equals(o.getSourceValue(), incoming)) {
                    o.setSourceValue(incoming);
                }
                switch (o.getField()) {
                    case "given-name" -> givenName = o.getValue();
                    case "family-name" -> familyName = o.getValue();
                    default -> {
                        // raised, never lowered: the register's own protection wins when it is the higher one
                        AddressProtection raised = AddressProtection.valueOf(o.getValue());
                        protection = raised.ordinal() > protection.ordinal() ? raised : protection;
                    }
                }
            }
        }
        if (!Objects.equals(p.getRegistrySource(), sourceId)) {
            p.setRegistrySource(sourceId);
        }
        changed |= set(p.getGivenName(), givenName, p::setGivenName, created);
        changed |= set(p.getFamilyName(), familyName, p::setFamilyName, created);
        changed |= set(p.getBirthDate(), r.birthDate(), p::setBirthDate, created);
        if (p.getAddressProtection() != protection) {
            p.setAddressProtection(protection);
            changed = true;
        }
        AddressRecord a = protection.addressMayBeStored() ? r.address() : null;
        String street = a == null ? null : a.street();
        String postalCode = a == null ? null : a.postalCode();
        String postalPlace = a == null ? null : a.postalPlace();
        if (!Objects.equals(p.getStreetAddress(), street) || !Objects.equals(p.getPostalCode(), postalCode)
                || !Objects.equals(p.getPostalPlace(), postalPlace)) {
            p.setAddress(street, postalCode, postalPlace);
            changed = true;
        }
        if (p.isProtectionPending()) {
            // described whole again: the register's protection (just set) decides from now on
            p.setProtectionPending(false);
            changed = true;
        }
        boolean deceased = r.status() == PersonStatus.DECEASED;
        if (p.isDeceased() != deceased) {
            p.setDeceased(deceased);
            changed = true;
        }
        if (!Objects.equals(p.getRegistryStatus(), r.status().name())) {
            p.setRegistryStatus(r.status().name());
            changed = true;
        }
        if (created) {
            em.persist(p);
            created(em, p);
            changed(em, "person", p.getId(), "created");
            c.created++;
        } else if (changed) {
            changed(em, "person", p.getId(), how);
            c.updated++;
        }
        rememberFormer(em, p, r.formerNationalIds());
        return p;
    }

    private static <T> boolean set(T current, T value, java.util.function.Consumer<T> setter, boolean force) {
        if (force || !Objects.equals(current, value)) {
            setter.accept(value);
            return !force;
        }
        return false;
    }

    // ------------------------------------------------------------------ enrolments

    /** The identity of an enrolment within its source, by internal ids only. */
    static String enrolmentKey(long childId, long unitId, String groupCode, LocalDate start) {
        return childId + "|" + unitId + "|" + (groupCode == null ? "" : groupCode) + "|" + start;
    }

    /** Applies one enrolment; returns what changed and its key in {@code seen}. */
    Counts apply(EntityManager em, EnrolmentRecord r, Set<String> seen) {
        String childId = validId(r.childNationalId(), "child");
        String orgReason = OrgNumber.rejectionReason(r.unitOrgNumber());
        if (orgReason != null) {
            throw new RejectedRecordException("unit: organisation number " + orgReason);
        }
        if (r.unitType() == null || r.startDate() == null) {
            throw new RejectedRecordException("unit type or start date missing");
        }
        if (r.endDate() != null && r.endDate().isBefore(r.startDate())) {
            throw new RejectedRecordException("the end date is before the start date");
        }
        if (r.groupCode() != null && (r.groupType() == null || isBlank(r.groupName()))) {
            throw new RejectedRecordException("group: type or name missing");
        }
        Counts c = new Counts();
        Prefetched cache = cache(em);
        String unitKey = r.unitOrgNumber() + "|" + r.unitType();
        UnitEntity unit = cache != null && cache.units.containsKey(unitKey) ? cache.units.get(unitKey)
                : em.createQuery("select u from UnitEntity u where u.orgNumber = :org and u.unitType = :type", UnitEntity.class)
                .setParameter("org", r.unitOrgNumber()).setParameter("type", r.unitType())
                .getResultList().stream().findFirst().orElse(null);
        if (cache != null) {
            cache.units.put(unitKey, unit);
        }
        if (unit == null) {
            if (isBlank(r.unitName())) {
                throw new RejectedRecordException("unit: unknown, and the record gives no name to create it with");
            }
            unit = new UnitEntity();
            unit.setOrgNumber(r.unitOrgNumber());
            unit.setUnitType(r.unitType());
            unit.setName(r.unitName().strip());
            em.persist(unit);
            if (cache != null) {
                cache.units.put(unitKey, unit);
            }
            changed(em, "unit", unit.getId(), "created");
            c.created++;
        }
        GroupEntity group = null;
        if (r.groupCode() != null) {
            final UnitEntity u = unit;
            String groupKey = unit.getId() + "|" + r.groupCode();
            group = cache != null && cache.groups.containsKey(groupKey) ? cache.groups.get(groupKey)
                    : em.createQuery("select g from GroupEntity g where g.unit = :u and g.code = :code", GroupEntity.class)
                    .setParameter("u", u).setParameter("code", r.groupCode()).getResultList().stream().findFirst().orElse(null);
            if (cache != null) {
                cache.groups.put(groupKey, group);
            }
            if (group == null) {
                group = new GroupEntity();
                group.setUnit(unit);
                group.setCode(r.groupCode());
                group.setName(r.groupName().strip());
                group.setGroupType(r.groupType());
                em.persist(group);
                if (cache != null) {
                    cache.groups.put(groupKey, group);
                }
                changed(em, "group", group.getId(), "created");
                c.created++;
            }
        }
        PersonEntity child = knownPerson(em, childId);
        if (child == null) {
            // the population register describes the child later; until then only the number is known
            child = new PersonEntity();
            child.setNationalId(childId);
            em.persist(child);
            created(em, child);
            changed(em, "person", child.getId(), "created");
            c.created++;
        }
        String key = enrolmentKey(child.getId(), unit.getId(), r.groupCode(), r.startDate());
        seen.add(key);
        List<EnrolmentEntity> childs = cache == null ? null : cache.enrolments.get(child.getId());
        EnrolmentEntity e = childs != null ? childs.stream().filter(x -> sourceId.equals(x.getSourceId()) && key.equals(x.getSourceKey()))
                .findFirst().orElse(null)
                : em.createQuery("select e from EnrolmentEntity e where e.sourceId = :s and e.sourceKey = :k", EnrolmentEntity.class)
                .setParameter("s", sourceId).setParameter("k", key).getResultList().stream().findFirst().orElse(null);
        if (e == null) {
            // an enrolment entered by hand (or without a source) that this record covers: the source takes it over, no duplicate
            final UnitEntity u = unit;
            EnrolmentEntity byHand = childs != null ? childs.stream()
                    .filter(x -> x.getUnit().getId() == u.getId() && (x.getSourceId() == null || "manual".equals(x.getSourceId()))
                            && (x.getEndDate() == null || !x.getEndDate().isBefore(r.startDate())))
                    .sorted(java.util.Comparator.comparing(EnrolmentEntity::getStartDate).thenComparing(EnrolmentEntity::getId).reversed())
                    .findFirst().orElse(null)
                    : em.createQuery("select e from EnrolmentEntity e where e.child = :c and e.unit = :u "
                            + "and (e.sourceId is null or e.sourceId = :manual) and (e.endDate is null or e.endDate >= :start) "
                            + "order by e.startDate desc, e.id desc", EnrolmentEntity.class)
                    .setParameter("c", child).setParameter("u", unit).setParameter("manual", "manual")
                    .setParameter("start", r.startDate()).setMaxResults(1).getResultList().stream().findFirst().orElse(null);
            if (byHand != null) {
                byHand.setGroup(group);
                byHand.setStartDate(r.startDate());
                byHand.setEndDate(r.endDate());
                byHand.setEndReason(null);
                byHand.setSourceId(sourceId);
                byHand.setSourceKey(key);
                changed(em, "enrolment", byHand.getId(), "taken-over");
                c.updated++;
                return c;
            }
        }
        if (e == null) {
            e = new EnrolmentEntity();
            e.setChild(child);
            e.setUnit(unit);
            e.setGroup(group);
            e.setStartDate(r.startDate());
            e.setEndDate(r.endDate());
            e.setSourceId(sourceId);
            e.setSourceKey(key);
            em.persist(e);
            if (childs != null) {
                childs.add(e);
            }
            changed(em, "enrolment", e.getId(), "created");
            c.created++;
        } else if (!Objects.equals(e.getEndDate(), r.endDate())) {
            e.setEndDate(r.endDate());
            e.setEndReason(r.endDate() == null ? null : "ended-by-source");
            changed(em, "enrolment", e.getId(), r.endDate() == null ? "updated" : "ended:ended-by-source");
            if (r.endDate() == null) {
                c.updated++;
            } else {
                c.ended++;
            }
        }
        if (!c.changedAnything()) {
            c.unchanged++;
        }
        return c;
    }

    // ------------------------------------------------------------------ contact data

    /** E-mail as a register may hand it: no spaces or control characters, one @, bounded. */
    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^\\s@\\p{Cntrl}]{1,200}@[^\\s@\\p{Cntrl}]{1,119}");
    private static final java.util.regex.Pattern MOBILE = java.util.regex.Pattern.compile("\\+?[0-9]{3,20}");
    private static final java.util.regex.Pattern LANGUAGE = java.util.regex.Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z]{2,4})?");

    /**
     * Contact data of a person the registries already describe (the contact register is asked
     * about known people only). Applied whole or rejected whole: a value that does not look like
     * an e-mail address, a mobile number or a language code rejects the record before anything
     * is written. A person the register no longer knows (deleted, not registered, not named in
     * its answer) loses the stored e-mail and mobile. While a registration of one source exists,
     * no other source changes the person's contact data.
     */
    Counts apply(EntityManager em, ContactRecord r) {
        String id = validId(r.nationalId(), "person");
        if (r.email() != null && !EMAIL.matcher(r.email()).matches()) {
            throw new RejectedRecordException("e-mail: not an e-mail address");
        }
        if (r.mobile() != null && !MOBILE.matcher(r.mobile().replace(" ", "")).matches()) {
            throw new RejectedRecordException("mobile: not a phone number");
        }
        if (r.language() != null && !LANGUAGE.matcher(r.language()).matches()) {
            throw new RejectedRecordException("language: not a language code");
        }
        PersonEntity p = knownPerson(em, id);
        if (p == null) {
            throw new RejectedRecordException("person: not known here");
        }
        ContactRegistrationEntity reg = em.createQuery("select c from ContactRegistrationEntity c where c.person = :p",
                ContactRegistrationEntity.class).setParameter("p", p).getResultList().stream().findFirst().orElse(null);
        if (reg != null && !reg.getSourceId().equals(sourceId)) {
            throw new RejectedRecordException("contact data: owned by source " + reg.getSourceId() + ", which alone changes it");
        }
        Counts c = new Counts();
        boolean created = reg == null;
        if (created) {
            reg = new ContactRegistrationEntity();
            reg.setPerson(p);
            reg.setSourceId(sourceId);
        }
        boolean changed = created;
        String mobile = r.mobile() == null ? null : r.mobile().replace(" ", "");
        if (!Objects.equals(p.getEmail(), r.email())) {
            p.setEmail(r.email());
            changed = true;
        }
        if (!Objects.equals(p.getMobile(), mobile)) {
            p.setMobile(mobile);
            changed = true;
        }
        if (!sameInstant(p.getEmailConfirmedAt(), r.emailConfirmedAt())) {
            p.setEmailConfirmedAt(r.emailConfirmedAt());
            changed = true;
        }
        if (!sameInstant(p.getMobileConfirmedAt(), r.mobileConfirmedAt())) {
            p.setMobileConfirmedAt(r.mobileConfirmedAt());
            changed = true;
        }
        if (p.isContactReserved() != r.reserved()) {
            p.setContactReserved(r.reserved());
            changed = true;
        }
        String notification = r.notifiable() == null ? null : r.notifiable() ? "CAN_BE_NOTIFIED" : "CANNOT_BE_NOTIFIED";
        if (!Objects.equals(reg.getRegisterStatus(), r.status().name()) || !Objects.equals(reg.getNotificationStatus(), notification)
                || !Objects.equals(reg.getLanguage(), r.language()) || !sameInstant(reg.getEmailUpdatedAt(), r.emailUpdatedAt())
                || !sameInstant(reg.getEmailVerifiedAt(), r.emailVerifiedAt()) || !sameInstant(reg.getMobileUpdatedAt(), r.mobileUpdatedAt())
                || !sameInstant(reg.getMobileVerifiedAt(), r.mobileVerifiedAt())) {
            reg.setRegisterStatus(r.status().name());
            reg.setNotificationStatus(notification);
            reg.setLanguage(r.language());
            reg.setEmailUpdatedAt(r.emailUpdatedAt());
            reg.setEmailVerifiedAt(r.emailVerifiedAt());
            reg.setMobileUpdatedAt(r.mobileUpdatedAt());
            reg.setMobileVerifiedAt(r.mobileVerifiedAt());
            changed = true;
        }
        // asked and answered: when it was checked is kept even when nothing changed (not audited: no data changed)
        reg.setCheckedAt(now);
        if (created) {
            em.persist(reg);
        }
        if (changed) {
            changed(em, "person", p.getId(), r.status() == no.ranselpost.registry.api.ContactRegisterStatus.ACTIVE ? "contact-updated"
                    : "contact-removed");
            if (created) {
                c.created++;
            } else {
                c.updated++;
            }
        } else {
            c.unchanged++;
        }
        return c;
    }

    private static boolean sameInstant(OffsetDateTime a, OffsetDateTime b) {
        return a == null ? b == null : b != null && a.toInstant().equals(b.toInstant());
    }

    // ------------------------------------------------------------------ employments

    /** Applies one employment; its key goes into {@code seen}. */
    Counts apply(EntityManager em, EmploymentRecord r, Set<String> seen) {
        if (r.person() == null) {
            throw new RejectedRecordException("no employee in the record");
        }
        validate(r.person(), "employee");
        if (r.role() != null && r.role() != no.ranselpost.core.api.Role.LEADER && r.role() != no.ranselpost.core.api.Role.EMPLOYEE) {
            throw new RejectedRecordException("role: an HR position maps to LEADER or EMPLOYEE only");
        }
        if (r.startDate() == null) {
            throw new RejectedRecordException("start date missing");
        }
        if (r.endDate() != null && r.endDate().isBefore(r.startDate())) {
            throw new RejectedRecordException("the end date is before the start date");
        }
        String orgReason = OrgNumber.rejectionReason(r.unitOrgNumber());
        if (orgReason != null) {
            throw new RejectedRecordException("unit: organisation number " + orgReason);
        }
        javax.persistence.TypedQuery<UnitEntity> q = em.createQuery("select u from UnitEntity u where u.orgNumber = :org"
                + (r.unitType() == null ? "" : " and u.unitType = :type"), UnitEntity.class).setParameter("org", r.unitOrgNumber());
        if (r.unitType() != null) {
            q.setParameter("type", r.unitType());
        }
        List<UnitEntity> units = q.getResultList();
        if (units.isEmpty()) {
            throw new RejectedRecordException("unit: unknown (the enrolment source creates units)");
        }
        if (units.size() > 1) {
            throw new RejectedRecordException("unit: several units share this organisation number; the record must give the unit type");
        }
        UnitEntity unit = units.get(0);
        Counts c = new Counts();
        PersonEntity person = findOrCreateEmployee(em, r.person(), c);
        String key = (r.employeeId() == null ? "" : r.employeeId()) + "|" + person.getId() + "|" + unit.getId() + "|"
                + (r.positionCode() == null ? "" : r.positionCode()) + "|" + r.startDate();
        seen.add(key);
        EmploymentEntity e = em.createQuery("select e from EmploymentEntity e where e.sourceId = :s and e.sourceKey = :k", EmploymentEntity.class)
                .setParameter("s", sourceId).setParameter("k", key).getResultList().stream().findFirst().orElse(null);
        if (e == null) {
            e = new EmploymentEntity();
            e.setPerson(person);
            e.setUnit(unit);
            e.setPositionCode(r.positionCode());
            e.setStartDate(r.startDate());
            e.setSourceId(sourceId);
            e.setSourceKey(key);
            e.setRole(r.role());
            e.setPositionTitle(r.positionTitle());
            e.setEndDate(r.endDate());
            e.setLeaveFrom(r.leaveFrom());
            e.setLeaveTo(r.leaveTo());
            em.persist(e);
            changed(em, "employment", e.getId(), "created");
            c.created++;
        } else if (e.getRole() != r.role() || !Objects.equals(e.getPositionTitle(), r.positionTitle())
                || !Objects.equals(e.getEndDate(), r.endDate()) || !Objects.equals(e.getLeaveFrom(), r.leaveFrom())
                || !Objects.equals(e.getLeaveTo(), r.leaveTo())) {
            boolean ends = r.endDate() != null && !r.endDate().equals(e.getEndDate());
            e.setRole(r.role());
            e.setPositionTitle(r.positionTitle());
            e.setEndDate(r.endDate());
            e.setEndReason(ends ? "ended-by-source" : null);
            e.setLeaveFrom(r.leaveFrom());
            e.setLeaveTo(r.leaveTo());
            changed(em, "employment", e.getId(), ends ? "ended:ended-by-source" : "updated");
            if (ends) {
                c.ended++;
            } else {
                c.updated++;
            }
        }
        if (!c.changedAnything()) {
            c.unchanged++;
        }
        return c;
    }

    /**
     * The employee as a person. The population register owns a person's data: an HR record
     * never overwrites it (it has no birth date or address to give); it only creates a person
     * the registers have not described yet, with the names HR has.
     */
    private PersonEntity findOrCreateEmployee(EntityManager em, PersonRecord r, Counts c) {
        String id = ids.parse(r.nationalId()).value();
        PersonEntity p = knownPerson(em, id);
        if (p != null) {
            return p;
        }
        p = new PersonEntity();
        p.setNationalId(id);
        p.setGivenName(r.givenName());
        p.setFamilyName(r.familyName());
        p.setBirthDate(ids.parse(id).birthDate());
        em.persist(p);
        changed(em, "person", p.getId(), "created");
        c.created++;
        return p;
    }

    /** What a full-snapshot source holds for a period: enrolments and employments. */
    enum Period {
        ENROLMENT(EnrolmentEntity.class, "enrolment"),
        EMPLOYMENT(EmploymentEntity.class, "employment");

        final Class<? extends SourcedPeriod> type;
        final String auditType;

        Period(Class<? extends SourcedPeriod> type, String auditType) {
            this.type = type;
            this.auditType = auditType;
        }
    }

    /** The current ones of this source that the last snapshot no longer lists. */
    List<Long> goneFrom(EntityManager em, Period period, Set<String> seen) {
        List<Long> gone = new ArrayList<>();
        for (Object[] row : em.createQuery("select e.id, e.sourceKey from " + period.type.getSimpleName() + " e where e.sourceId = :s "
                + "and (e.endDate is null or e.endDate >= :today)", Object[].class)
                .setParameter("s", sourceId).setParameter("today", today).getResultList()) {
            if (!seen.contains((String) row[1])) {
                gone.add((Long) row[0]);
            }
        }
        return gone;
    }

    long current(EntityManager em, Period period) {
        return em.createQuery("select count(e) from " + period.type.getSimpleName() + " e where e.sourceId = :s "
                + "and (e.endDate is null or e.endDate >= :today)", Long.class)
                .setParameter("s", sourceId).setParameter("today", today).getSingleResult();
    }

    /** Ends one that disappeared from its full-snapshot source: yesterday was its last day. */
    void endGone(EntityManager em, Period period, long id) {
        SourcedPeriod e = em.find(period.type, id);
        e.setEndDate(today.minusDays(1).isBefore(e.getStartDate()) ? e.getStartDate() : today.minusDays(1));
        e.setEndReason("gone-from-source");
        changed(em, period.auditType, e.getId(), "ended:gone-from-source");
    }

    private void changed(EntityManager em, String type, long id, String how) {
        audit.change(em, actor, ACTION, type, id, null, how);
    }
}
