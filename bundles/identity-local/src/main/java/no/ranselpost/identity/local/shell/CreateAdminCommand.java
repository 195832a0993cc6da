package no.ranselpost.identity.local.shell;

import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.SessionService;
import no.ranselpost.core.api.identity.StaffAccountService;
import no.ranselpost.identity.local.internal.FirstAdminExistsException;
import no.ranselpost.identity.local.internal.LocalAccounts;

/**
 * Creates a SYSTEM_ADMIN, its generated password and TOTP secret printed once: the first one from
 * the machine itself (the local console) while no SYSTEM_ADMIN exists, every further one by a
 * signed-in SYSTEM_ADMIN (over SSH or bin/client), recorded as that person. Anyone else is refused
 * and the refusal recorded. (Without a terminal, the first one comes from the setup code: README.)
 */
@Command(scope = "ranselpost", name = "admin-create",
        description = "Creates a SYSTEM_ADMIN account with a generated password and TOTP secret, printed once "
                + "(the first one while none exists; later ones by a signed-in SYSTEM_ADMIN)")
@Service
public class CreateAdminCommand implements Action {

    @Reference
    LocalAccounts accounts;

    @Reference
    SessionService sessions;

    @Argument(index = 0, name = "username", required = true, description = "user name (a-z, 0-9, . _ -)")
    String username;

    @Argument(index = 1, name = "displayName", required = false, description = "name shown in the user interface")
    String displayName;

    @Override
    public Object execute() {
        try {
            Optional<AuthenticatedPrincipal> principal = ShellSession.principal(sessions);
            StaffAccountService.CreatedAccount created = accounts.createSystemAdmin(principal.orElse(null), "system:console",
                    username, displayName);
            System.out.println("Created SYSTEM_ADMIN '" + created.username() + "'.");
            System.out.println("Password (shown only now): " + created.password());
            System.out.println("TOTP secret (shown only now; add it to an authenticator app): " + created.totpSecret());
            System.out.println("  " + created.totpUri("Ranselpost"));
            System.out.println("Sign in with POST /api/v1/auth/login {\"username\", \"password\", \"totp\"}, "
                    + "or over SSH (port 8101) with the password followed by the six-digit code.");
        } catch (FirstAdminExistsException e) {
            System.err.println("Not created: a SYSTEM_ADMIN exists; only a signed-in SYSTEM_ADMIN creates another "
                    + "(sign in over SSH: ssh -p 8101 <user>@localhost)");
        } catch (AccessDeniedException e) {
            System.err.println("Not created: only a SYSTEM_ADMIN creates another SYSTEM_ADMIN");
        } catch (ShellSession.Ended | IllegalArgumentException e) {
            System.err.println("Not created: " + e.getMessage());
        }
        return null;
    }
}
