package no.ranselpost.core.api.identity;

import java.util.Optional;

/**
 * Sign-in with opaque, revocable bearer tokens; HTTP Basic for integration accounts only.
 * Attempts are limited per account and per client address before any password is hashed.
 */
public interface SessionService {

    /**
     * Checks the password (and, for OWNER, SYSTEM_ADMIN and UNIT_ADMIN, the TOTP code) and
     * answers with a new token. Repeated failures lock the account for a while.
     *
     * @param clientAddress the caller's network address, for the per-address limit; null for
     *                      callers inside the machine (the shell, tests), which only the
     *                      per-account limit applies to
     * @throws AuthenticationException on any failure; the message never says which part was wrong
     * @throws TooManyAttemptsException over the per-account or per-address limit, before the password is checked
     */
    LoginResult login(String username, char[] password, String totpCode, String clientAddress);

    /** {@link #login(String, char[], String, String)} without a client address (internal callers). */
    default LoginResult login(String username, char[] password, String totpCode) {
        return login(username, password, totpCode, null);
    }

    /** The principal behind a token, read afresh; empty when the token is unknown, expired or revoked. */
    Optional<AuthenticatedPrincipal> resolve(String token);

    /**
     * HTTP Basic for INTEGRATION accounts (no other role may use it); empty on any failure.
     *
     * @param clientAddress as for {@link #login(String, char[], String, String)}; null for internal callers
     * @throws TooManyAttemptsException over the per-account or per-address limit, before the password is checked
     */
    Optional<AuthenticatedPrincipal> authenticateIntegration(String username, char[] password, String clientAddress);

    /** {@link #authenticateIntegration(String, char[], String)} without a client address (internal callers). */
    default Optional<AuthenticatedPrincipal> authenticateIntegration(String username, char[] password) {
        return authenticateIntegration(username, password, null);
    }

    /** Revokes a token; true when it was valid until now. */
    boolean revoke(String token);
}
