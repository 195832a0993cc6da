package no.ranselpost.otheradults.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.ConflictException;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.otheradults.api.NewRegistration;
import no.ranselpost.otheradults.api.OtherAdultActions;
import no.ranselpost.otheradults.api.OtherAdultService;
import no.ranselpost.otheradults.api.Registration;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.OtherAdultConsentEntity;
import no.ranselpost.persistence.entity.OtherAdultEntity;
import no.ranselpost.persistence.entity.PersonEntity;

/**
 * Registrations of other adults on the database. Access is asked before each transaction; the
 * question whether a registration gives access is the access policy's alone (Scope.OTHER_ADULT),
 * so {@code holds} here is only shown, never used to decide. No national id or name is logged.
 */
@Component(service = OtherAdultService.class)
public class JpaOtherAdultService implements OtherAdultService {

    private static final Logger LOG = LoggerFactory.getLogger(JpaOtherAdultService.class);
    static final Set<String> WRITTEN_REASONS = Set.of("written-form", "signed-letter");
    static final Set<String> END_REASONS = Set.of("custodian-request", "no-longer-relevant", "registered-by-mistake");
    private static final String CURRENT = "e.startDate <= :today and (e.endDate is null or e.endDate >= :today)";

    private final Transactions tx;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final OsloClock clock;
    private final no.ranselpost.core.api.NationalIdPolicy ids;

    @Activate
    public JpaOtherAdultService(@Reference Transactions tx, @Reference AccessPolicy access, @Reference AuditTrail audit, @Reference OsloClock clock,
                                @Reference no.ranselpost.core.api.NationalIdPolicy ids) {
        this.tx = tx;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public Registration register(AuthenticatedPrincipal p, NewRegistration n) {
        if (n == null || n.childId() == null || n.nationalId() == null || n.validFrom() == null || n.validTo() == null) {
            throw new InvalidRequestException("A registration names 'childId', 'nationalId', 'givenName', 'familyName', 'validFrom' and 'validTo'");
        }
        NationalId id;
        try {
            id = ids.parse(n.nationalId().strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("'nationalId' is not a valid national identity number");
        }
        LocalDate today = clock.today();
        if (n.validTo().isBefore(n.validFrom()) || n.validTo().isBefore(today) || n.validFrom().plusYears(1).isBefore(n.validTo())) {
            throw new InvalidRequestException("The period runs from 'validFrom' to 'validTo', at most a year, and not in the past");
        }
        String given = name(n.givenName(), "givenName");
        String family = name(n.familyName(), "familyName");
        long child = n.childId();
        access.require(p, OtherAdultActions.REGISTER, Target.child(child));
        Long unit = staffUnit(p, child);
        OffsetDateTime now = clock.nowUtc();
        Registration out = tx.inTransaction(em -> {
            PersonEntity adult = em.createQuery("select p from PersonEntity p where p.nationalId = :n", PersonEntity.class)
                    .setParameter("n", id.value()).getResultList().stream().findFirst().orElse(null);
            if (adult == null) {
                adult = new PersonEntity();
                adult.setNationalId(id.value());
                adult.setGivenName(given);
                adult.setFamilyName(family);
                adult.setAddressProtection(AddressProtection.NONE);
                adult.setRegistrySource("other-adults");
                em.persist(adult);
                em.flush();
            }
            long adultId = adult.getId();
            if (!em.createQuery("select r.id from OtherAdultEntity r where r.childId = :c and r.adultId = :a and r.endedAt is null", Long.class)
                    .setParameter("c", child).setParameter("a", adultId).getResultList().isEmpty()) {
                throw new ConflictException("other-adults", "This adult is registered for the child already: end that registration first");
            }
            List<Long> custodians = custodians(em, child);
            if (custodians.contains(adultId)) {
                throw new ConflictException("freg", "This person holds parental responsibility for the child already");
            }
            if (custodians.isEmpty()) {
                throw new ConflictException("freg", "The child has no custodian who could consent");
            }
            OtherAdultEntity r = new OtherAdultEntity();
            r.setAdultId(adultId);
            r.setChildId(child);
            r.setUnitId(unit);
            r.setValidFrom(n.validFrom());
            r.setValidTo(n.validTo());
            r.setRegisteredBy(p.accountId());
            r.setRegisteredAt(now);
            em.persist(r);
            em.flush();
            for (long c : custodians) {
                OtherAdultConsentEntity ce = new OtherAdultConsentEntity();
                ce.setRegistrationId(r.getId());
                ce.setCustodianId(c);
                ce.setState("PENDING");
                em.persist(ce);
            }
            em.flush();
            audit.change(em, Actor.of(p), OtherAdultActions.REGISTER, OtherAdultActions.REGISTRATION, r.getId(), List.of(child), unit,
                    "custodians:" + custodians.size());
            return view(em, p, r, true);
        });
        LOG.info("Other adult registration {} for child {} by account {}: {} custodians asked", out.id(), child, p.accountId(), out.consents().size());
        return out;
    }

    private static String name(String s, String field) {
        if (s == null || s.isBlank() || s.length() > 200 || s.chars().anyMatch(ch -> ch < 0x20)) {
            throw new InvalidRequestException("'" + field + "' is required: one line of at most 200 characters");
        }
        return s.strip();
    }

    /** The unit of the child where the principal registers: the first of its current units the principal's grants name (SYSTEM_ADMIN: the first). */
    private Long staffUnit(AuthenticatedPrincipal p, long child) {
        Set<Long> units = access.units(p, OtherAdultActions.REGISTER);
        return tx.inTransaction(em -> em.createQuery("select e.unit.id from EnrolmentEntity e where e.child.id = :c and " + CURRENT
                        + " order by e.unit.id", Long.class).setParameter("c", child).setParameter("today", clock.today()).getResultList()
                .stream().filter(u -> units == null || units.contains(u)).findFirst()
                .orElseThrow(() -> new InvalidRequestException("The child is enrolled at none of your units today")));
    }

    private List<Long> custodians(EntityManager em, long child) {
        return em.createQuery("select distinct gs.guardian.id from GuardianshipEntity gs where gs.child.id = :c and gs.current = true"
                + " and gs.responsibility <> :unknown order by gs.guardian.id", Long.class).setParameter("c", child)
                .setParameter("unknown", ParentalResponsibility.UKJENT).getResultList();
    }

    @Override
    public List<Registration> forChild(AuthenticatedPrincipal p, long childId) {
        access.require(p, OtherAdultActions.READ, Target.child(childId));
        boolean staff = p.kind() == AccountKind.STAFF;
        List<Registration> out = tx.inTransaction(em -> {
            List<Registration> list = new ArrayList<>();
            for (OtherAdultEntity r : em.createQuery("select r from OtherAdultEntity r where r.childId = :c order by r.id", OtherAdultEntity.class)
                    .setParameter("c", childId).getResultList()) {
                list.add(view(em, p, r, staff));
            }
            return list;
        });
        if (staff) {
            audit.read(Actor.of(p), OtherAdultActions.READ, OtherAdultActions.REGISTRATION, out.stream().map(Registration::id).toList(), null);
        }
        return out;
    }

    private long childOf(AuthenticatedPrincipal p, String action, long registrationId) {
        Long child = tx.inTransaction(em -> {
            OtherAdultEntity r = em.find(OtherAdultEntity.class, registrationId);
            return r == null ? null : r.getChildId();
        });
        if (child == null) {
            if (access.mayEver(p, action)) {
                throw new NoSuchObjectException("No registration " + registrationId);
            }
            access.requireAnyRole(p, action);
            throw new NoSuchObjectException("No registration " + registrationId);
        }
        return child;
    }

    @Override
    public Registration answer(AuthenticatedPrincipal p, long registrationId, boolean given) {
        childOf(p, OtherAdultActions.CONSENT, registrationId);
        access.require(p, OtherAdultActions.CONSENT, Target.of(OtherAdultActions.REGISTRATION, registrationId));
        OffsetDateTime now = clock.nowUtc();
        return tx.inTransaction(em -> {
            OtherAdultEntity r = em.find(OtherAdultEntity.class, registrationId);
            OtherAdultConsentEntity c = consentOf(em, registrationId, p.personId());
            if (c == null) {
                throw new ConflictException("other-adults", "You were not asked for this registration (you held no responsibility when it was made)");
            }
            String next = given ? "GIVEN" : "GIVEN".equals(c.getState()) ? "WITHDRAWN" : "DECLINED";
            c.setState(next);
            c.setKind("API");
            c.setReasonCode(null);
            c.setAnsweredAt(now);
            c.setRecordedBy(p.accountId());
            audit.change(em, Actor.of(p), OtherAdultActions.CONSENT, OtherAdultActions.REGISTRATION, registrationId, List.of(r.getChildId()),
                    r.getUnitId(), next.toLowerCase(java.util.Locale.ROOT));
            LOG.info("Other adult registration {}: a custodian's answer is {}", registrationId, next);
            return view(em, p, r, false);
        });
    }

    private static OtherAdultConsentEntity consentOf(EntityManager em, long registrationId, Long custodian) {
        if (custodian == null) {
            return null;
        }
        return em.createQuery("select c from OtherAdultConsentEntity c where c.registrationId = :r and c.custodianId = :p", OtherAdultConsentEntity.class)
                .setParameter("r", registrationId).setParameter("p", custodian).getResultList().stream().findFirst().orElse(null);
    }

    @Override
    public Registration recordWritten(AuthenticatedPrincipal p, long registrationId, long custodianPersonId, String reason) {
        if (reason == null || !WRITTEN_REASONS.contains(reason)) {
            throw new InvalidRequestException("'reason' is one of " + new java.util.TreeSet<>(WRITTEN_REASONS));
        }
        childOf(p, OtherAdultActions.WRITTEN_CONSENT, registrationId);
        access.require(p, OtherAdultActions.WRITTEN_CONSENT, Target.of(OtherAdultActions.REGISTRATION, registrationId));
        OffsetDateTime now = clock.nowUtc();
        return tx.inTransaction(em -> {
            OtherAdultEntity r = em.find(OtherAdultEntity.class, registrationId);
            OtherAdultConsentEntity c = consentOf(em, registrationId, custodianPersonId);
            if (c == null) {
                throw new InvalidRequestException("Person " + custodianPersonId + " is not a custodian this registration asked");
            }
            c.setState("GIVEN");
            c.setKind("WRITTEN");
            c.setReasonCode(reason);
            c.setAnsweredAt(now);
            c.setRecordedBy(p.accountId());
            audit.change(em, Actor.of(p), OtherAdultActions.WRITTEN_CONSENT, OtherAdultActions.REGISTRATION, registrationId, List.of(r.getChildId()),
                    r.getUnitId(), reason);
            return view(em, p, r, true);
        });
    }

    @Override
    public Registration end(AuthenticatedPrincipal p, long registrationId, String reason) {
        if (reason == null || !END_REASONS.contains(reason)) {
            throw new InvalidRequestException("'reason' is one of " + new java.util.TreeSet<>(END_REASONS));
        }
        childOf(p, OtherAdultActions.END, registrationId);
        access.require(p, OtherAdultActions.END, Target.of(OtherAdultActions.REGISTRATION, registrationId));
        OffsetDateTime now = clock.nowUtc();
        return tx.inTransaction(em -> {
            OtherAdultEntity r = em.find(OtherAdultEntity.class, registrationId);
            if (r.getEndedAt() == null) {
                r.setEndedAt(now);
                r.setEndedBy(p.accountId());
                r.setEndReason(reason);
                audit.change(em, Actor.of(p), OtherAdultActions.END, OtherAdultActions.REGISTRATION, registrationId, List.of(r.getChildId()),
                        r.getUnitId(), reason);
            }
            return view(em, p, r, true);
        });
    }

    @Override
    public List<Registration> mine(AuthenticatedPrincipal p) {
        access.require(p, OtherAdultActions.MINE, Target.NONE);
        if (p.personId() == null) {
            return List.of();
        }
        return tx.inTransaction(em -> {
            List<Registration> list = new ArrayList<>();
            for (OtherAdultEntity r : em.createQuery("select r from OtherAdultEntity r where r.adultId = :a and r.endedAt is null order by r.id",
                    OtherAdultEntity.class).setParameter("a", p.personId()).getResultList()) {
                // the adult sees the child and the period, nothing of the custodians
                list.add(new Registration(r.getId(), r.getChildId(), r.getUnitId(), null, null, r.getValidFrom(), r.getValidTo(),
                        holds(em, r), List.of(), null, null));
            }
            return list;
        });
    }

    /** For display only: the access policy decides on its own query. */
    private boolean holds(EntityManager em, OtherAdultEntity r) {
        LocalDate today = clock.today();
        if (r.getEndedAt() != null || today.isBefore(r.getValidFrom()) || today.isAfter(r.getValidTo())) {
            return false;
        }
        List<OtherAdultConsentEntity> consents = em.createQuery("select c from OtherAdultConsentEntity c where c.registrationId = :r",
                OtherAdultConsentEntity.class).setParameter("r", r.getId()).getResultList();
        List<Long> current = custodians(em, r.getChildId());
        boolean enrolled = !em.createQuery("select e.id from EnrolmentEntity e where e.child.id = :c and e.unit.id = :u and " + CURRENT, Long.class)
                .setParameter("c", r.getChildId()).setParameter("u", r.getUnitId()).setParameter("today", today).getResultList().isEmpty();
        return enrolled && !consents.isEmpty() && consents.stream().allMatch(c -> "GIVEN".equals(c.getState()) && current.contains(c.getCustodianId()));
    }

    private Registration view(EntityManager em, AuthenticatedPrincipal p, OtherAdultEntity r, boolean staff) {
        PersonEntity adult = em.find(PersonEntity.class, r.getAdultId());
        String name = adult == null ? null : ((adult.getGivenName() == null ? "" : adult.getGivenName()) + " "
                + (adult.getFamilyName() == null ? "" : adult.getFamilyName())).strip();
        List<Registration.Consent> consents = new ArrayList<>();
        for (OtherAdultConsentEntity c : em.createQuery("select c from OtherAdultConsentEntity c where c.registrationId = :r order by c.custodianId",
                OtherAdultConsentEntity.class).setParameter("r", r.getId()).getResultList()) {
            // a custodian sees only their own answer: never whether the other custodian consented
            if (staff || (p.personId() != null && c.getCustodianId() == p.personId())) {
                consents.add(new Registration.Consent(c.getCustodianId(), c.getState(), c.getKind(), c.getReasonCode(), c.getAnsweredAt()));
            }
        }
        return new Registration(r.getId(), r.getChildId(), r.getUnitId(), r.getAdultId(), name, r.getValidFrom(), r.getValidTo(), holds(em, r),
                consents, r.getEndedAt(), r.getEndReason());
    }
}
