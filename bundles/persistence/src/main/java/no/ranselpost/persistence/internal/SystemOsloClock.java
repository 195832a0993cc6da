package no.ranselpost.persistence.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.core.api.time.ClockControl;
import no.ranselpost.core.api.time.OsloClock;

/**
 * The platform's one clock: the system clock read in Europe/Oslo. It takes no configuration,
 * so nothing in production can move it. Only when the JVM runs with
 * {@code -Dranselpost.clock.movable=true} (integration tests) is a {@link ClockControl} service
 * registered that adds an offset to it.
 */
@Component(service = OsloClock.class)
public class SystemOsloClock extends OsloClock {

    private static final Logger LOG = LoggerFactory.getLogger(SystemOsloClock.class);

    private final AtomicReference<Duration> offset;
    private ServiceRegistration<ClockControl> control;

    public SystemOsloClock() {
        this(new AtomicReference<>(Duration.ZERO));
    }

    private SystemOsloClock(AtomicReference<Duration> offset) {
        super(new OffsetClock(offset, ZONE));
        this.offset = offset;
    }

    @Activate
    void activate(BundleContext context) {
        if (Boolean.getBoolean(MOVABLE_PROPERTY)) {
            LOG.warn("The clock is movable ({}=true): for tests only, never in production", MOVABLE_PROPERTY);
            control = context.registerService(ClockControl.class, new ClockControl() {
                @Override
                public void advance(Duration by) {
                    Duration now = offset.updateAndGet(d -> d.plus(by));
                    LOG.warn("The clock was moved by {}; it is now {} from the system clock", by, now);
                }

                @Override
                public Duration offset() {
                    return offset.get();
                }

                @Override
                public void reset() {
                    offset.set(Duration.ZERO);
                    LOG.warn("The clock is back on the system clock");
                }
            }, null);
        }
    }

    @Deactivate
    void deactivate() {
        if (control != null) {
            control.unregister();
            control = null;
        }
    }

    /** The system clock plus an offset that only a {@link ClockControl} moves. */
    static final class OffsetClock extends Clock {
        private final AtomicReference<Duration> offset;
        private final ZoneId zone;

        OffsetClock(AtomicReference<Duration> offset, ZoneId zone) {
            this.offset = offset;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return z.equals(zone) ? this : new OffsetClock(offset, z);
        }

        @Override
        public Instant instant() {
            Duration d = offset.get();
            Instant now = Instant.now();
            return d.isZero() ? now : now.plus(d);
        }
    }
}
