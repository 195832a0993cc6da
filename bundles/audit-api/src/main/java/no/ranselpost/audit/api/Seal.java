package no.ranselpost.audit.api;

import java.time.OffsetDateTime;

/**
 * A seal chains one segment of records to the previous seal. The sealer decides which records a
 * segment holds: every record not yet sealed that is older than the margin when it seals, whatever
 * its id (ids are allocated in blocks, so a record may commit with a lower id than one already
 * sealed). Each record names its seal; the SHA-256 chain runs over the segment's records in
 * ascending id order, starting from the previous seal's hash.
 *
 * @param number        the seal's place in the chain: 1, 2, 3, ... (seal ids are not in order)
 * @param firstRecordId the lowest record id in the segment
 * @param lastRecordId  the highest record id in the segment (not every id in between need be in it)
 * @param count         how many records the segment holds
 */
public record Seal(long id, long number, OffsetDateTime sealedAt, long firstRecordId, long lastRecordId, long count,
                   String previousHash, String hash) {

    /** The hash the first seal chains from. */
    public static final String GENESIS = "0".repeat(64);
}
