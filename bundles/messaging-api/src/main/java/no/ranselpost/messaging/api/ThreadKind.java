package no.ranselpost.messaging.api;

/** What a thread is. */
public enum ThreadKind {
    /** A message thread among chosen participants. */
    MESSAGE,
    /** A conversation about one child (Visma-style). */
    CONVERSATION,
    /** A one-way announcement from staff ("beskjed"): it cannot be replied to. */
    ANNOUNCEMENT,
    /** A thread among staff of one unit. */
    STAFF
}
