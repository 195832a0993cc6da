package no.ranselpost.timetable.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.DateList;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.parameter.TzId;
import net.fortuna.ical4j.model.property.CalScale;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.ExDate;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Version;
import net.fortuna.ical4j.transform.recurrence.Frequency;

/**
 * Writes a timetable as an iCalendar (RFC 5545) with ical4j: one VEVENT per weekly lesson (a
 * weekly RRULE until its last day, EXDATE for single dates it does not take place), stable UIDs,
 * SEQUENCE raised on every change, times in Europe/Oslo with its VTIMEZONE.
 *
 * <p>Trap (STACK-2 item 5): ical4j's bundled time zone data links Europe/Oslo to Europe/Berlin, so
 * the registry's VTIMEZONE says {@code TZID:Europe/Berlin}. The VTIMEZONE written here is that
 * definition (the same rules) with its TZID set to Europe/Oslo, and the events refer to it by that id.
 * Nothing in the output changes unless a lesson does: DTSTAMP is the lesson's last change, so the
 * text, and its entity tag, are stable between requests.
 */
final class CalendarWriter {

    static final String OSLO_ID = "Europe/Oslo";
    static final ZoneId OSLO = ZoneId.of(OSLO_ID);
    static final String PRODUCT = "-//Ranselpost//Timetable 1.0//NB";

    /** One lesson as the feed carries it: no national id, no address, no other child's name. */
    record Event(String uid, int sequence, Instant lastModified, String summary, String location, String description, DayOfWeek weekday,
                 LocalTime start, LocalTime end, LocalDate validFrom, LocalDate validTo, List<LocalDate> cancelled) {
    }

    private CalendarWriter() {
    }

    static String write(String calendarName, List<Event> events) {
        Calendar cal = new Calendar();
        cal.add(new ProdId(PRODUCT));
        cal.add(new Version(new ParameterList(), Version.VALUE_2_0));
        cal.add(new CalScale(CalScale.VALUE_GREGORIAN));
        cal.add(new Method(Method.VALUE_PUBLISH));
        cal.add(new net.fortuna.ical4j.model.property.XProperty("X-WR-CALNAME", calendarName));
        cal.add(new net.fortuna.ical4j.model.property.XProperty("X-WR-TIMEZONE", OSLO_ID));
        cal.add(osloTimeZone());
        for (Event e : events) {
            VEvent event = event(e);
            if (event != null) {
                cal.add(event);
            }
        }
        try {
            cal.validate();
            java.io.StringWriter out = new java.io.StringWriter();
            new CalendarOutputter(true).output(cal, out);
            return out.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The registry's definition of the zone, under the name Europe/Oslo (see the class comment). */
    static VTimeZone osloTimeZone() {
        TimeZoneRegistry registry = TimeZoneRegistryFactory.getInstance().createRegistry();
        VTimeZone vtz = registry.getTimeZone(OSLO_ID).getVTimeZone().copy();
        vtz.replace(new net.fortuna.ical4j.model.property.TzId(OSLO_ID));
        vtz.removeAll("X-LIC-LOCATION", "TZURL", "LAST-MODIFIED");
        return vtz;
    }

    private static VEvent event(Event e) {
        LocalDate first = e.validFrom().with(TemporalAdjusters.nextOrSame(e.weekday()));
        if (first.isAfter(e.validTo())) {
            return null; // never takes place
        }
        ParameterList oslo = new ParameterList(List.of(new TzId(OSLO_ID)));
        ZonedDateTime start = ZonedDateTime.of(first, e.start(), OSLO);
        ZonedDateTime end = ZonedDateTime.of(first, e.end(), OSLO);
        VEvent event = new VEvent(false);
        event.add(new Uid(e.uid()));
        event.add(new DtStamp(e.lastModified()));
        event.add(new LastModified(e.lastModified()));
        event.add(new Sequence(e.sequence()));
        event.add(new DtStart<>(oslo, start.toLocalDateTime()));
        event.add(new DtEnd<>(oslo, end.toLocalDateTime()));
        // the last occurrence's start, in UTC as RFC 5545 wants UNTIL with a zoned DTSTART
        ZonedDateTime lastStart = ZonedDateTime.of(e.validTo().with(TemporalAdjusters.previousOrSame(e.weekday())), e.start(), OSLO);
        Recur<Instant> recur = new Recur.Builder<Instant>().frequency(Frequency.WEEKLY).until(lastStart.toInstant()).build();
        event.add(new RRule<>(recur));
        List<java.time.LocalDateTime> exdates = e.cancelled().stream()
                .filter(d -> d.getDayOfWeek() == e.weekday() && !d.isBefore(first) && !d.isAfter(e.validTo()))
                .map(d -> d.atTime(e.start())).toList();
        if (!exdates.isEmpty()) {
            event.add(new ExDate<>(oslo, new DateList<>(exdates)));
        }
        event.add(new Summary(e.summary()));
        if (e.location() != null) {
            event.add(new Location(e.location()));
        }
        if (e.description() != null) {
            event.add(new Description(e.description()));
        }
        return event;
    }
}
