package no.ranselpost.core.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.ChildScope;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditCodes;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.ChildService;
import no.ranselpost.core.api.ChildView;
import no.ranselpost.core.api.CoreActions;
import no.ranselpost.core.api.CoreActions.ChildFields;
import no.ranselpost.core.api.ChildView.Address;
import no.ranselpost.core.api.ChildView.GuardianView;
import no.ranselpost.core.api.ChildView.Placement;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.ContactRegistrationEntity;
import no.ranselpost.persistence.entity.PersonEntity;

/**
 * Children as each reader may see them. The access bundle decides what (actions, scope,
 * fields); this service only applies the decision, lets the database filter lists, and records
 * every read in the audit trail (one record per request and unit, listing the children returned
 * that attend that unit: see {@link #readAtUnits}).
 */
@Component(service = ChildService.class)
public class JpaChildService implements ChildService {

    private static final List<String> CHILD_ACTIONS = List.of(CoreActions.CHILD_READ, CoreActions.GUARDIAN_BLOCK,
            CoreActions.GUARDIAN_UNBLOCK);

    /** Ids per IN list: well below every database's limit on parameters. */
    private static final int CHUNK = 500;

    private final Transactions tx;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final OsloClock clock;

    @Activate
    public JpaChildService(@Reference Transactions tx, @Reference AccessPolicy access, @Reference AuditTrail audit,
                           @Reference OsloClock clock) {
        this.tx = tx;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    private Set<String> fields(AuthenticatedPrincipal principal, long childId, String reason) {
        return access.fields(principal, CoreActions.CHILD_VIEW, Target.child(childId), reason);
    }

    @Override
    public List<ChildView> childrenOfGroup(AuthenticatedPrincipal principal, long groupId) {
        // a group that does not exist is a 404 for whoever may read groups' children at all; a role that never may keeps 403
        boolean mayEver = access.mayEver(principal, CoreActions.GROUP_CHILDREN_READ);
        List<Long> unit = mayEver
                ? tx.inTransaction(em -> em.createQuery("select g.unit.id from GroupEntity g where g.id = :id", Long.class)
                        .setParameter("id", groupId).getResultList())
                : List.of();
        if (mayEver && unit.isEmpty()) {
            throw new no.ranselpost.core.api.NoSuchObjectException("No group " + groupId);
        }
        access.require(principal, CoreActions.GROUP_CHILDREN_READ, Target.group(groupId));
        ChildScope scope = access.childScope(principal, CoreActions.CHILD_READ);
        Long unitId = unit.isEmpty() ? null : unit.get(0);
        List<PersonEntity> children = tx.inTransaction(em -> {
            TypedQuery<PersonEntity> q = em.createQuery("select distinct c from PersonEntity c, EnrolmentEntity e where e.child = c "
                    + "and e.group.id = :group and e.startDate <= :today and (e.endDate is null or e.endDate >= :today) and "
                    + scope.predicate() + " order by c.familyName, c.givenName, c.id", PersonEntity.class)
                    .setParameter("group", groupId)
                    .setParameter("today", today());
            bind(q, scope.parameters());
            return q.getResultList();
        });
        List<ChildView> views = listViews(principal, children);
        audit.read(Actor.of(principal), CoreActions.GROUP_CHILDREN_READ, "child", views.stream().map(ChildView::id).toList(), unitId);
        return views;
    }

    /**
     * The views of a list of children: the fields of all of them decided in one call (their facts
     * resolved together), and their placements, guardians and contact sources read in a few
     * queries for the whole list rather than a few per child.
     */
    private List<ChildView> listViews(AuthenticatedPrincipal principal, List<PersonEntity> children) {
        if (children.isEmpty()) {
            return List.of();
        }
        List<Long> ids = children.stream().map(PersonEntity::getId).toList();
        Map<Long, Set<String>> fields = access.fields(principal, CoreActions.CHILD_VIEW, Target.CHILD, ids, null);
        return tx.inTransaction(em -> {
            Prefetch prefetch = Prefetch.of(em, ids, today(), fields.values().stream().anyMatch(f -> f.contains(ChildFields.GUARDIANS)),
                    fields.values().stream().anyMatch(f -> f.contains(ChildFields.GUARDIAN_ACCOUNT)));
            List<ChildView> out = new ArrayList<>();
            for (PersonEntity c : children) {
                out.add(view(em, principal, c, fields.getOrDefault(c.getId(), Set.of()), false, prefetch));
            }
            return out;
        });
    }

    /** A current guardianship as a list read shows it: the guardian (loaded once per list) and the link's relation and responsibility. */
    private record Link(PersonEntity guardian, GuardianRelation relation, ParentalResponsibility responsibility) {
    }

    /**
     * What a list read needs of every child, read at once: today's placements, current
     * guardianships, their guardians with their contact registrations and, for a reader who sees
     * guardians' accounts, each guardian's access state and block per child. Every query selects
     * either plain columns or whole entities, never an entity beside a column: OpenJPA loads an
     * entity selected beside a column with a query of its own per row.
     */
    private record Prefetch(Map<Long, List<Placement>> placements, Map<Long, List<Link>> links,
                            Map<Long, ContactRegistrationEntity> contacts, Set<List<Long>> activeAccess, Set<List<Long>> blocked) {

        static Prefetch of(EntityManager em, List<Long> childIds, LocalDate today, boolean withGuardians, boolean withAccounts) {
            Map<Long, List<Placement>> placements = new HashMap<>();
            Map<Long, List<Link>> links = new HashMap<>();
            Map<Long, ContactRegistrationEntity> contacts = new HashMap<>();
            Set<List<Long>> activeAccess = new HashSet<>();
            Set<List<Long>> blocked = new HashSet<>();
            for (int from = 0; from < childIds.size(); from += CHUNK) {
                List<Long> chunk = new ArrayList<>(childIds.subList(from, Math.min(childIds.size(), from + CHUNK)));
                for (Object[] row : em.createQuery("select e.child.id, u.id, u.name, g.id, g.name from EnrolmentEntity e join e.unit u "
                                + "left join e.group g where e.child.id in :children and e.startDate <= :today "
                                + "and (e.endDate is null or e.endDate >= :today) order by e.id", Object[].class)
                        .setParameter("children", chunk).setParameter("today", today).getResultList()) {
                    placements.computeIfAbsent((Long) row[0], k -> new ArrayList<>())
                            .add(new Placement((Long) row[1], (String) row[2], (Long) row[3], (String) row[4]));
                }
                if (!withGuardians) {
                    continue;
                }
                List<Object[]> rows = em.createQuery("select gs.child.id, gs.guardian.id, gs.relation, gs.responsibility "
                                + "from GuardianshipEntity gs where gs.child.id in :children and gs.current = true "
                                + "and gs.responsibility <> :unknown order by gs.id", Object[].class)
                        .setParameter("children", chunk).setParameter("unknown", ParentalResponsibility.UKJENT).getResultList();
                List<Long> guardianIds = rows.stream().map(r -> (Long) r[1]).distinct().toList();
                Map<Long, PersonEntity> guardians = new HashMap<>();
                for (int gFrom = 0; gFrom < guardianIds.size(); gFrom += CHUNK) {
                    List<Long> people = new ArrayList<>(guardianIds.subList(gFrom, Math.min(guardianIds.size(), gFrom + CHUNK)));
                    for (PersonEntity p : em.createQuery("select p from PersonEntity p where p.id in :people", PersonEntity.class)
                            .setParameter("people", people).getResultList()) {
                        guardians.put(p.getId(), p);
                    }
                    // the guardians are in the persistence context already: fetching the person joins no second load
                    for (ContactRegistrationEntity c : em.createQuery("select c from ContactRegistrationEntity c join fetch c.person "
                            + "where c.person.id in :people order by c.id", ContactRegistrationEntity.class)
                            .setParameter("people", people).getResultList()) {
                        contacts.putIfAbsent(c.getPerson().getId(), c);
                    }
                    if (withAccounts) {
                        // the guardian's access at the units each child attends today: active when active at any of them
                        for (Object[] r : em.createQuery("select ua.person.id, e.child.id from GuardianUnitAccessEntity ua, EnrolmentEntity e "
                                        + "where ua.person.id in :people and e.child.id in :children and ua.unit = e.unit and ua.state = :active "
                                        + "and e.startDate <= :today and (e.endDate is null or e.endDate >= :today)", Object[].class)
                                .setParameter("people", people).setParameter("children", chunk).setParameter("active", AccountState.ACTIVE)
                                .setParameter("today", today).getResultList()) {
                            activeAccess.add(List.of((Long) r[0], (Long) r[1]));
                        }
                        for (Object[] r : em.createQuery("select b.guardian.id, b.child.id from GuardianBlockEntity b "
                                        + "where b.guardian.id in :people and b.child.id in :children and b.liftedAt is null", Object[].class)
                                .setParameter("people", people).setParameter("children", chunk).getResultList()) {
                            blocked.add(List.of((Long) r[0], (Long) r[1]));
                        }
                    }
                }
                for (Object[] r : rows) {
                    links.computeIfAbsent((Long) r[0], k -> new ArrayList<>())
                            .add(new Link(guardians.get((Long) r[1]), (GuardianRelation) r[2], (ParentalResponsibility) r[3]));
                }
            }
            return new Prefetch(placements, links, contacts, activeAccess, blocked);
        }
    }

    @Override
    public ChildView child(AuthenticatedPrincipal principal, long childId, String reason) {
        if (reason != null) {
            AuditCodes.require("reason", reason);
        }
        // a child that does not exist is a 404 for whoever may read children at all; a role that never may keeps 403
        if (access.mayEver(principal, CoreActions.CHILD_READ) && tx.inTransaction(em -> em.find(PersonEntity.class, childId) == null)) {
            throw new no.ranselpost.core.api.NoSuchObjectException("No child " + childId);
        }
        access.require(principal, CoreActions.CHILD_READ, Target.child(childId));
        Set<String> fields = fields(principal, childId, reason);
        Shown shown = tx.inTransaction(em -> {
            PersonEntity c = em.find(PersonEntity.class, childId);
            ChildView v = view(em, principal, c, fields, true);
            boolean confidentialShown = (v.address() != null && c.isTreatedAsProtected())
                    || (v.guardians() != null && v.guardians().stream()
                    .anyMatch(g -> g.address() != null && Boolean.TRUE.equals(g.protectedPerson())));
            return new Shown(v, confidentialShown);
        });
        // a confidential address shown is recorded as such (UNIT_ADMIN: audited; SYSTEM_ADMIN: with the reason given)
        readAtUnits(principal, CoreActions.CHILD_READ, List.of(childId),
                shown.confidential() ? (reason != null ? reason : "confidential-address") : reason);
        return shown.view();
    }

    private record Shown(ChildView view, boolean confidential) {
    }

    @Override
    public List<ChildView> ownChildren(AuthenticatedPrincipal principal) {
        access.require(principal, CoreActions.OWN_CHILDREN_READ, Target.NONE);
        ChildScope scope = access.childScope(principal, CoreActions.CHILD_READ);
        List<PersonEntity> children = tx.inTransaction(em -> {
            TypedQuery<PersonEntity> q = em.createQuery("select c from PersonEntity c where " + scope.predicate()
                    + " order by c.birthDate, c.id", PersonEntity.class);
            bind(q, scope.parameters());
            return q.getResultList();
        });
        List<ChildView> views = listViews(principal, children);
        readAtUnits(principal, CoreActions.OWN_CHILDREN_READ, views.stream().map(ChildView::id).toList(), null);
        return views;
    }

    /**
     * Records a read at the units the children attend today, so that each unit's admin finds it
     * ("who saw child X"): one record per unit, naming the children read that attend it (a child
     * at a school and its SFO is named in the record of each); children at no unit today in one
     * record without a unit. A request that returned nothing is one record without a unit.
     */
    private void readAtUnits(AuthenticatedPrincipal principal, String action, List<Long> childIds, String reason) {
        Map<Long, List<Long>> byUnit = new TreeMap<>();
        List<Long> atNoUnit = new ArrayList<>(childIds);
        if (!childIds.isEmpty()) {
            List<Object[]> rows = tx.inTransaction(em -> em.createQuery("select distinct e.unit.id, e.child.id from EnrolmentEntity e "
                            + "where e.child.id in :children and e.startDate <= :today and (e.endDate is null or e.endDate >= :today)",
                    Object[].class).setParameter("children", new ArrayList<>(childIds)).setParameter("today", today()).getResultList());
            for (Object[] row : rows) {
                byUnit.computeIfAbsent((Long) row[0], u -> new ArrayList<>()).add((Long) row[1]);
                atNoUnit.remove((Long) row[1]);
            }
        }
        Actor actor = Actor.of(principal);
        byUnit.forEach((unitId, ids) -> audit.read(actor, action, "child", ids, unitId, reason));
        if (byUnit.isEmpty() || !atNoUnit.isEmpty()) {
            audit.read(actor, action, "child", atNoUnit, null, reason);
        }
    }

    private static void bind(TypedQuery<?> q, Map<String, Object> parameters) {
        parameters.forEach(q::setParameter);
    }

    private LocalDate today() {
        return clock.today();
    }

    private ChildView view(EntityManager em, AuthenticatedPrincipal reader, PersonEntity c, Set<String> f, boolean withActions) {
        // one child read the list's way: the guard of the list view refuses a child without data
        Prefetch prefetch = c == null ? null : Prefetch.of(em, List.of(c.getId()), today(), f.contains(ChildFields.GUARDIANS),
                f.contains(ChildFields.GUARDIAN_ACCOUNT));
        return view(em, reader, c, f, withActions, prefetch);
    }

    private ChildView view(EntityManager em, AuthenticatedPrincipal reader, PersonEntity c, Set<String> f, boolean withActions, Prefetch prefetch) {
        if (c == null || !f.contains(ChildFields.BASIC)) {
            // the decision said yes but gives no field: nothing to show (cannot happen with ACCESS.md's table)
            throw new no.ranselpost.core.api.NoSuchObjectException("No child data visible");
        }
        List<Placement> placements = prefetch.placements().getOrDefault(c.getId(), List.of());
        return new ChildView(c.getId(), c.getGivenName(), c.getFamilyName(), c.getBirthDate(), placements,
                f.contains(ChildFields.NATIONAL_ID) ? c.getNationalId() : null,
                f.contains(ChildFields.PROTECTED_FLAG) ? c.isTreatedAsProtected() : null,
                address(c, f.contains(ChildFields.ADDRESS), f.contains(ChildFields.ADDRESS_CONFIDENTIAL)),
                guardians(em, reader, c, f, prefetch),
                withActions ? access.allowedActions(reader, Target.child(c.getId()), CHILD_ACTIONS) : null);
    }

    /** An address where the fields allow it: never for strengt fortrolig (none is stored either). */
    private static Address address(PersonEntity p, boolean plain, boolean confidential) {
        AddressProtection protection = p.getAddressProtection();
        boolean allowed = switch (protection) {
            case NONE -> plain;
            case CLIENT_ADDRESS, CONFIDENTIAL -> confidential;
            case STRICTLY_CONFIDENTIAL -> false;
        };
        if (!allowed || p.getStreetAddress() == null) {
            return null;
        }
        return new Address(p.getStreetAddress(), p.getPostalCode(), p.getPostalPlace());
    }

    private List<GuardianView> guardians(EntityManager em, AuthenticatedPrincipal reader, PersonEntity child, Set<String> f, Prefetch prefetch) {
        if (!f.contains(ChildFields.GUARDIANS)) {
            return null;
        }
        List<Link> links = prefetch.links().getOrDefault(child.getId(), List.of());
        List<GuardianView> out = new ArrayList<>();
        for (Link link : links) {
            PersonEntity g = link.guardian();
            boolean self = reader.personId() != null && reader.personId() == g.getId();
            boolean guardianProtected = g.isTreatedAsProtected();
            if (!self && guardianProtected && !f.contains(ChildFields.PROTECTED_FLAG)) {
                // a reader who may not know that anyone is protected does not see a protected guardian at all
                continue;
            }
            boolean contact = self || (f.contains(ChildFields.GUARDIAN_CONTACT)
                    && (!guardianProtected || f.contains(ChildFields.GUARDIAN_CONTACT_PROTECTED)));
            boolean mobile = contact || (f.contains(ChildFields.GUARDIAN_MOBILE) && !guardianProtected);
            Address address = self ? address(g, true, true)
                    : address(g, f.contains(ChildFields.GUARDIAN_ADDRESS), f.contains(ChildFields.GUARDIAN_ADDRESS)
                    && f.contains(ChildFields.ADDRESS_CONFIDENTIAL));
            AccountState state = null;
            Boolean blocked = null;
            if (f.contains(ChildFields.GUARDIAN_ACCOUNT)) {
                List<Long> pair = List.of(g.getId(), child.getId());
                state = prefetch.activeAccess().contains(pair) ? AccountState.ACTIVE : AccountState.INACTIVE;
                blocked = prefetch.blocked().contains(pair);
            }
            out.add(new GuardianView(g.getId(), g.getGivenName(), g.getFamilyName(), link.relation(),
                    f.contains(ChildFields.PROTECTED_FLAG) || self ? link.responsibility() : null,
                    contact ? g.getEmail() : null,
                    mobile ? g.getMobile() : null,
                    address,
                    f.contains(ChildFields.PROTECTED_FLAG) ? guardianProtected : null,
                    state,
                    blocked,
                    contact || mobile ? contactSource(prefetch.contacts().get(g.getId()), g, contact) : null));
        }
        return out;
    }

    /** What the register that gave the guardian's contact data said, for a reader who sees it (the e-mail's part only with the e-mail). */
    private ChildView.ContactSource contactSource(ContactRegistrationEntity r, PersonEntity g, boolean withEmail) {
        if (r == null) {
            return null;
        }
        java.time.OffsetDateTime now = clock.nowUtc();
        return new ChildView.ContactSource(r.getSourceId(), true, r.getRegisterStatus(), g.isContactReserved(), r.getNotificationStatus(),
                r.getLanguage(), withEmail ? g.getEmailConfirmedAt() : null, withEmail ? r.emailStale(now) : null, g.getMobileConfirmedAt(),
                r.mobileStale(now), r.getCheckedAt());
    }
}
