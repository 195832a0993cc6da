package no.ranselpost.identity.local.internal;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import javax.persistence.EntityManager;

import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.entity.StaffAccountEntity;

/**
 * Seed 000: "Endre passord på Fellesbruker en gang i måneden eller når ansatte/vikar som kjenner
 * til passordet slutter". A shared department account whose password is older than 30 days, or
 * one a recorded holder of which HR has ended an employment of since the password was set,
 * signs in no more until the unit admin rotates it (a reset and an activation).
 */
final class SharedPasswordRule {

    static final Duration MAX_AGE = Duration.ofDays(30);

    private SharedPasswordRule() {
    }

    static boolean isShared(StaffAccountEntity a) {
        return a.getGrants().stream().anyMatch(g -> g.getRole() == Role.SHARED_ACCOUNT);
    }

    /** When the current password was set: by its owner's activation, else when the account was made. */
    static OffsetDateTime passwordSetAt(StaffAccountEntity a) {
        return a.getPasswordChangedAt() != null ? a.getPasswordChangedAt() : a.getCreatedAt();
    }

    /** Null when the account may sign in; else why not: {@code shared-password-expired} or {@code shared-password-holder-left}. */
    static String rotationDue(EntityManager em, StaffAccountEntity a, OsloClock clock) {
        if (!isShared(a)) {
            return null;
        }
        OffsetDateTime set = passwordSetAt(a);
        if (set.plus(MAX_AGE).isBefore(clock.nowUtc())) {
            return "shared-password-expired";
        }
        LocalDate setDay = set.atZoneSameInstant(OsloClock.ZONE).toLocalDate();
        boolean holderLeft = !em.createQuery("select e.id from EmploymentEntity e, SharedPasswordHolderEntity h where h.account.id = :a "
                        + "and e.person = h.person and e.endDate is not null and e.endDate >= :set and e.endDate < :today", Long.class)
                .setParameter("a", a.getId()).setParameter("set", setDay).setParameter("today", clock.today())
                .setMaxResults(1).getResultList().isEmpty();
        return holderLeft ? "shared-password-holder-left" : null;
    }
}
