package no.ranselpost.identity.local.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.identity.StaffAccountService;

/**
 * The documented bootstrap: a fresh install has no account; whoever has the Karaf console on
 * the machine itself creates the first SYSTEM_ADMIN. The generated password and TOTP secret
 * are printed once.
 */
@Command(scope = "ranselpost", name = "admin-create",
        description = "Creates a SYSTEM_ADMIN account with a generated password and TOTP secret, printed once")
@Service
public class CreateAdminCommand implements Action {

    @Reference
    StaffAccountService accounts;

    @Argument(index = 0, name = "username", required = true, description = "user name (a-z, 0-9, . _ -)")
    String username;

    @Argument(index = 1, name = "displayName", required = false, description = "name shown in the user interface")
    String displayName;

    @Override
    public Object execute() {
        try {
            StaffAccountService.CreatedAccount created = accounts.create("system:console", username, displayName, null,
                    List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)));
            System.out.println("Created SYSTEM_ADMIN '" + created.username() + "'.");
            System.out.println("Password (shown only now): " + created.password());
            System.out.println("TOTP secret (shown only now; add it to an authenticator app): " + created.totpSecret());
            System.out.println("  " + created.totpUri("Ranselpost"));
            System.out.println("Sign in with POST /api/v1/auth/login {\"username\", \"password\", \"totp\"}.");
        } catch (IllegalArgumentException e) {
            System.err.println("Not created: " + e.getMessage());
        }
        return null;
    }
}
