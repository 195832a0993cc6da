package no.ranselpost.messaging.api;

import java.util.List;

/** A page of an inbox, newest first, and how many threads in it are unread in all. */
public record InboxPage(List<ThreadSummary> threads, int page, int size, boolean more, long unreadThreads) {
}
