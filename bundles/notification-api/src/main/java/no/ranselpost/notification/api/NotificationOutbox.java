package no.ranselpost.notification.api;

import java.util.Collection;
import java.util.List;

import javax.persistence.EntityManager;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable outbox. A capability writes its notices with {@link #enqueue} in the transaction of
 * the change they tell about (a message's send): they commit with it or not at all. A worker
 * sends them later (after a short delay, merged per recipient, skipped when read meanwhile).
 */
@ProviderType
public interface NotificationOutbox {

    /** A guardian a message reached, and where. */
    record Recipient(long personId, long threadId, long messageId) {
    }

    /**
     * Writes one notice per recipient who can be notified (e-mail; also SMS when urgent and an SMS
     * channel runs) in the caller's transaction.
     *
     * @param category {@link NoticeCategories}: what the notice is about (guardians may turn some off)
     * @return how many notices were written
     */
    int enqueue(EntityManager em, long sendId, String category, boolean urgent, List<Recipient> recipients);

    /** How many of these persons cannot be notified now (reserved in KRR, stale or no contact data, unknown, deleted). */
    int notNotifiable(EntityManager em, Collection<Long> personIds);
}
