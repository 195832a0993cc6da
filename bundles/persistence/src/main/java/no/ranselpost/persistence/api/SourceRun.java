package no.ranselpost.persistence.api;

import java.time.OffsetDateTime;

/** One run of a source and its counts. */
public record SourceRun(long id, String sourceId, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                        Status status, int created, int updated, int ended, int unchanged, int rejected,
                        String message) {

    /** As {@code ImportRun.Status}: RUNNING, SUCCEEDED, PARTIAL, FAILED, HELD, CONFIRMED, INTERRUPTED. */
    public enum Status { RUNNING, SUCCEEDED, PARTIAL, FAILED, HELD, CONFIRMED, INTERRUPTED }

    /** Counts of a run, as it ends. */
    public record Counts(int created, int updated, int ended, int unchanged, int rejected) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0);
    }
}
