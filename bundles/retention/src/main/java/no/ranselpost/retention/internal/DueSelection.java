package no.ranselpost.retention.internal;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.persistence.EntityManager;

import no.ranselpost.core.api.identity.AccountKind;

/**
 * Who is due: children who left (no current or future enrolment) more than the period ago, and
 * the guardians of those children who have no other child left, are no child themselves and work
 * for no unit. Internal ids only; nothing is loaded but ids.
 */
final class DueSelection {

    private DueSelection() {
    }

    /**
     * Children whose every enrolment ended before {@code today - days} (so a child who left 365
     * days ago stays, one who left 366 days ago is due), not yet anonymised; lowest ids first.
     */
    static List<Long> children(EntityManager em, LocalDate today, int days, int max) {
        LocalDate leftBefore = today.minusDays(days);
        return em.createQuery("select distinct e.child.id from EnrolmentEntity e where e.child.anonymisedAt is null "
                        + "and not exists (select k.id from EnrolmentEntity k where k.child = e.child "
                        + "and (k.endDate is null or k.endDate >= :leftBefore)) order by e.child.id", Long.class)
                .setParameter("leftBefore", leftBefore)
                .setMaxResults(max)
                .getResultList();
    }

    /**
     * The guardians of {@code children} with no child left besides them: every other child of
     * theirs is anonymised already. A guardian who is enrolled (a young parent) or employed
     * (staff) stays.
     */
    static Set<Long> guardians(EntityManager em, List<Long> children) {
        if (children.isEmpty()) {
            return Set.of();
        }
        List<Long> ids = em.createQuery("select distinct g.guardian.id from GuardianshipEntity g where g.child.id in :children "
                        + "and g.guardian.anonymisedAt is null "
                        + "and not exists (select o.id from GuardianshipEntity o where o.guardian = g.guardian "
                        + "and o.child.id not in :children and o.child.anonymisedAt is null) "
                        + "and not exists (select e.id from EnrolmentEntity e where e.child = g.guardian) "
                        + "and not exists (select m.id from EmploymentEntity m where m.person = g.guardian)", Long.class)
                .setParameter("children", children)
                .getResultList();
        return new LinkedHashSet<>(ids);
    }

    /** The guardian accounts (sign-in accounts of kind GUARDIAN) of those persons. */
    static Set<Long> guardianAccounts(EntityManager em, Set<Long> persons) {
        if (persons.isEmpty()) {
            return Set.of();
        }
        return new LinkedHashSet<>(em.createQuery("select a.id from StaffAccountEntity a where a.person.id in :persons and a.kind = :kind",
                        Long.class)
                .setParameter("persons", persons)
                .setParameter("kind", AccountKind.GUARDIAN)
                .getResultList());
    }
}
