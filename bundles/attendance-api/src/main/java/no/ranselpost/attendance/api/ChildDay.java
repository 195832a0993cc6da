package no.ranselpost.attendance.api;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One child's day as one reader may see it. A guardian sees the times only: never who registered
 * them, never the mark "out with staff's knowledge".
 *
 * @param state        NOT_ARRIVED, PRESENT, OUT_WITH_STAFF (staff only), CHECKED_OUT, or ABSENT (an absence report for the day)
 * @param pickupNotes  the guardians' notes for the day (staff and the guardians)
 */
public record ChildDay(long childId, String givenName, String familyName, Long groupId, LocalDate day, String state,
                       OffsetDateTime checkedInAt, OffsetDateTime checkedOutAt, Arrival broughtBy, Arrival fetchedBy,
                       OffsetDateTime sleepStart, OffsetDateTime sleepEnd, List<String> pickupNotes) {

    @Override
    public String toString() {
        return "ChildDay[" + childId + ", " + day + ", " + state + "]";
    }
}
