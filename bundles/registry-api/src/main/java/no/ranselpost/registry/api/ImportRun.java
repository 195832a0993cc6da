package no.ranselpost.registry.api;

import java.time.OffsetDateTime;
import java.util.List;

/** One run of a source: its state, counts, the records it rejected with their reasons, and notices on applied ones. */
public record ImportRun(long id, String sourceId, Status status, OffsetDateTime startedAt, OffsetDateTime finishedAt, int created,
                        int updated, int ended, int unchanged, int rejected, String message, List<Rejection> rejections,
                        List<Rejection> notices) {

    /**
     * RUNNING; SUCCEEDED (every record applied); PARTIAL (applied, with rejected records);
     * FAILED (the source failed, the file was unreadable, or every record was rejected); HELD
     * (stopped by the mass-deletion hold, awaiting confirmation); CONFIRMED (a held run whose
     * input a later run applied); INTERRUPTED (the process stopped during the run).
     */
    public enum Status { RUNNING, SUCCEEDED, PARTIAL, FAILED, HELD, CONFIRMED, INTERRUPTED }

    /** A rejected record: its key in the source and why (never a national id). */
    public record Rejection(String key, String reason) {
    }

    /**
     * Something to report about a pushed record that was applied (a position code without a
     * role), handed to {@link ImportService#push} right after that record.
     *
     * @since 1.1
     */
    public record Notice(String key, String message) {
    }
}
