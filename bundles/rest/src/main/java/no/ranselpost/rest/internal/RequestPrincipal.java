package no.ranselpost.rest.internal;

import java.security.Principal;

import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.core.SecurityContext;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** The acting principal of one request, as the authentication filter found it. */
public final class RequestPrincipal implements SecurityContext {

    private final AuthenticatedPrincipal principal;
    private final String token;
    private final boolean secure;

    RequestPrincipal(AuthenticatedPrincipal principal, String token, boolean secure) {
        this.principal = principal;
        this.token = token;
        this.secure = secure;
    }

    public AuthenticatedPrincipal principal() {
        return principal;
    }

    /** The bearer token of this request (to revoke it on sign-out). */
    public String token() {
        return token;
    }

    /** The principal of an authenticated request; a resource that needs one calls this. */
    public static RequestPrincipal of(SecurityContext context) {
        if (context instanceof RequestPrincipal rp) {
            return rp;
        }
        throw new NotAuthorizedException("Bearer");
    }

    @Override
    public Principal getUserPrincipal() {
        // the principal itself, so that resources of capability bundles (which never import rest) find it
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return principal.grants().stream().anyMatch(g -> g.role().name().equals(role));
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "Bearer";
    }
}
