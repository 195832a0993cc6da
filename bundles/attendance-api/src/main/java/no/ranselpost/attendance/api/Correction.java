package no.ranselpost.attendance.api;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A correction of one day's times: the day (today when empty), the check-in and check-out times
 * as they should be (a time left empty stays as it is), and why.
 *
 * @param reason {@code forgot-check-in}, {@code forgot-check-out} or {@code wrong-time}
 */
public record Correction(LocalDate day, OffsetDateTime checkedInAt, OffsetDateTime checkedOutAt, String reason) {
}
