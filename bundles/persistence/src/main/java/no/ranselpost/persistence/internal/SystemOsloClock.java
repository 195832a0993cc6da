package no.ranselpost.persistence.internal;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.core.api.time.OsloClock;

/**
 * The platform's one clock: the system clock read in Europe/Oslo. It takes no configuration,
 * so nothing in production can move it.
 */
@Component(service = OsloClock.class)
public class SystemOsloClock extends OsloClock {
}
