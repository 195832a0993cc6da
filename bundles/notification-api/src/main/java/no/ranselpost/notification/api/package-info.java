/**
 * Notifications: the {@link no.ranselpost.notification.api.NotificationChannel} SPI that the
 * e-mail and SMS adapters implement, the durable outbox a capability writes notices to in its own
 * transaction ({@link no.ranselpost.notification.api.NotificationOutbox}), and the service behind
 * the queue's monitoring and a guardian's own notice settings
 * ({@link no.ranselpost.notification.api.NotificationService}). A notice only ever says that
 * something waits in Ranselpost, with a link.
 *
 * <p>The package version follows OSGi semantic versioning (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package no.ranselpost.notification.api;
