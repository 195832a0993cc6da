package no.ranselpost.absence.api;

import java.time.LocalDate;
import java.util.List;

/** One day's absences in a group or a unit: who is reported away, filtered to what the reader may see. */
public record DayOverview(LocalDate date, Long unitId, Long groupId, int enrolled, List<Entry> absent) {

    /** One child away that day, with the report (its text only where the reader may see it). */
    public record Entry(long childId, String givenName, String familyName, Long groupId, AbsenceReport report) {
        @Override
        public String toString() {
            return "Entry[child " + childId + ", " + report + "]";
        }
    }
}
