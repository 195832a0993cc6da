package no.ranselpost.absence.api;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * One report touching a period, as the school administration system that sent the unit's
 * enrolments reads it: the child by the identifiers that system already knows (the national
 * identity number and the group code it enrolled the child with), never the free text.
 *
 * @param reportedBy {@code GUARDIAN} or {@code STAFF}
 * @param state      {@code ACTIVE} or {@code WITHDRAWN}
 * @since 1.1
 */
public record PeriodAbsence(long reportId, long childId, String childNationalId, String groupCode, LocalDate fromDate, LocalDate toDate,
                            LocalTime fromTime, LocalTime toTime, AbsenceKind kind, String state, String reportedBy) {

    @Override
    public String toString() {
        return "PeriodAbsence[" + reportId + ", child " + childId + ", " + fromDate + ".." + toDate + ", " + kind + "]";
    }
}
