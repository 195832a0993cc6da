package no.ranselpost.messaging.api;

import java.time.OffsetDateTime;

/**
 * One line of an inbox. For a sensitive thread read below the assurance it needs, the subject is
 * withheld ({@code subject} null, {@code sensitive} true).
 *
 * @param childId       the child it is about (null for staff threads)
 * @param groupId       the group whose inbox holds it (null: its participants and the unit's admins)
 */
public record ThreadSummary(long id, ThreadKind kind, String subject, Long childId, Long groupId, long unitId, OffsetDateTime lastMessageAt,
                            boolean unread, boolean sensitive, boolean replyAllowed) {
}
