package no.ranselpost.core.api.identity;

import java.util.Optional;

/** Staff sign-in with opaque, revocable bearer tokens. */
public interface SessionService {

    /**
     * Checks the password and answers with a new token.
     *
     * @throws AuthenticationException when the user name or password is wrong, or the account is disabled
     */
    LoginResult login(String username, char[] password);

    /** The principal behind a token, read afresh; empty when the token is unknown, expired or revoked. */
    Optional<AuthenticatedPrincipal> resolve(String token);

    /** Revokes a token; true when it was valid until now. */
    boolean revoke(String token);
}
