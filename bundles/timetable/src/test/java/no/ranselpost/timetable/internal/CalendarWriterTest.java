package no.ranselpost.timetable.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What ical4j writes for a timetable, read back by a strict parser of our own (not ical4j). */
class CalendarWriterTest {

    static final CalendarWriter.Event NORSK = new CalendarWriter.Event("abc@ranselpost", 2, Instant.parse("2026-11-30T10:15:00Z"),
            "Norsk (8A)", "Rom 101", "Lærer: Lilly Lektor", DayOfWeek.TUESDAY, LocalTime.of(8, 30), LocalTime.of(9, 30), LocalDate.of(2026, 8, 17),
            LocalDate.of(2027, 6, 18), List.of(LocalDate.of(2026, 10, 6), LocalDate.of(2026, 10, 7)));

    @Test
    void sayOsloInTheEventsAndInTheirTimeZoneNeverBerlin() {
        String text = CalendarWriter.write("Timeplan", List.of(NORSK));
        IcsParser.Calendar cal = IcsParser.parse(text);
        assertEquals(1, cal.timeZones().size());
        assertEquals("Europe/Oslo", cal.timeZones().get(0).value("TZID"), "the VTIMEZONE is named Europe/Oslo");
        assertFalse(text.contains("Berlin"), text);
        IcsParser.Component event = cal.events().get(0);
        assertEquals("Europe/Oslo", event.param("DTSTART", "TZID"));
        assertEquals("20260818T083000", event.value("DTSTART"), "the first Tuesday on or after the start, 08:30 Oslo time");
        assertEquals("20260818T093000", event.value("DTEND"));
        assertEquals("abc@ranselpost", event.value("UID"));
        assertEquals("2", event.value("SEQUENCE"));
        assertEquals("20261130T101500Z", event.value("DTSTAMP"));
        // until the last Tuesday's 08:30 in Oslo (summer time: 06:30 UTC)
        assertEquals("FREQ=WEEKLY;UNTIL=20270615T063000Z", event.value("RRULE"));
        assertEquals("20261006T083000", event.value("EXDATE"), "only the cancelled date that falls on the lesson's weekday");
        assertEquals("Europe/Oslo", event.param("EXDATE", "TZID"));
        assertEquals("Rom 101", event.value("LOCATION"));
        assertTrue(text.contains("TZID:Europe/Oslo\r\n") && text.contains("DTSTART;TZID=Europe/Oslo:"), "STACK-2 item 5");
    }

    @Test
    void theSameLessonsGiveTheSameTextSoTheEntityTagIsStable() {
        assertEquals(CalendarWriter.write("Timeplan", List.of(NORSK)), CalendarWriter.write("Timeplan", List.of(NORSK)));
    }

    @Test
    void aLessonWhosePeriodHoldsNoneOfItsWeekdaysIsLeftOut() {
        CalendarWriter.Event never = new CalendarWriter.Event("x@ranselpost", 0, Instant.parse("2026-11-30T10:15:00Z"), "Norsk", null, null,
                DayOfWeek.FRIDAY, LocalTime.of(8, 30), LocalTime.of(9, 30), LocalDate.of(2026, 8, 17), LocalDate.of(2026, 8, 19), List.of());
        assertTrue(IcsParser.parse(CalendarWriter.write("Timeplan", List.of(never))).events().isEmpty());
    }
}
