package no.ranselpost.core.api.identity;

import java.util.List;

import no.ranselpost.core.api.Role;

/**
 * The acting principal of one request, read afresh from the database for every request: the
 * account, the grants valid today, and the session it signed in with.
 */
public record AuthenticatedPrincipal(long accountId, String username, String displayName,
                                     List<RoleGrant> grants, long sessionId) {

    public AuthenticatedPrincipal {
        grants = List.copyOf(grants);
    }

    public boolean hasRole(Role role) {
        return grants.stream().anyMatch(g -> g.role() == role);
    }
}
