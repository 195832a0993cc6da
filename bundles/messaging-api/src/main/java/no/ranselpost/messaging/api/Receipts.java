package no.ranselpost.messaging.api;

import java.time.OffsetDateTime;
import java.util.List;

/** Which guardians of a message to many have read it (staff of the sender's side). */
public record Receipts(long sendId, int guardians, int read, List<Receipt> receipts) {

    public record Receipt(long threadId, long childId, long guardianPersonId, String guardianName, OffsetDateTime readAt) {
    }
}
