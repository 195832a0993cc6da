package no.ranselpost.core.api;

import java.time.LocalDate;

/** A child's membership of a unit and (optionally) one of its groups, with dates. */
public record Enrolment(long id, long childId, long unitId, Long groupId, LocalDate startDate, LocalDate endDate) {

    public boolean isCurrentOn(LocalDate day) {
        return !startDate.isAfter(day) && (endDate == null || !endDate.isBefore(day));
    }
}
