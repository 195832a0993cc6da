package no.ranselpost.retention.api;

import java.time.OffsetDateTime;
import java.util.Set;

/**
 * One batch of a retention run: the children who left more than the retention period ago, the
 * persons (guardians) with no child left, and their accounts (guardian accounts). Internal ids
 * only.
 *
 * @param runId      the retention run (for the audit trail)
 * @param childIds   children to forget
 * @param personIds  adults to forget (guardians of no remaining child)
 * @param accountIds the guardian accounts of those adults
 * @param now        the run's time (the platform's clock)
 */
public record RetentionScope(long runId, Set<Long> childIds, Set<Long> personIds, Set<Long> accountIds, OffsetDateTime now) {

    public RetentionScope {
        childIds = Set.copyOf(childIds);
        personIds = Set.copyOf(personIds);
        accountIds = Set.copyOf(accountIds);
    }

    /** Children and adults together: whoever is forgotten in this batch. */
    public Set<Long> everyone() {
        java.util.Set<Long> all = new java.util.HashSet<>(childIds);
        all.addAll(personIds);
        return Set.copyOf(all);
    }

    public boolean isEmpty() {
        return childIds.isEmpty() && personIds.isEmpty() && accountIds.isEmpty();
    }
}
