package no.ranselpost.notification.internal;

import java.security.Principal;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.notification.api.NoticeSettings;
import no.ranselpost.notification.api.NotificationActions;
import no.ranselpost.notification.api.NotificationService;
import no.ranselpost.notification.api.QueueStatus;

/** Notifications over REST, thin: the service decides, asking access on every call. */
@Component(service = NotificationResource.class, property = "osgi.jaxrs.resource=true")
@Path("/")
@Tag(name = "notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    /** How many failed notices wait again. */
    public record Retried(int retried) {
    }

    @Reference
    private NotificationService notifications;

    private static AuthenticatedPrincipal principal(SecurityContext security) {
        Principal p = security == null ? null : security.getUserPrincipal();
        if (p instanceof AuthenticatedPrincipal ap) {
            return ap;
        }
        throw new NotAuthorizedException("Bearer");
    }

    @GET
    @Path("notifications/queue")
    @RequiresAction(NotificationActions.QUEUE_READ)
    @Operation(operationId = "getNotificationQueue", summary = "The notification outbox: notices waiting, in flight, retrying, failed, sent in"
            + " the last hour, and the oldest waiting")
    public QueueStatus queue(@Context SecurityContext security) {
        return notifications.queueStatus(principal(security));
    }

    @POST
    @Path("notifications/failed/retry")
    @RequiresAction(NotificationActions.FAILED_RETRY)
    @Operation(operationId = "retryFailedNotifications", summary = "Failed notices wait again, their attempts from zero")
    public Retried retry(@Context SecurityContext security) {
        return new Retried(notifications.retryFailed(principal(security)));
    }

    @GET
    @Path("me/notification-settings")
    @RequiresAction(NotificationActions.SETTINGS_READ)
    @Operation(operationId = "getMyNotificationSettings", summary = "A guardian's own notice settings: language, categories turned off, where"
            + " notices go")
    public NoticeSettings settings(@Context SecurityContext security) {
        return notifications.settings(principal(security));
    }

    @PUT
    @Path("me/notification-settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(NotificationActions.SETTINGS_WRITE)
    @Operation(operationId = "putMyNotificationSettings", summary = "A guardian changes the language of notices (nb, nn, en) and the categories"
            + " turned off (never the kommune's mandatory ones)")
    public NoticeSettings update(@Context SecurityContext security, NoticeSettings.Change change) {
        return notifications.updateSettings(principal(security), change);
    }

    @POST
    @Path("me/notification-settings/contact")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(NotificationActions.CONTACT_CHANGE)
    @Operation(operationId = "changeMyNotificationContact", summary = "A guardian's own new e-mail or mobile (where the contact register does"
            + " not own it): a code is sent to it, and it is used once confirmed")
    public NoticeSettings contact(@Context SecurityContext security, NoticeSettings.ContactChange change) {
        return notifications.changeContact(principal(security), change);
    }

    @POST
    @Path("me/notification-settings/contact/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(NotificationActions.CONTACT_CHANGE)
    @Operation(operationId = "confirmMyNotificationContact", summary = "Confirms the new e-mail or mobile with the code sent to it")
    public NoticeSettings confirm(@Context SecurityContext security, NoticeSettings.Confirmation confirmation) {
        return notifications.confirmContact(principal(security), confirmation);
    }
}
