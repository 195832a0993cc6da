package no.ranselpost.registry.krr.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.persistence.api.Transactions;

/**
 * The guardians the contact register is asked about, read from the database: whoever holds
 * current parental responsibility (not ukjent) for a child, in the order of their internal id.
 */
final class Guardians {

    private static final String GUARDIANS = "from GuardianshipEntity g where g.current = true and g.responsibility <> :unknown";
    private static final String NOT_CHECKED_SINCE = " and not exists (select c.id from ContactRegistrationEntity c "
            + "where c.person = g.guardian and c.checkedAt >= :since)";

    private final Transactions tx;

    Guardians(Transactions tx) {
        this.tx = tx;
    }

    /** The national ids of the guardians the register has not answered about since {@code since} (never, or longer ago). */
    List<String> due(OffsetDateTime since) {
        return tx.inTransaction(em -> {
            List<String> ids = em.createQuery("select g.guardian.nationalId, g.guardian.id " + GUARDIANS + NOT_CHECKED_SINCE
                            + " order by g.guardian.id", Object[].class)
                    .setParameter("unknown", ParentalResponsibility.UKJENT).setParameter("since", since).getResultList()
                    .stream().map(r -> (String) r[0]).toList();
            return new ArrayList<>(new LinkedHashSet<>(ids));
        });
    }

    /** Whether any guardian is due (cheap: one row at most). */
    boolean anyDue(OffsetDateTime since) {
        return tx.inTransaction(em -> !em.createQuery("select g.id " + GUARDIANS + NOT_CHECKED_SINCE, Long.class)
                .setParameter("unknown", ParentalResponsibility.UKJENT).setParameter("since", since).setMaxResults(1)
                .getResultList().isEmpty());
    }

    /** Whether a guardian was never looked up (one an import has just added). */
    boolean anyNeverLookedUp() {
        return tx.inTransaction(em -> !em.createQuery("select g.id " + GUARDIANS + " and not exists (select c.id from "
                        + "ContactRegistrationEntity c where c.person = g.guardian)", Long.class)
                .setParameter("unknown", ParentalResponsibility.UKJENT).setMaxResults(1).getResultList().isEmpty());
    }
}
