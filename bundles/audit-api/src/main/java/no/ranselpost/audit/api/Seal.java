package no.ranselpost.audit.api;

import java.time.OffsetDateTime;

/**
 * A seal chains one segment of records to the previous seal: records with ids in
 * (afterRecordId, lastRecordId], their count, and the SHA-256 chain over them starting from
 * the previous seal's hash.
 */
public record Seal(long id, OffsetDateTime sealedAt, long afterRecordId, long lastRecordId, long count, String previousHash,
                   String hash) {

    /** The hash the first seal chains from. */
    public static final String GENESIS = "0".repeat(64);
}
