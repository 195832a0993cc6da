package no.ranselpost.core.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.CoreActions;
import no.ranselpost.core.api.GuardianAccount;
import no.ranselpost.core.api.GuardianAccount.UnitAccess;
import no.ranselpost.core.api.GuardianAccountService;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.GuardianAccountEntity;
import no.ranselpost.persistence.entity.GuardianBlockEntity;
import no.ranselpost.persistence.entity.GuardianUnitAccessEntity;
import no.ranselpost.persistence.entity.GuardianshipEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.UnitEntity;

/**
 * A guardian's access per unit, and the blocklist. A unit admin activates and deactivates a
 * guardian at their own unit; the guardian's access at another unit stays as it was. Each
 * change writes its audit record (one per unit changed) in the change's transaction, naming the
 * guardian and their children at that unit; a block names the guardian and the child and is
 * recorded at each unit the child attends today, so the unit's admin finds it by the child's id.
 */
@Component(service = GuardianAccountService.class)
public class JpaGuardianAccountService implements GuardianAccountService {

    private final Transactions tx;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final OsloClock clock;

    @Activate
    public JpaGuardianAccountService(@Reference Transactions tx, @Reference AccessPolicy access, @Reference AuditTrail audit,
                                     @Reference OsloClock clock) {
        this.tx = tx;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public GuardianAccount activate(AuthenticatedPrincipal principal, long guardianPersonId, Long unitId, boolean guardianAsked) {
        Set<Long> units = unitsToChange(principal, CoreActions.GUARDIAN_ACCESS_ACTIVATE, guardianPersonId, unitId);
        if (!guardianAsked) {
            throw new InvalidRequestException("Access is activated only when the guardian asked for it: send \"guardianAsked\": true");
        }
        return setState(principal, guardianPersonId, units, AccountState.ACTIVE, CoreActions.GUARDIAN_ACCESS_ACTIVATE);
    }

    @Override
    public GuardianAccount deactivate(AuthenticatedPrincipal principal, long guardianPersonId, Long unitId) {
        Set<Long> units = unitsToChange(principal, CoreActions.GUARDIAN_ACCESS_DEACTIVATE, guardianPersonId, unitId);
        return setState(principal, guardianPersonId, units, AccountState.INACTIVE, CoreActions.GUARDIAN_ACCESS_DEACTIVATE);
    }

    /**
     * The units to change: the one asked for (the principal must administer it, and a child of
     * the guardian must attend it today), or every unit a child of the guardian attends today
     * where the principal may act (a SYSTEM_ADMIN: all of them).
     */
    private Set<Long> unitsToChange(AuthenticatedPrincipal principal, String action, long guardianPersonId, Long unitId) {
        access.require(principal, action, Target.guardian(guardianPersonId));
        Set<Long> childrensUnits = tx.inTransaction(em -> new LinkedHashSet<>(em.createQuery(
                        "select distinct e.unit.id from EnrolmentEntity e, GuardianshipEntity g where g.child = e.child "
                                + "and g.guardian.id = :p and g.current = true and g.responsibility <> :unknown "
                                + "and e.startDate <= :today and (e.endDate is null or e.endDate >= :today)", Long.class)
                .setParameter("p", guardianPersonId).setParameter("unknown", ParentalResponsibility.UKJENT)
                .setParameter("today", clock.today()).getResultList()));
        if (unitId != null) {
            access.require(principal, action, Target.unit(unitId));
            if (!childrensUnits.contains(unitId)) {
                throw new InvalidRequestException("No child this guardian holds parental responsibility for attends unit " + unitId + " today");
            }
            return Set.of(unitId);
        }
        Set<Long> out = new LinkedHashSet<>();
        for (long u : childrensUnits) {
            if (access.decide(principal, action, Target.unit(u)).allowed()) {
                out.add(u);
            }
        }
        if (out.isEmpty()) {
            throw new InvalidRequestException("Only a current holder of parental responsibility for a child of your unit has access to change");
        }
        return out;
    }

    private GuardianAccount setState(AuthenticatedPrincipal principal, long personId, Set<Long> units, AccountState state, String action) {
        return tx.inTransaction(em -> setState(em, principal, personId, units, state, action, null));
    }

    /**
     * Sets the guardian's state at the units in the caller's transaction (an activation from a
     * guardian's access request commits with the request's decision).
     *
     * @param requestId the access request the activation answers (listed in the audit record), or null
     */
    GuardianAccount setState(EntityManager em, AuthenticatedPrincipal principal, long personId, Set<Long> units, AccountState state,
                             String action, Long requestId) {
        {
            PersonEntity person = em.find(PersonEntity.class, personId);
            if (person == null) {
                throw new NoSuchObjectException("No such guardian");
            }
            GuardianAccountEntity account = em.createQuery("select a from GuardianAccountEntity a where a.person.id = :p",
                    GuardianAccountEntity.class).setParameter("p", personId).getResultList().stream().findFirst().orElseGet(() -> {
                        GuardianAccountEntity created = new GuardianAccountEntity();
                        created.setPerson(person);
                        em.persist(created);
                        return created;
                    });
            OffsetDateTime now = clock.nowUtc();
            for (long unitId : units) {
                GuardianUnitAccessEntity ua = unitAccess(em, personId, unitId);
                if (ua == null) {
                    ua = new GuardianUnitAccessEntity();
                    ua.setPerson(person);
                    ua.setUnit(em.find(UnitEntity.class, unitId));
                    em.persist(ua);
                }
                ua.setState(state);
                ua.setStateChangedAt(now);
                ua.setStateChangedBy(principal.accountId());
                if (state == AccountState.ACTIVE) {
                    ua.setGuardianAsked(true);
                }
                em.flush();
                // findable by the guardian and by each of their children at the unit, in the unit's records
                List<Long> concerning = new ArrayList<>();
                concerning.add(personId);
                concerning.addAll(childrenAt(em, personId, unitId));
                if (requestId != null) {
                    concerning.add(requestId);
                }
                audit.change(em, Actor.of(principal), action, "guardian-unit-access", ua.getId(), concerning, unitId,
                        state == AccountState.ACTIVE ? "guardian-asked" : null);
            }
            em.flush();
            List<UnitAccess> all = new ArrayList<>();
            for (GuardianUnitAccessEntity ua : em.createQuery("select ua from GuardianUnitAccessEntity ua where ua.person.id = :p "
                    + "order by ua.id", GuardianUnitAccessEntity.class).setParameter("p", personId).getResultList()) {
                all.add(new UnitAccess(ua.getUnit().getId(), ua.getState(), ua.getStateChangedAt()));
            }
            boolean anyActive = all.stream().anyMatch(u -> u.state() == AccountState.ACTIVE);
            account.setState(anyActive ? AccountState.ACTIVE : AccountState.INACTIVE);
            account.setStateChangedAt(now);
            account.setStateChangedBy(principal.accountId());
            if (state == AccountState.ACTIVE) {
                account.setGuardianAsked(true);
            }
            return new GuardianAccount(account.getId(), personId, account.getState(), now, all);
        }
    }

    private static GuardianUnitAccessEntity unitAccess(EntityManager em, long personId, long unitId) {
        return em.createQuery("select ua from GuardianUnitAccessEntity ua where ua.person.id = :p and ua.unit.id = :u",
                GuardianUnitAccessEntity.class).setParameter("p", personId).setParameter("u", unitId)
                .getResultList().stream().findFirst().orElse(null);
    }

    @Override
    public void block(AuthenticatedPrincipal principal, long guardianPersonId, long childId, String reasonCode) {
        access.require(principal, CoreActions.GUARDIAN_BLOCK, Target.child(childId));
        String reason = AuditCodes.require("reason", reasonCode == null ? "" : reasonCode);
        tx.run(em -> {
            PersonEntity guardian = linkedGuardian(em, guardianPersonId, childId);
            if (activeBlock(em, guardianPersonId, childId) != null) {
                return; // already blocked: nothing changes
            }
            GuardianBlockEntity block = new GuardianBlockEntity();
            block.setGuardian(guardian);
            block.setChild(em.find(PersonEntity.class, childId));
            block.setBlockedAt(clock.nowUtc());
            block.setBlockedBy(principal.accountId());
            block.setReasonCode(reason);
            em.persist(block);
            em.flush();
            recordAtChildsUnits(em, principal, CoreActions.GUARDIAN_BLOCK, block, guardianPersonId, childId, reason);
        });
    }

    @Override
    public void unblock(AuthenticatedPrincipal principal, long guardianPersonId, long childId) {
        access.require(principal, CoreActions.GUARDIAN_UNBLOCK, Target.child(childId));
        tx.run(em -> {
            GuardianBlockEntity block = activeBlock(em, guardianPersonId, childId);
            if (block == null) {
                throw new NoSuchObjectException("The guardian is not blocked from this child");
            }
            block.setLiftedAt(clock.nowUtc());
            block.setLiftedBy(principal.accountId());
            recordAtChildsUnits(em, principal, CoreActions.GUARDIAN_UNBLOCK, block, guardianPersonId, childId, null);
        });
    }

    /**
     * A block or its lifting, recorded so that the admins of the child's units find it by the
     * child's id (and by the guardian's, or the block's): one record per unit the child attends
     * today, or one without a unit when it attends none.
     */
    private void recordAtChildsUnits(EntityManager em, AuthenticatedPrincipal principal, String action, GuardianBlockEntity block,
                                     long guardianPersonId, long childId, String reason) {
        List<Long> units = em.createQuery("select distinct e.unit.id from EnrolmentEntity e where e.child.id = :c and e.startDate <= :today "
                        + "and (e.endDate is null or e.endDate >= :today) order by e.unit.id", Long.class)
                .setParameter("c", childId).setParameter("today", clock.today()).getResultList();
        List<Long> concerning = List.of(guardianPersonId, childId);
        if (units.isEmpty()) {
            audit.change(em, Actor.of(principal), action, "guardian-block", block.getId(), concerning, null, reason);
        }
        for (long unitId : units) {
            audit.change(em, Actor.of(principal), action, "guardian-block", block.getId(), concerning, unitId, reason);
        }
    }

    /** The guardian's children (current parental responsibility) at the unit today. */
    private List<Long> childrenAt(EntityManager em, long guardianPersonId, long unitId) {
        return em.createQuery("select distinct e.child.id from EnrolmentEntity e, GuardianshipEntity g where g.child = e.child "
                        + "and g.guardian.id = :p and g.current = true and g.responsibility <> :unknown and e.unit.id = :u "
                        + "and e.startDate <= :today and (e.endDate is null or e.endDate >= :today)", Long.class)
                .setParameter("p", guardianPersonId).setParameter("unknown", ParentalResponsibility.UKJENT).setParameter("u", unitId)
                .setParameter("today", clock.today()).getResultList();
    }

    private static PersonEntity linkedGuardian(EntityManager em, long guardianPersonId, long childId) {
        return em.createQuery("select g from GuardianshipEntity g where g.guardian.id = :g and g.child.id = :c", GuardianshipEntity.class)
                .setParameter("g", guardianPersonId).setParameter("c", childId)
                .getResultList().stream().findFirst().map(GuardianshipEntity::getGuardian)
                .orElseThrow(() -> new InvalidRequestException("That person is not linked to that child"));
    }

    private static GuardianBlockEntity activeBlock(EntityManager em, long guardianPersonId, long childId) {
        return em.createQuery("select b from GuardianBlockEntity b where b.guardian.id = :g and b.child.id = :c and b.liftedAt is null",
                        GuardianBlockEntity.class)
                .setParameter("g", guardianPersonId).setParameter("c", childId)
                .getResultList().stream().findFirst().orElse(null);
    }
}
