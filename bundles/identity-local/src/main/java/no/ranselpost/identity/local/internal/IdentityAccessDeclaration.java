package no.ranselpost.identity.local.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.KOMMUNE;
import static no.ranselpost.access.api.Scope.SELF;

import java.util.Arrays;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.AnonymousEndpoint;
import no.ranselpost.access.api.Rule;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.IdentityActions;

/** What local sign-in brings to the access policy: the account's own actions, integration accounts, and the sign-in endpoint. */
@Component(service = AccessDeclaration.class)
public class IdentityAccessDeclaration implements AccessDeclaration {

    /** Another SYSTEM_ADMIN, created by a signed-in one (the shell's {@code ranselpost:admin-create}). */
    public static final String SYSTEM_ADMIN_CREATE = "identity.system-admin.create";

    @Override
    public String capability() {
        return "identity";
    }

    /** Every role that signs in, on its own account or session. */
    private static Rule[] everyoneOnSelf() {
        return Arrays.stream(Role.values()).filter(r -> r != Role.SYSTEM_JOB).map(r -> of(r, SELF)).toArray(Rule[]::new);
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.of(IdentityActions.ACCOUNT_SELF_READ, "The signed-in account and its roles", everyoneOnSelf()),
                Action.of(IdentityActions.SIGN_OUT, "Revoke the token of this request", everyoneOnSelf()),
                Action.of(IdentityActions.INTEGRATION_ACCOUNT_CREATE, "Accounts for HR, admission and school systems, each bound to one source",
                        of(Role.SYSTEM_ADMIN, KOMMUNE)),
                Action.of(SYSTEM_ADMIN_CREATE, "Another system administrator (the shell's ranselpost:admin-create)",
                        of(Role.SYSTEM_ADMIN, KOMMUNE)));
    }

    @Override
    public List<AnonymousEndpoint> anonymousEndpoints() {
        return List.of(AnonymousEndpoint.of("POST", "/api/v1/auth/login", "Staff sign-in with user name, password and TOTP code"),
                AnonymousEndpoint.of("POST", "/api/v1/setup/admin",
                        "The first SYSTEM_ADMIN, with the one-time setup code from data/ (only while none exists)"));
    }
}
