package no.ranselpost.timetable.api;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** A lesson entered or changed by hand (UNIT_ADMIN, where no source owns the group's timetable). */
public record LessonRequest(Long groupId, String subjectCode, String subjectName, Long teacherPersonId, String room, DayOfWeek weekday,
                            LocalTime start, LocalTime end, LocalDate validFrom, LocalDate validTo, List<LocalDate> cancelledDates) {
}
