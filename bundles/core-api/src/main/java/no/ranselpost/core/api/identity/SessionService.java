package no.ranselpost.core.api.identity;

import java.util.Optional;

/** Sign-in with opaque, revocable bearer tokens; HTTP Basic for integration accounts only. */
public interface SessionService {

    /**
     * Checks the password (and, for OWNER, SYSTEM_ADMIN and UNIT_ADMIN, the TOTP code) and
     * answers with a new token. Repeated failures lock the account for a while.
     *
     * @throws AuthenticationException on any failure; the message never says which part was wrong
     */
    LoginResult login(String username, char[] password, String totpCode);

    /** The principal behind a token, read afresh; empty when the token is unknown, expired or revoked. */
    Optional<AuthenticatedPrincipal> resolve(String token);

    /** HTTP Basic for INTEGRATION accounts (no other role may use it); empty on any failure. */
    Optional<AuthenticatedPrincipal> authenticateIntegration(String username, char[] password);

    /** Revokes a token; true when it was valid until now. */
    boolean revoke(String token);
}
