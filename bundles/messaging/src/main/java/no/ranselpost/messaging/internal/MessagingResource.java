package no.ranselpost.messaging.internal;

import java.io.InputStream;
import java.security.Principal;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.StreamingOutput;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.messaging.api.InboxPage;
import no.ranselpost.messaging.api.MessagingActions;
import no.ranselpost.messaging.api.MessagingService;
import no.ranselpost.messaging.api.MessagingTexts;
import no.ranselpost.messaging.api.NewMessage;
import no.ranselpost.messaging.api.Preflight;
import no.ranselpost.messaging.api.Receipts;
import no.ranselpost.messaging.api.Sent;
import no.ranselpost.messaging.api.ThreadModel;
import no.ranselpost.messaging.api.ThreadView;
import no.ranselpost.messaging.api.UploadedAttachment;

/** Messaging over REST, thin: the messaging service decides, asking access on every call. */
@Component(service = MessagingResource.class, property = "osgi.jaxrs.resource=true")
@Path("/")
@Tag(name = "messaging")
@Produces(MediaType.APPLICATION_JSON)
public class MessagingResource {

    /** What a client shows while composing: the warning (nb, nn, en), the limits and the thread model. */
    public record Composing(Map<String, String> sensitiveWarning, int maxTextLength, int maxSubjectLength, long maxAttachmentBytes,
                            int withdrawMinutes, ThreadModel threadModel) {
    }

    public record UnreadCount(long unreadThreads) {
    }

    /** Why staff redact a message: sensitive-health, sensitive-family, sensitive-other, other-child-named, wrong-recipient. */
    public record Redaction(String reason) {
    }

    @Reference
    private MessagingService messaging;

    private static AuthenticatedPrincipal principal(SecurityContext security) {
        Principal p = security == null ? null : security.getUserPrincipal();
        if (p instanceof AuthenticatedPrincipal ap) {
            return ap;
        }
        throw new NotAuthorizedException("Bearer");
    }

    @GET
    @Path("messages/composing")
    @RequiresAction(MessagingActions.INBOX_READ)
    @Operation(operationId = "getMessageComposing", summary = "What a client shows while a message is composed: the warning against sensitive"
            + " content (nb, nn, en), the limits and the deployment's thread model")
    public Composing composing(@Context SecurityContext security) {
        principal(security);
        return new Composing(MessagingTexts.SENSITIVE_WARNING, MessagingTexts.MAX_TEXT, MessagingTexts.MAX_SUBJECT,
                messaging.maxAttachmentBytes(), messaging.withdrawMinutes(), messaging.model());
    }

    @POST
    @Path("messages/preflight")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(MessagingActions.SEND_MESSAGE)
    @Operation(operationId = "preflightMessage", summary = "How many families, guardians and staff a message would reach now, whether its text"
            + " names a child of the recipients, and the token a send to more than one family quotes")
    public Preflight preflight(@Context SecurityContext security, NewMessage message) {
        return messaging.preflight(principal(security), message);
    }

    @POST
    @Path("messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(MessagingActions.SEND_MESSAGE)
    @Operation(operationId = "sendMessage", summary = "Send a message: staff to one or several families, a group, a unit or staff; a guardian"
            + " about their child to the staff of its group or one of them. Split per family; stored for every recipient or none")
    public Response send(@Context SecurityContext security, NewMessage message) {
        Sent sent = messaging.send(principal(security), message);
        return Response.status(Response.Status.CREATED).entity(sent).build();
    }

    @POST
    @Path("messages/attachments")
    @Consumes(MediaType.WILDCARD)
    @RequiresAction(MessagingActions.ATTACHMENT_UPLOAD)
    @Operation(operationId = "uploadMessageAttachment", summary = "Upload a file (PDF, DOCX, JPEG, PNG: decided from the content; images lose"
            + " their metadata) to attach to a message you send next")
    public Response upload(@Context SecurityContext security, InputStream body) {
        UploadedAttachment a = messaging.upload(principal(security), body);
        return Response.status(Response.Status.CREATED).entity(a).build();
    }

    @GET
    @Path("messages/{messageId}/attachments/{attachmentId}")
    @Produces(MediaType.WILDCARD)
    @RequiresAction(MessagingActions.ATTACHMENT_READ)
    @Operation(operationId = "getMessageAttachment", summary = "Download an attachment of a message you may read")
    public Response download(@Context SecurityContext security, @PathParam("messageId") long messageId,
                             @PathParam("attachmentId") long attachmentId) {
        MessagingService.Download d = messaging.download(principal(security), messageId, attachmentId);
        StreamingOutput out = o -> {
            try (d) {
                d.stream().transferTo(o);
            }
        };
        Response.ResponseBuilder rb = Response.ok(out);
        d.headers().forEach(rb::header);
        return rb.build();
    }

    @POST
    @Path("messages/{messageId}/withdraw")
    @RequiresAction(MessagingActions.WITHDRAW)
    @Operation(operationId = "withdrawMessage", summary = "Withdraw your own message within the window: its text is removed from every thread it went into")
    public Response withdraw(@Context SecurityContext security, @PathParam("messageId") long messageId) {
        messaging.withdraw(principal(security), messageId);
        return Response.noContent().build();
    }

    @POST
    @Path("messages/{messageId}/redact")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(MessagingActions.REDACT)
    @Operation(operationId = "redactMessage", summary = "Staff redact a message with a reason code: its text and attachments are removed, a placeholder remains")
    public Response redact(@Context SecurityContext security, @PathParam("messageId") long messageId, Redaction redaction) {
        messaging.redact(principal(security), messageId, redaction == null ? null : redaction.reason());
        return Response.noContent().build();
    }

    @GET
    @Path("messages/sends/{sendId}/receipts")
    @RequiresAction(MessagingActions.RECEIPTS_READ)
    @Operation(operationId = "getMessageReceipts", summary = "Which guardians a send reached have read it (staff of the sender's side)")
    public Receipts receipts(@Context SecurityContext security, @PathParam("sendId") long sendId) {
        return messaging.receipts(principal(security), sendId);
    }

    @GET
    @Path("inboxes/mine")
    @RequiresAction(MessagingActions.INBOX_READ)
    @Operation(operationId = "getMyInbox", summary = "Your inbox, newest first, paged, with the number of unread threads")
    public InboxPage inbox(@Context SecurityContext security, @QueryParam("page") @DefaultValue("0") int page,
                           @QueryParam("size") @DefaultValue("20") int size, @QueryParam("unread") @DefaultValue("false") boolean unread) {
        return messaging.inbox(principal(security), page, size, unread);
    }

    @GET
    @Path("inboxes/mine/unread")
    @RequiresAction(MessagingActions.INBOX_READ)
    @Operation(operationId = "getMyUnreadCount", summary = "How many threads in your inbox are unread")
    public UnreadCount unread(@Context SecurityContext security) {
        return new UnreadCount(messaging.unreadCount(principal(security)));
    }

    @GET
    @Path("inboxes/groups/{groupId}")
    @RequiresAction(MessagingActions.GROUP_INBOX_READ)
    @Operation(operationId = "getGroupInbox", summary = "A group's inbox (its staff; the unit's admins), newest first, paged")
    public InboxPage groupInbox(@Context SecurityContext security, @PathParam("groupId") long groupId,
                                @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("20") int size) {
        return messaging.groupInbox(principal(security), groupId, page, size);
    }

    @GET
    @Path("threads/{threadId}")
    @RequiresAction(MessagingActions.THREAD_READ)
    @Operation(operationId = "getThread", summary = "A thread and its messages, oldest first; marks it read")
    public ThreadView thread(@Context SecurityContext security, @PathParam("threadId") long threadId) {
        return messaging.thread(principal(security), threadId);
    }

    @POST
    @Path("threads/{threadId}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(MessagingActions.REPLY)
    @Operation(operationId = "replyInThread", summary = "Reply in a thread: to its participants, never wider (an announcement cannot be replied to)")
    public Response reply(@Context SecurityContext security, @PathParam("threadId") long threadId, NewMessage message) {
        Sent sent = messaging.reply(principal(security), threadId, message);
        return Response.status(Response.Status.CREATED).entity(sent).build();
    }
}
