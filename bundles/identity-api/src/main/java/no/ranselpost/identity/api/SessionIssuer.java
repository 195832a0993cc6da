package no.ranselpost.identity.api;

import java.util.Optional;

import no.ranselpost.core.api.identity.LoginResult;

/**
 * Opens Ranselpost's own session for an identity a provider proved, and ends the sessions a
 * provider asks to end. The one place sessions are made for outside providers, so every session
 * is the same opaque, revocable bearer token whoever proved the person.
 */
public interface SessionIssuer {

    /**
     * A new session for the identity's account (a guardian account is made on the first sign-in
     * of a person the registers know). Audited in the session's own transaction.
     *
     * @throws UnknownPersonException when no person or account matches: no account is made, a denial is recorded
     */
    LoginResult open(VerifiedIdentity identity);

    /** The provider's side of a session, when a provider opened it. */
    Optional<ProviderSession> providerSession(long sessionId);

    /** Ends one session at once (sign-out); true when it was live until now. Audited. */
    boolean end(long sessionId);

    /**
     * Ends every live session the provider opened with this provider session id (front-channel
     * logout); answers how many ended.
     */
    int endProviderSessions(String providerId, String providerSessionId);
}
