package no.ranselpost.audit.api;

import java.time.OffsetDateTime;

/**
 * Where the trail starts after retention removed its oldest seals with their records:
 * verification checks the seals after {@code sealNumber}, the first of them chaining from the
 * removed seal's hash. Checkpoints chain to one another as seals do.
 *
 * @param number         1, 2, 3, ...
 * @param recordedBefore records older than this went (whole seals only)
 * @param sealNumber     the number of the last seal removed
 * @param lastRecordId   the highest record id removed
 * @param sealsRemoved   seals removed at this checkpoint
 * @param recordsRemoved records removed at this checkpoint
 */
public record AuditCheckpoint(long number, OffsetDateTime madeAt, OffsetDateTime recordedBefore, long sealNumber, long lastRecordId,
                              long sealsRemoved, long recordsRemoved, String hash) {
}
