package no.ranselpost.core.api.time;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The one clock of Ranselpost: what "now" and "today" are, always in Europe/Oslo (a kommune's
 * day ends at midnight in Norway, not in UTC). Registered as an OSGi service by the platform;
 * no configuration moves it. Tests construct one on a fixed {@link Clock}; an integration test
 * started with {@link #MOVABLE_PROPERTY} may move the platform's one through {@link ClockControl}.
 */
public class OsloClock {

    public static final ZoneId ZONE = ZoneId.of("Europe/Oslo");

    /**
     * The system property that makes the platform's clock movable ({@link ClockControl}): tests
     * only, never set in a production configuration.
     */
    public static final String MOVABLE_PROPERTY = "ranselpost.clock.movable";

    private final Clock clock;

    /** The system's clock, in Europe/Oslo. */
    public OsloClock() {
        this(Clock.system(ZONE));
    }

    /** For tests: any clock, read in Europe/Oslo. */
    public OsloClock(Clock clock) {
        this.clock = clock.withZone(ZONE);
    }

    /** A clock fixed at one instant (tests). */
    public static OsloClock fixed(Instant instant) {
        return new OsloClock(Clock.fixed(instant, ZONE));
    }

    /** A clock fixed at a local date and time in Oslo (tests). */
    public static OsloClock at(LocalDate day, int hour, int minute) {
        return fixed(day.atTime(hour, minute).atZone(ZONE).toInstant());
    }

    public Instant instant() {
        return clock.instant();
    }

    /** Today's date in Oslo. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    public ZonedDateTime now() {
        return ZonedDateTime.now(clock);
    }

    /** Now as a timestamp with offset, stored as UTC (what the entities hold). */
    public OffsetDateTime nowUtc() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** The java.time clock (Europe/Oslo), for libraries that take one. */
    public Clock clock() {
        return clock;
    }
}
