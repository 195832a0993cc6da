package no.ranselpost.identity.local.shell;

import java.security.AccessController;
import java.util.Optional;

import javax.security.auth.Subject;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.core.api.identity.SessionService;

/**
 * Who runs a shell command: the Ranselpost account signed in over SSH or {@code bin/client} (its
 * session in the subject's private credentials, read afresh through its token, so a disabled
 * account or an ended session stops at once), or nobody signed in: the local console of the
 * machine itself ({@code bin/karaf}), which holds no Ranselpost account.
 */
final class ShellSession {

    /** A command from a signed-in session whose session has ended. */
    static final class Ended extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Ended() {
            super("Your Ranselpost session has ended (expired, signed out or the account disabled): sign in again");
        }
    }

    private ShellSession() {
    }

    static Optional<LoginResult> session() {
        @SuppressWarnings("removal")
        Subject subject = Subject.getSubject(AccessController.getContext());
        return subject == null ? Optional.empty() : subject.getPrivateCredentials(LoginResult.class).stream().findFirst();
    }

    /** The signed-in principal, read afresh; empty on the local console. */
    static Optional<AuthenticatedPrincipal> principal(SessionService sessions) {
        Optional<LoginResult> session = session();
        if (session.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(sessions.resolve(session.get().token()).orElseThrow(Ended::new));
    }
}
