package no.ranselpost.notification.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.KOMMUNE;
import static no.ranselpost.access.api.Scope.SELF;
import static no.ranselpost.core.api.Role.GUARDIAN;
import static no.ranselpost.core.api.Role.OWNER;
import static no.ranselpost.core.api.Role.SYSTEM_ADMIN;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.notification.api.NotificationActions;

/**
 * Notifications' rules: the queue's state for SYSTEM_ADMIN and (read-only) OWNER, its failed
 * notices retried by SYSTEM_ADMIN; a guardian only their own settings and contact data. The
 * worker's deliveries are a system job's: no principal holds that action.
 */
@Component(service = AccessDeclaration.class)
public class NotificationAccessDeclaration implements AccessDeclaration {

    @Override
    public String capability() {
        return "notification";
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.of(NotificationActions.QUEUE_READ, "The notification outbox: waiting, in flight, failed, the oldest waiting notice",
                        of(SYSTEM_ADMIN, KOMMUNE), of(OWNER, KOMMUNE)),
                Action.of(NotificationActions.FAILED_RETRY, "Failed notices are tried again", of(SYSTEM_ADMIN, KOMMUNE)),
                Action.of(NotificationActions.SETTINGS_READ, "A guardian's own notice settings", of(GUARDIAN, SELF)),
                Action.of(NotificationActions.SETTINGS_WRITE, "A guardian changes their own notice language and categories", of(GUARDIAN, SELF)),
                Action.of(NotificationActions.CONTACT_CHANGE, "A guardian's own e-mail or mobile, used once a code sent to it is confirmed",
                        of(GUARDIAN, SELF)),
                Action.of(NotificationActions.DELIVER, "The outbox's worker delivers notices (a system job; no principal)"));
    }
}
