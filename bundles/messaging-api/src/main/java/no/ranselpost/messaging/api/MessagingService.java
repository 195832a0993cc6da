package no.ranselpost.messaging.api;

import java.io.InputStream;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/**
 * Messages between staff and guardians. Every call asks the access policy with the acting
 * principal; recipients are resolved at send time from the current relations; a send is stored
 * for every recipient or for none; every send, first read, withdrawal, redaction and attachment
 * download is audited (ids and codes only).
 */
@ProviderType
public interface MessagingService {

    /** The thread model of this deployment. */
    ThreadModel model();

    /** The largest attachment taken, in bytes. */
    long maxAttachmentBytes();

    /** How many minutes after sending a sender may withdraw a message. */
    int withdrawMinutes();

    /** What a message would reach; the send of a message to more than one family quotes its token. */
    Preflight preflight(AuthenticatedPrincipal principal, NewMessage message);

    /** Sends a new message (a new thread per family, or into the child's conversation). */
    Sent send(AuthenticatedPrincipal principal, NewMessage message);

    /** Replies in a thread: to its participants, never wider. */
    Sent reply(AuthenticatedPrincipal principal, long threadId, NewMessage message);

    /** The principal's inbox, newest first, filtered and paged in the database. */
    InboxPage inbox(AuthenticatedPrincipal principal, int page, int size, boolean unreadOnly);

    /** How many threads in the principal's inbox are unread. */
    long unreadCount(AuthenticatedPrincipal principal);

    /** A group's inbox (its staff; unit admins). */
    InboxPage groupInbox(AuthenticatedPrincipal principal, long groupId, int page, int size);

    /** A thread with its messages; marks it read for the principal. */
    ThreadView thread(AuthenticatedPrincipal principal, long threadId);

    /** The sender withdraws their own message within the configured window: its text is removed everywhere it went. */
    void withdraw(AuthenticatedPrincipal principal, long messageId);

    /** Staff redact a message with a reason code: its text and attachments are removed, a placeholder remains. */
    void redact(AuthenticatedPrincipal principal, long messageId, String reason);

    /** Which guardians have read a send (staff who may read its threads). */
    Receipts receipts(AuthenticatedPrincipal principal, long sendId);

    /** Stores an attachment ahead of the message that will carry it. */
    UploadedAttachment upload(AuthenticatedPrincipal principal, InputStream content);

    /** Opens an attachment of a message the principal may read. */
    Download download(AuthenticatedPrincipal principal, long messageId, long attachmentId);

    /** An attachment opened for download: its serving headers and content. */
    interface Download extends AutoCloseable {
        Map<String, String> headers();

        InputStream stream();

        @Override
        void close();
    }
}
