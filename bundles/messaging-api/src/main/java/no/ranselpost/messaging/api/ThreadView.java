package no.ranselpost.messaging.api;

import java.util.List;

/** A thread with its messages, oldest first; guardians never see a participant list. */
public record ThreadView(ThreadSummary thread, List<MessageView> messages) {
}
