package no.ranselpost.messaging.api;

import java.util.List;

/**
 * A message to send.
 *
 * @param recipients       whom it goes to
 * @param subject          a short subject (at most 200 characters; none for a reply)
 * @param text             the text (1 to 10 000 characters)
 * @param announcement     staff: a one-way announcement ("beskjed") that cannot be replied to
 * @param sensitive        staff: sensitive content, to one family only, readable only at idporten-loa-high
 * @param urgent           staff: urgent (notifications may send an SMS)
 * @param attachmentIds    attachments uploaded by the sender and not yet sent
 * @param preflight        the token of the preflight a message to more than one family must quote
 * @param confirmNamedChild the sender confirms a group- or unit-wide text that names a child of the recipients
 */
public record NewMessage(Recipients recipients, String subject, String text, Boolean announcement, Boolean sensitive, Boolean urgent,
                         List<Long> attachmentIds, String preflight, Boolean confirmNamedChild) {

    /** The flags left out of a request are false. */
    public NewMessage {
        attachmentIds = attachmentIds == null ? List.of() : List.copyOf(attachmentIds);
        announcement = Boolean.TRUE.equals(announcement);
        sensitive = Boolean.TRUE.equals(sensitive);
        urgent = Boolean.TRUE.equals(urgent);
        confirmNamedChild = Boolean.TRUE.equals(confirmNamedChild);
    }
}
