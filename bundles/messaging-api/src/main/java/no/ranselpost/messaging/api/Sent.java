package no.ranselpost.messaging.api;

import java.util.List;

/** What a send stored: the send, the threads it went into (for a guardian: the one thread), and whom it reached. */
public record Sent(long sendId, List<Long> threadIds, int families, int guardians, int staff) {
}
