package no.ranselpost.core.api.time;

import java.time.Duration;

/**
 * Moves the platform's {@link OsloClock} forward (or back) by an offset: for integration tests
 * that walk through months of a kommune's year. The service exists only when the JVM was started
 * with {@code -D}{@value OsloClock#MOVABLE_PROPERTY}{@code =true}; no production configuration
 * sets it, and without it nothing can move the clock.
 */
public interface ClockControl {

    /** Moves the clock by {@code by} (added to the current offset). */
    void advance(Duration by);

    /** How far the clock is from the system's clock now. */
    Duration offset();

    /** Back to the system's clock. */
    void reset();
}
