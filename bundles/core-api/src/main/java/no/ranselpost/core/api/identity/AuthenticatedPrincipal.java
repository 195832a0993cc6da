package no.ranselpost.core.api.identity;

import java.util.List;

import no.ranselpost.core.api.Role;

/**
 * The acting principal of one request, read afresh from the database for every request: the
 * account, the person it belongs to (guardians), the grants valid today, the session, and how
 * strongly the session was authenticated.
 */
public record AuthenticatedPrincipal(long accountId, String username, String displayName, Long personId,
                                     List<RoleGrant> grants, long sessionId, Assurance assurance) {

    /** How the session signed in. */
    public enum Assurance {
        /** User name and password. */
        PASSWORD,
        /** Password and a TOTP code. */
        PASSWORD_AND_TOTP,
        /** HTTP Basic on an integration account (no session). */
        INTEGRATION_BASIC
    }

    public AuthenticatedPrincipal {
        grants = List.copyOf(grants);
    }

    public boolean hasRole(Role role) {
        return grants.stream().anyMatch(g -> g.role() == role);
    }
}
