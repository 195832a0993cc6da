package no.ranselpost.absence.api;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/**
 * A report as one reader may see it.
 *
 * @param text        the free text; null when there is none, it was removed, or the reader may not see it
 * @param textRemoved staff removed the free text (it held sensitive information)
 * @param reportedBy  {@code GUARDIAN} or {@code STAFF}
 * @param state       {@code ACTIVE} or {@code WITHDRAWN}
 * @param changeable  the guardian may still change or withdraw it (before the unit opens on its first day)
 */
public record AbsenceReport(long id, long childId, LocalDate fromDate, LocalDate toDate, LocalTime fromTime, LocalTime toTime,
                            AbsenceKind kind, String text, boolean textRemoved, String reportedBy, String state, OffsetDateTime createdAt,
                            boolean changeable) {

    @Override
    public String toString() {
        return "AbsenceReport[" + id + ", child " + childId + ", " + fromDate + ".." + toDate + ", " + kind + ", text=***]";
    }
}
