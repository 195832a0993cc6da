package no.ranselpost.notification.api;

import java.time.OffsetDateTime;

/**
 * The outbox now.
 *
 * @param waiting          notices waiting to be sent (including those waiting for a retry)
 * @param inFlight         of those, claimed by a worker right now
 * @param retrying         of those, waiting after a failed attempt
 * @param failed           notices kept as failed (they can be retried)
 * @param sentLastHour     notices sent in the last hour
 * @param oldestWaitingAt  when the oldest waiting notice was written (null: none waits)
 * @param oldestWaitingSeconds how long it has waited
 */
public record QueueStatus(long waiting, long inFlight, long retrying, long failed, long sentLastHour, OffsetDateTime oldestWaitingAt,
                          long oldestWaitingSeconds) {
}
