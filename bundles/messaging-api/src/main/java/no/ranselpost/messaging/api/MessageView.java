package no.ranselpost.messaging.api;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One message as a reader sees it. {@code text} is null when the message was withdrawn or redacted
 * (its {@code state} says which; the text is gone from the database) and for readers who see
 * metadata only. {@code senderName} is null where the reader may not see it.
 */
public record MessageView(long id, long sendId, String senderKind, Long senderAccountId, String senderName, OffsetDateTime sentAt,
                          String state, String text, boolean sensitive, boolean urgent, List<Attachment> attachments, boolean ownMessage) {

    public record Attachment(long id, String contentType, long size) {
    }
}
