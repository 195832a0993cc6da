package no.ranselpost.notification.api;

import java.util.List;

/** What a notice is about; a guardian may turn a category off unless the kommune marks it mandatory. */
public final class NoticeCategories {
    /** A new message or conversation entry. */
    public static final String MESSAGE = "message";
    /** A one-way announcement ("beskjed"). */
    public static final String ANNOUNCEMENT = "announcement";
    /** A message staff marked urgent (the only one that may also go by SMS). */
    public static final String URGENT = "urgent";
    public static final List<String> ALL = List.of(MESSAGE, ANNOUNCEMENT, URGENT);

    private NoticeCategories() {
    }
}
