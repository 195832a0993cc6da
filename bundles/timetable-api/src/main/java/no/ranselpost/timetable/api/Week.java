package no.ranselpost.timetable.api;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One ISO week of lessons, Monday to Sunday, in the time zone Europe/Oslo.
 *
 * @param of what the week is of: {@code pupil}, {@code teacher} or {@code group}, and its id
 */
public record Week(String of, long id, int year, int week, LocalDate monday, LocalDate sunday, String timeZone, List<Entry> entries) {

    /** One lesson on one date (a cancelled date has no entry). */
    public record Entry(LocalDate date, LocalTime start, LocalTime end, OffsetDateTime startsAt, OffsetDateTime endsAt, long lessonId,
                        String subjectCode, String subjectName, String groupCode, String groupName, String room, String teacherName) {
    }
}
