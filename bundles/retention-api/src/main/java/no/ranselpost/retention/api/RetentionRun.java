package no.ranselpost.retention.api;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One retention run: its status ({@code RUNNING}, {@code SUCCEEDED}, {@code FAILED},
 * {@code INTERRUPTED}), how it was started ({@code SCHEDULE}, {@code REQUEST}) and by whom (a
 * principal code), and the counts per kind it deleted or anonymised (no personal data).
 */
public record RetentionRun(long id, String status, String trigger, String startedBy, OffsetDateTime startedAt,
                           OffsetDateTime finishedAt, Map<String, Long> counts, String message) {
}
