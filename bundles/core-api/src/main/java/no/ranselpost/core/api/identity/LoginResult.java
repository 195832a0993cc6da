package no.ranselpost.core.api.identity;

import java.time.OffsetDateTime;

/** An opaque bearer token (shown once; only its hash is stored) and when it expires. */
public record LoginResult(String token, OffsetDateTime expiresAt, AuthenticatedPrincipal principal) {

    @Override
    public String toString() {
        return "LoginResult[token=***, expiresAt=" + expiresAt + ", account=" + principal.accountId() + "]";
    }
}
