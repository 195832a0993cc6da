package no.ranselpost.core.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.ChildField;
import no.ranselpost.access.api.ChildScope;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditCodes;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.ChildService;
import no.ranselpost.core.api.ChildView;
import no.ranselpost.core.api.ChildView.Address;
import no.ranselpost.core.api.ChildView.GuardianView;
import no.ranselpost.core.api.ChildView.Placement;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.GuardianAccountEntity;
import no.ranselpost.persistence.entity.GuardianshipEntity;
import no.ranselpost.persistence.entity.PersonEntity;

/**
 * Children as each reader may see them. The access bundle decides what (actions, scope,
 * fields); this service only applies the decision, lets the database filter lists, and records
 * every read in the audit trail (one record per request, listing the children returned).
 */
@Component(service = ChildService.class)
public class JpaChildService implements ChildService {

    private static final List<Action> CHILD_ACTIONS = List.of(Action.CHILD_READ, Action.GUARDIAN_BLOCK, Action.GUARDIAN_UNBLOCK);

    private final Transactions tx;
    private final AccessPolicy access;
    private final AuditTrail audit;

    @Activate
    public JpaChildService(@Reference Transactions tx, @Reference AccessPolicy access, @Reference AuditTrail audit) {
        this.tx = tx;
        this.access = access;
        this.audit = audit;
    }

    @Override
    public List<ChildView> childrenOfGroup(AuthenticatedPrincipal principal, long groupId) {
        access.require(principal, Action.GROUP_CHILDREN_READ, Target.group(groupId));
        ChildScope scope = access.childScope(principal, Action.CHILD_READ);
        List<ChildView> views = tx.inTransaction(em -> {
            TypedQuery<PersonEntity> q = em.createQuery("select distinct c from PersonEntity c, EnrolmentEntity e where e.child = c "
                    + "and e.group.id = :group and e.startDate <= :today and (e.endDate is null or e.endDate >= :today) and "
                    + scope.predicate() + " order by c.familyName, c.givenName, c.id", PersonEntity.class)
                    .setParameter("group", groupId)
                    .setParameter("today", today());
            bind(q, scope.parameters());
            List<ChildView> out = new ArrayList<>();
            for (PersonEntity c : q.getResultList()) {
                out.add(view(em, principal, c, access.childFields(principal, c.getId(), null), false));
            }
            return out;
        });
        Long unitId = tx.inTransaction(em -> {
            GroupEntity g = em.find(GroupEntity.class, groupId);
            return g == null ? null : g.getUnit().getId();
        });
        audit.read(Actor.of(principal), Action.GROUP_CHILDREN_READ.name(), "child", views.stream().map(ChildView::id).toList(), unitId);
        return views;
    }

    @Override
    public ChildView child(AuthenticatedPrincipal principal, long childId, String reason) {
        if (reason != null) {
            AuditCodes.require("reason", reason);
        }
        access.require(principal, Action.CHILD_READ, Target.child(childId));
        Set<ChildField> fields = access.childFields(principal, childId, reason);
        Shown shown = tx.inTransaction(em -> {
            PersonEntity c = em.find(PersonEntity.class, childId);
            ChildView v = view(em, principal, c, fields, true);
            boolean confidentialShown = (v.address() != null && c.getAddressProtection().isProtected())
                    || (v.guardians() != null && v.guardians().stream()
                    .anyMatch(g -> g.address() != null && Boolean.TRUE.equals(g.protectedPerson())));
            return new Shown(v, confidentialShown);
        });
        // a confidential address shown is recorded as such (UNIT_ADMIN: audited; SYSTEM_ADMIN: with the reason given)
        audit.read(Actor.of(principal), Action.CHILD_READ.name(), "child", List.of(childId), null,
                shown.confidential() ? (reason != null ? reason : "confidential-address") : reason);
        return shown.view();
    }

    private record Shown(ChildView view, boolean confidential) {
    }

    @Override
    public List<ChildView> ownChildren(AuthenticatedPrincipal principal) {
        access.require(principal, Action.OWN_CHILDREN_READ, Target.NONE);
        // only the guardian relation counts here, not any staff role the same account may hold
        AuthenticatedPrincipal asGuardian = new AuthenticatedPrincipal(principal.accountId(), principal.username(),
                principal.displayName(), principal.personId(),
                principal.grants().stream().filter(g -> g.role() == Role.GUARDIAN).toList(), principal.sessionId(), principal.assurance());
        ChildScope scope = access.childScope(asGuardian, Action.CHILD_READ);
        List<ChildView> views = tx.inTransaction(em -> {
            TypedQuery<PersonEntity> q = em.createQuery("select c from PersonEntity c where " + scope.predicate()
                    + " order by c.birthDate, c.id", PersonEntity.class);
            bind(q, scope.parameters());
            List<ChildView> out = new ArrayList<>();
            for (PersonEntity c : q.getResultList()) {
                out.add(view(em, asGuardian, c, access.childFields(asGuardian, c.getId(), null), false));
            }
            return out;
        });
        audit.read(Actor.of(principal), Action.OWN_CHILDREN_READ.name(), "child", views.stream().map(ChildView::id).toList(), null);
        return views;
    }

    private static void bind(TypedQuery<?> q, Map<String, Object> parameters) {
        parameters.forEach(q::setParameter);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private ChildView view(EntityManager em, AuthenticatedPrincipal reader, PersonEntity c, Set<ChildField> f, boolean withActions) {
        if (c == null || !f.contains(ChildField.BASIC)) {
            // the decision said yes but gives no field: nothing to show (cannot happen with ACCESS.md's table)
            throw new no.ranselpost.core.api.NoSuchObjectException("No child data visible");
        }
        List<Placement> placements = em.createQuery("select e from EnrolmentEntity e where e.child.id = :child and e.startDate <= :today "
                        + "and (e.endDate is null or e.endDate >= :today) order by e.id", EnrolmentEntity.class)
                .setParameter("child", c.getId()).setParameter("today", today())
                .getResultList().stream()
                .map(e -> new Placement(e.getUnit().getId(), e.getUnit().getName(), e.getGroup() == null ? null : e.getGroup().getId(),
                        e.getGroup() == null ? null : e.getGroup().getName()))
                .toList();
        return new ChildView(c.getId(), c.getGivenName(), c.getFamilyName(), c.getBirthDate(), placements,
                f.contains(ChildField.NATIONAL_ID) ? c.getNationalId() : null,
                f.contains(ChildField.PROTECTED_FLAG) ? c.getAddressProtection().isProtected() : null,
                address(c, f.contains(ChildField.ADDRESS), f.contains(ChildField.ADDRESS_CONFIDENTIAL)),
                guardians(em, reader, c, f),
                withActions ? access.allowedActions(reader, Target.child(c.getId()), CHILD_ACTIONS).stream().map(Action::name).toList() : null);
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

    private static List<GuardianView> guardians(EntityManager em, AuthenticatedPrincipal reader, PersonEntity child, Set<ChildField> f) {
        if (!f.contains(ChildField.GUARDIANS)) {
            return null;
        }
        List<GuardianshipEntity> links = em.createQuery("select g from GuardianshipEntity g where g.child.id = :child "
                        + "and g.current = true and g.responsibility <> :unknown order by g.id", GuardianshipEntity.class)
                .setParameter("child", child.getId()).setParameter("unknown", ParentalResponsibility.UKJENT)
                .getResultList();
        List<GuardianView> out = new ArrayList<>();
        for (GuardianshipEntity link : links) {
            PersonEntity g = link.getGuardian();
            boolean self = reader.personId() != null && reader.personId() == g.getId();
            boolean guardianProtected = g.getAddressProtection().isProtected();
            if (!self && guardianProtected && !f.contains(ChildField.PROTECTED_FLAG)) {
                // a reader who may not know that anyone is protected does not see a protected guardian at all
                continue;
            }
            boolean contact = self || (f.contains(ChildField.GUARDIAN_CONTACT)
                    && (!guardianProtected || f.contains(ChildField.GUARDIAN_CONTACT_PROTECTED)));
            boolean mobile = contact || (f.contains(ChildField.GUARDIAN_MOBILE) && !guardianProtected);
            Address address = self ? address(g, true, true)
                    : address(g, f.contains(ChildField.GUARDIAN_ADDRESS), f.contains(ChildField.GUARDIAN_ADDRESS)
                    && f.contains(ChildField.ADDRESS_CONFIDENTIAL));
            GuardianAccountEntity account = null;
            Boolean blocked = null;
            if (f.contains(ChildField.GUARDIAN_ACCOUNT)) {
                account = em.createQuery("select a from GuardianAccountEntity a where a.person.id = :p", GuardianAccountEntity.class)
                        .setParameter("p", g.getId()).getResultList().stream().findFirst().orElse(null);
                blocked = !em.createQuery("select b.id from GuardianBlockEntity b where b.guardian.id = :g and b.child.id = :c "
                        + "and b.liftedAt is null", Long.class).setParameter("g", g.getId()).setParameter("c", child.getId())
                        .getResultList().isEmpty();
            }
            out.add(new GuardianView(g.getId(), g.getGivenName(), g.getFamilyName(), link.getRelation(),
                    f.contains(ChildField.PROTECTED_FLAG) || self ? link.getResponsibility() : null,
                    contact ? g.getEmail() : null,
                    mobile ? g.getMobile() : null,
                    address,
                    f.contains(ChildField.PROTECTED_FLAG) ? guardianProtected : null,
                    account == null ? null : account.getState(),
                    blocked));
        }
        return out;
    }
}
