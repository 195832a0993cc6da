package no.ranselpost.notification.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way of reaching a person outside Ranselpost (e-mail, SMS): an adapter registers one as an OSGi
 * service. The outbox's worker hands it notices that are already content-free (that something
 * waits, and a link); the channel only carries them. It never logs an address or a text.
 */
@ConsumerType
public interface NotificationChannel {

    /** The channel's name: {@code email} or {@code sms}. */
    String name();

    /** Whether an address (an e-mail address, a mobile number) is one this channel can ever deliver to. */
    boolean validAddress(String address);

    /**
     * Sends the notices (one connection for all where the channel can) and tells, in the same
     * order, what became of each.
     */
    List<Delivery> send(List<OutgoingNotice> notices);

    /** One notice to send: its outbox reference, the address, and the (content-free) subject and text. */
    record OutgoingNotice(long reference, String address, String subject, String text) {
    }

    /** What became of one notice. */
    record Delivery(Outcome outcome, String code) {
        public static Delivery delivered() {
            return new Delivery(Outcome.DELIVERED, "sent");
        }

        public static Delivery retry(String code) {
            return new Delivery(Outcome.RETRY, code);
        }

        public static Delivery permanent(String code) {
            return new Delivery(Outcome.FINAL, code);
        }
    }

    /** DELIVERED: the server or gateway accepted it; RETRY: try again later (down, 5xx, timeout); FINAL: never (invalid address, 4xx). */
    enum Outcome {
        DELIVERED, RETRY, FINAL
    }
}
