package no.ranselpost.notification.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import no.ranselpost.audit.api.Actor;
import no.ranselpost.notification.api.QueueStatus;
import no.ranselpost.notification.internal.JpaNotificationOutbox;

/** Shell commands for the notification outbox: the same as the REST operations, for the machine's administrator. */
public final class NotificationCommands {

    private NotificationCommands() {
    }

    /** Who runs a command, for the audit trail: {@code shell:<user>} (the Karaf user of the session). */
    static Actor shellActor() {
        String user = "console";
        javax.security.auth.Subject subject = javax.security.auth.Subject.getSubject(java.security.AccessController.getContext());
        if (subject != null) {
            user = subject.getPrincipals().stream().filter(p -> p.getClass().getSimpleName().equals("UserPrincipal"))
                    .map(java.security.Principal::getName).findFirst().orElse(user);
        }
        String code = user.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_.+-]", "_").replaceAll("[0-9]{5,}", "_");
        return new Actor("shell:" + (code.isEmpty() ? "console" : code), "SYSTEM_ADMIN");
    }

    @Command(scope = "ranselpost", name = "notification-status", description = "The notification outbox: waiting, in flight, failed, the oldest")
    @Service
    public static class Status implements Action {
        @Reference
        JpaNotificationOutbox outbox;

        @Override
        public Object execute() {
            QueueStatus s = outbox.shellStatus();
            System.out.printf("waiting %d (in flight %d, retrying %d), failed %d, sent last hour %d, oldest waiting %s (%d s)%n", s.waiting(),
                    s.inFlight(), s.retrying(), s.failed(), s.sentLastHour(), s.oldestWaitingAt() == null ? "-" : s.oldestWaitingAt(),
                    s.oldestWaitingSeconds());
            return null;
        }
    }

    @Command(scope = "ranselpost", name = "notification-retry", description = "Failed notices wait again, their attempts from zero")
    @Service
    public static class Retry implements Action {
        @Reference
        JpaNotificationOutbox outbox;

        @Override
        public Object execute() {
            System.out.printf("%d failed notice(s) wait again%n", outbox.shellRetry(shellActor()));
            return null;
        }
    }
}
