package no.ranselpost.timetable.api;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * A weekly lesson as a reader sees it; times are Europe/Oslo wall time.
 *
 * @param source the source that owns it (then only that source changes it), or null: entered by hand
 */
public record Lesson(long id, long unitId, long groupId, String groupCode, String groupName, String subjectCode, String subjectName,
                     Long teacherPersonId, String teacherName, String room, DayOfWeek weekday, LocalTime start, LocalTime end,
                     LocalDate validFrom, LocalDate validTo, List<LocalDate> cancelledDates, String source, int sequence) {
}
