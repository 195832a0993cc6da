package no.ranselpost.core.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditCodes;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.AccessRequestActions;
import no.ranselpost.core.api.AccessRequestService;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.CoreActions;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.AccessRequestEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.UnitEntity;

/**
 * Guardians' access requests. A request needs current parental responsibility (not ukjent) for
 * the child, no block, the child enrolled at the unit today and no activation there; it never
 * says why it cannot be made beyond that (a guardian learns nothing of other adults). Deciding
 * takes the unit admin's {@link AccessRequestActions#DECIDE}; an activation from a request
 * commits with the request's decision and its audit records.
 */
@Component(service = AccessRequestService.class)
public class JpaAccessRequestService implements AccessRequestService {

    static final String PENDING = "PENDING";
    static final String ACTIVATED = "ACTIVATED";
    static final String DECLINED = "DECLINED";
    private static final String CURRENT = "e.startDate <= :today and (e.endDate is null or e.endDate >= :today)";

    private final Transactions tx;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final OsloClock clock;
    private final JpaGuardianAccountService guardians;

    @Activate
    public JpaAccessRequestService(@Reference Transactions tx, @Reference AccessPolicy access, @Reference AuditTrail audit,
                                   @Reference OsloClock clock) {
        this.tx = tx;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.guardians = new JpaGuardianAccountService(tx, access, audit, clock);
    }

    @Override
    public List<AccessRequest> request(AuthenticatedPrincipal guardian, long childId, Long unitId) {
        access.require(guardian, AccessRequestActions.CREATE, Target.NONE);
        if (guardian.kind() != AccountKind.GUARDIAN || guardian.personId() == null) {
            throw new InvalidRequestException("Only a guardian's session asks for a guardian's access");
        }
        long person = guardian.personId();
        OffsetDateTime now = clock.nowUtc();
        return tx.inTransaction(em -> {
            List<Long> units = em.createQuery("select distinct e.unit.id from EnrolmentEntity e where e.child.id = :c and " + CURRENT
                            + " and exists (select g.id from GuardianshipEntity g where g.child = e.child and g.guardian.id = :p "
                            + "and g.current = true and g.responsibility <> :unknown) "
                            + "and not exists (select b.id from GuardianBlockEntity b where b.guardian.id = :p and b.child = e.child "
                            + "and b.liftedAt is null) order by e.unit.id", Long.class)
                    .setParameter("c", childId).setParameter("p", person).setParameter("today", clock.today())
                    .setParameter("unknown", ParentalResponsibility.UKJENT).getResultList();
            if (unitId != null) {
                units = units.contains(unitId) ? List.of(unitId) : List.of();
            }
            if (units.isEmpty()) {
                throw new InvalidRequestException("No unit takes a request from you for this child: ask the unit directly");
            }
            List<AccessRequest> out = new ArrayList<>();
            for (long u : units) {
                boolean active = !em.createQuery("select ua.id from GuardianUnitAccessEntity ua where ua.person.id = :p and ua.unit.id = :u "
                        + "and ua.state = :active", Long.class).setParameter("p", person).setParameter("u", u)
                        .setParameter("active", AccountState.ACTIVE).getResultList().isEmpty();
                if (active) {
                    continue;
                }
                List<AccessRequestEntity> pending = em.createQuery("select r from AccessRequestEntity r where r.guardian.id = :p "
                        + "and r.child.id = :c and r.unit.id = :u and r.state = :s", AccessRequestEntity.class)
                        .setParameter("p", person).setParameter("c", childId).setParameter("u", u).setParameter("s", PENDING).getResultList();
                if (!pending.isEmpty()) {
                    out.add(view(pending.get(0)));
                    continue;
                }
                AccessRequestEntity r = new AccessRequestEntity();
                r.setGuardian(em.find(PersonEntity.class, person));
                r.setChild(em.find(PersonEntity.class, childId));
                r.setUnit(em.find(UnitEntity.class, u));
                r.setRequestedBy(guardian.accountId());
                r.setRequestedAt(now);
                r.setState(PENDING);
                em.persist(r);
                em.flush();
                audit.change(em, Actor.of(guardian), AccessRequestActions.CREATE, AccessRequestActions.KIND, r.getId(),
                        List.of(person, childId), u, null);
                out.add(view(r));
            }
            if (out.isEmpty()) {
                throw new InvalidRequestException("You have access at the child's units already");
            }
            return out;
        });
    }

    @Override
    public List<AccessRequest> own(AuthenticatedPrincipal guardian) {
        access.require(guardian, AccessRequestActions.READ_OWN, Target.NONE);
        if (guardian.personId() == null) {
            return List.of();
        }
        return tx.inTransaction(em -> em.createQuery("select r from AccessRequestEntity r where r.guardian.id = :p order by r.requestedAt desc, "
                        + "r.id desc", AccessRequestEntity.class).setParameter("p", guardian.personId()).getResultList()
                .stream().map(JpaAccessRequestService::view).toList());
    }

    @Override
    public List<AccessRequest> ofUnit(AuthenticatedPrincipal admin, long unitId, String state) {
        access.require(admin, AccessRequestActions.LIST, Target.unit(unitId));
        String s = state == null || state.isBlank() ? PENDING : state;
        if (!Set.of(PENDING, ACTIVATED, DECLINED).contains(s)) {
            throw new InvalidRequestException("'state' is PENDING, ACTIVATED or DECLINED");
        }
        return tx.inTransaction(em -> {
            if (em.find(UnitEntity.class, unitId) == null) {
                throw new NoSuchObjectException("No such unit");
            }
            return em.createQuery("select r from AccessRequestEntity r where r.unit.id = :u and r.state = :s order by r.requestedAt, r.id",
                    AccessRequestEntity.class).setParameter("u", unitId).setParameter("s", s).getResultList()
                    .stream().map(JpaAccessRequestService::view).toList();
        });
    }

    @Override
    public AccessRequest activate(AuthenticatedPrincipal admin, long requestId) {
        exists(requestId);
        access.require(admin, AccessRequestActions.DECIDE, Target.of(AccessRequestActions.KIND, requestId));
        // activating is the core's own action too: the admin must be allowed it at the unit
        long unitId = tx.inTransaction(em -> em.find(AccessRequestEntity.class, requestId).getUnit().getId());
        access.require(admin, CoreActions.GUARDIAN_ACCESS_ACTIVATE, Target.unit(unitId));
        OffsetDateTime now = clock.nowUtc();
        return tx.inTransaction(em -> {
            AccessRequestEntity r = pending(em, requestId);
            guardians.setState(em, admin, r.getGuardian().getId(), Set.of(unitId), AccountState.ACTIVE,
                    CoreActions.GUARDIAN_ACCESS_ACTIVATE, requestId);
            r.setState(ACTIVATED);
            r.setDecidedAt(now);
            r.setDecidedBy(admin.accountId());
            em.flush();
            audit.change(em, Actor.of(admin), AccessRequestActions.DECIDE, AccessRequestActions.KIND, r.getId(),
                    List.of(r.getGuardian().getId(), r.getChild().getId()), unitId, "activated");
            return view(r);
        });
    }

    @Override
    public AccessRequest decline(AuthenticatedPrincipal admin, long requestId, String reasonCode) {
        exists(requestId);
        access.require(admin, AccessRequestActions.DECIDE, Target.of(AccessRequestActions.KIND, requestId));
        String reason = AuditCodes.isCode(reasonCode == null ? "" : reasonCode) && reasonCode.length() <= 50 ? reasonCode : null;
        if (reason == null) {
            throw new InvalidRequestException("'reason' is a code of a-z, 0-9 and '-' (e.g. no-responsibility), at most 50 characters");
        }
        OffsetDateTime now = clock.nowUtc();
        return tx.inTransaction(em -> {
            AccessRequestEntity r = pending(em, requestId);
            r.setState(DECLINED);
            r.setDecidedAt(now);
            r.setDecidedBy(admin.accountId());
            r.setDeclineReason(reason);
            em.flush();
            audit.change(em, Actor.of(admin), AccessRequestActions.DECIDE, AccessRequestActions.KIND, r.getId(),
                    List.of(r.getGuardian().getId(), r.getChild().getId()), r.getUnit().getId(), reason);
            return view(r);
        });
    }

    /** A missing request is a 404 for a role that may decide at all (a role that never may got its 403 before). */
    private void exists(long requestId) {
        if (tx.inTransaction(em -> em.find(AccessRequestEntity.class, requestId) == null)) {
            throw new NoSuchObjectException("No such access request");
        }
    }

    private static AccessRequestEntity pending(EntityManager em, long requestId) {
        AccessRequestEntity r = em.find(AccessRequestEntity.class, requestId);
        if (r == null) {
            throw new NoSuchObjectException("No such access request");
        }
        if (!PENDING.equals(r.getState())) {
            throw new InvalidRequestException("The request was " + r.getState().toLowerCase(java.util.Locale.ROOT) + " already");
        }
        return r;
    }

    private static AccessRequest view(AccessRequestEntity r) {
        return new AccessRequest(r.getId(), r.getGuardian().getId(), r.getChild().getId(), r.getUnit().getId(), r.getState(),
                r.getRequestedAt(), r.getDecidedAt(), r.getDeclineReason());
    }
}
