package no.ranselpost.core.api;

import java.time.LocalDate;

/** An employment of a person at a unit, from the HR system. */
public record Employee(long id, long personId, long unitId, String positionCode, Role role,
                       LocalDate startDate, LocalDate endDate) {
}
