package no.ranselpost.notification.api;

/** The action ids of notifications, decided by the access policy (NotificationAccessDeclaration). */
public final class NotificationActions {
    /** The outbox's state: queue depth, failures, the oldest waiting notice. */
    public static final String QUEUE_READ = "notification.queue.read";
    /** Failed notices are tried again. */
    public static final String FAILED_RETRY = "notification.failed.retry";
    /** A guardian's own notice settings. */
    public static final String SETTINGS_READ = "notification.settings.read";
    public static final String SETTINGS_WRITE = "notification.settings.write";
    /** A guardian's own e-mail or mobile: a code sent to the new one, confirmed. */
    public static final String CONTACT_CHANGE = "notification.contact.change";
    /** The worker delivers notices (the system job; no principal holds it). */
    public static final String DELIVER = "notification.notice.deliver";

    private NotificationActions() {
    }
}
