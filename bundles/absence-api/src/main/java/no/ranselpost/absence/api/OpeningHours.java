package no.ranselpost.absence.api;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** A unit's opening hours per weekday (a weekday not listed is closed) and its closed dates. */
/** @param unitId the unit (given by the path when set) */
public record OpeningHours(Long unitId, List<Day> days, List<LocalDate> closedDates) {

    public record Day(DayOfWeek weekday, LocalTime opens, LocalTime closes) {
    }
}
