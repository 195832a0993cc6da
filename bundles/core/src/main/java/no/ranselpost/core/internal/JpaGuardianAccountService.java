package no.ranselpost.core.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditCodes;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.GuardianAccount;
import no.ranselpost.core.api.GuardianAccountService;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.GuardianAccountEntity;
import no.ranselpost.persistence.entity.GuardianBlockEntity;
import no.ranselpost.persistence.entity.GuardianshipEntity;
import no.ranselpost.persistence.entity.PersonEntity;

/** Activation, deactivation and the blocklist; each change writes its audit record in its own transaction. */
@Component(service = GuardianAccountService.class)
public class JpaGuardianAccountService implements GuardianAccountService {

    private final Transactions tx;
    private final AccessPolicy access;
    private final AuditTrail audit;

    @Activate
    public JpaGuardianAccountService(@Reference Transactions tx, @Reference AccessPolicy access, @Reference AuditTrail audit) {
        this.tx = tx;
        this.access = access;
        this.audit = audit;
    }

    @Override
    public GuardianAccount activate(AuthenticatedPrincipal principal, long guardianPersonId, boolean guardianAsked) {
        access.require(principal, Action.GUARDIAN_ACCOUNT_ACTIVATE, Target.guardian(guardianPersonId));
        if (!guardianAsked) {
            throw new InvalidRequestException("An account is activated only when the guardian asked for it: send \"guardianAsked\": true");
        }
        return setState(principal, guardianPersonId, AccountState.ACTIVE, Action.GUARDIAN_ACCOUNT_ACTIVATE);
    }

    @Override
    public GuardianAccount deactivate(AuthenticatedPrincipal principal, long guardianPersonId) {
        access.require(principal, Action.GUARDIAN_ACCOUNT_DEACTIVATE, Target.guardian(guardianPersonId));
        return setState(principal, guardianPersonId, AccountState.INACTIVE, Action.GUARDIAN_ACCOUNT_DEACTIVATE);
    }

    private GuardianAccount setState(AuthenticatedPrincipal principal, long personId, AccountState state, Action action) {
        return tx.inTransaction(em -> {
            PersonEntity person = em.find(PersonEntity.class, personId);
            long links = em.createQuery("select count(g) from GuardianshipEntity g where g.guardian.id = :p and g.current = true "
                    + "and g.responsibility <> :unknown", Long.class)
                    .setParameter("p", personId).setParameter("unknown", ParentalResponsibility.UKJENT).getSingleResult();
            if (person == null || links == 0) {
                throw new InvalidRequestException("Only a current holder of parental responsibility has a guardian account");
            }
            GuardianAccountEntity account = em.createQuery("select a from GuardianAccountEntity a where a.person.id = :p",
                    GuardianAccountEntity.class).setParameter("p", personId).getResultList().stream().findFirst().orElseGet(() -> {
                        GuardianAccountEntity created = new GuardianAccountEntity();
                        created.setPerson(person);
                        em.persist(created);
                        return created;
                    });
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            account.setState(state);
            account.setStateChangedAt(now);
            account.setStateChangedBy(principal.accountId());
            if (state == AccountState.ACTIVE) {
                account.setGuardianAsked(true);
            }
            em.flush();
            audit.change(em, Actor.of(principal), action.name(), "guardian-account", account.getId(), null,
                    state == AccountState.ACTIVE ? "guardian-asked" : null);
            return new GuardianAccount(account.getId(), personId, state, now);
        });
    }

    @Override
    public void block(AuthenticatedPrincipal principal, long guardianPersonId, long childId, String reasonCode) {
        access.require(principal, Action.GUARDIAN_BLOCK, Target.child(childId));
        String reason = AuditCodes.require("reason", reasonCode == null ? "" : reasonCode);
        tx.run(em -> {
            PersonEntity guardian = linkedGuardian(em, guardianPersonId, childId);
            if (activeBlock(em, guardianPersonId, childId) != null) {
                return; // already blocked: nothing changes
            }
            GuardianBlockEntity block = new GuardianBlockEntity();
            block.setGuardian(guardian);
            block.setChild(em.find(PersonEntity.class, childId));
            block.setBlockedAt(OffsetDateTime.now(ZoneOffset.UTC));
            block.setBlockedBy(principal.accountId());
            block.setReasonCode(reason);
            em.persist(block);
            em.flush();
            audit.change(em, Actor.of(principal), Action.GUARDIAN_BLOCK.name(), "guardian-block", block.getId(), null, reason);
        });
    }

    @Override
    public void unblock(AuthenticatedPrincipal principal, long guardianPersonId, long childId) {
        access.require(principal, Action.GUARDIAN_UNBLOCK, Target.child(childId));
        tx.run(em -> {
            GuardianBlockEntity block = activeBlock(em, guardianPersonId, childId);
            if (block == null) {
                throw new NoSuchObjectException("The guardian is not blocked from this child");
            }
            block.setLiftedAt(OffsetDateTime.now(ZoneOffset.UTC));
            block.setLiftedBy(principal.accountId());
            audit.change(em, Actor.of(principal), Action.GUARDIAN_UNBLOCK.name(), "guardian-block", block.getId(), null, null);
        });
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
