package no.ranselpost.identity.idporten.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.AnonymousEndpoint;
import no.ranselpost.access.api.Rule;
import no.ranselpost.access.api.Scope;
import no.ranselpost.core.api.Role;

/**
 * ID-porten's endpoints that answer without a Ranselpost session: starting a sign-in, the
 * callback, the app token exchange and front-channel logout. Each proves who calls by ID-porten's
 * own means (state and code, a signed token, the provider's session id). Sign-out through
 * ID-porten is for guardians.
 */
@Component(service = AccessDeclaration.class)
public class IdPortenAccessDeclaration implements AccessDeclaration {

    @Override
    public String capability() {
        return "identity-idporten";
    }

    /** A guardian ends their session and is sent to end ID-porten's too. */
    public static final String SIGN_OUT = "identity.idporten.sign-out";

    @Override
    public List<Action> actions() {
        return List.of(Action.of(SIGN_OUT, "A guardian signs out of Ranselpost and of ID-porten", Rule.of(Role.GUARDIAN, Scope.SELF)));
    }

    @Override
    public List<AnonymousEndpoint> anonymousEndpoints() {
        return List.of(
                AnonymousEndpoint.of("GET", "/api/v1/auth/idporten/login", "A guardian's browser starts signing in with ID-porten"),
                AnonymousEndpoint.of("GET", "/api/v1/auth/idporten/callback", "ID-porten sends the browser back with a code and the state"),
                AnonymousEndpoint.of("POST", "/api/v1/auth/idporten/token", "An app exchanges an ID-porten access token for a session"),
                AnonymousEndpoint.of("GET", "/api/v1/auth/idporten/frontchannel-logout", "ID-porten ends its session, and ours with it"));
    }
}
