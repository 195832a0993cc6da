package no.ranselpost.retention.api;

import java.util.Map;

import javax.persistence.EntityManager;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A capability's part of retention, registered as an OSGi service: it deletes or anonymises what
 * it holds about the children and persons that are due, in the run's transaction, and says how
 * many items of each kind it removed. The job writes the audit record of each count (codes and
 * counts only) in the same transaction, so a batch and its records commit together or not at all.
 *
 * <p>Idempotent: a batch that rolled back (an interrupted run) is handed again in the next run,
 * and data already gone is simply not counted again. Binary content goes through the owner's
 * storage (ContentStore) in the same transaction. Never log a name, national id or text.
 */
@ConsumerType
public interface RetentionParticipant {

    /** A code naming the capability ({@code messaging}); the kinds it counts start with it. */
    String capability();

    /**
     * Forgets this capability's data about {@link RetentionScope#childIds()} and
     * {@link RetentionScope#personIds()} (and the accounts in {@link RetentionScope#accountIds()}).
     *
     * @return the count per kind, each kind a lower-case code such as {@code messaging.message}
     *         (kinds with nothing removed may be left out)
     */
    Map<String, Long> forget(EntityManager em, RetentionScope scope);
}
