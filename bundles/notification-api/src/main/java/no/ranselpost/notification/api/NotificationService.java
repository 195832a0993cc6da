package no.ranselpost.notification.api;

import org.osgi.annotation.versioning.ProviderType;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** The outbox's monitoring and a guardian's own notice settings; every call asks the access policy with the acting principal. */
@ProviderType
public interface NotificationService {

    QueueStatus queueStatus(AuthenticatedPrincipal principal);

    /** Failed notices wait again (attempts from zero); how many. */
    int retryFailed(AuthenticatedPrincipal principal);

    NoticeSettings settings(AuthenticatedPrincipal principal);

    NoticeSettings updateSettings(AuthenticatedPrincipal principal, NoticeSettings.Change change);

    /** Sends a code to the new e-mail or mobile; it is used only once confirmed. */
    NoticeSettings changeContact(AuthenticatedPrincipal principal, NoticeSettings.ContactChange change);

    NoticeSettings confirmContact(AuthenticatedPrincipal principal, NoticeSettings.Confirmation confirmation);

    /** Runs the worker once now (tests, the shell): how many notices it finished. */
    int deliverNow();
}
