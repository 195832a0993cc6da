package no.ranselpost.absence.api;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * A new or changed report: one or more whole days, or a part of one day (both times).
 *
 * @param childId the child; for a change, empty or the report's own child
 * @param text optional; not for sensitive information ({@link AbsenceTexts#SENSITIVE_WARNING})
 */
public record AbsenceRequest(Long childId, LocalDate fromDate, LocalDate toDate, LocalTime fromTime, LocalTime toTime, String kind,
                             String text) {

    @Override
    public String toString() {
        return "AbsenceRequest[child " + childId + ", " + fromDate + ".." + toDate + ", " + kind + ", text=***]";
    }
}
