package no.ranselpost.rest.internal;

import java.util.Optional;
import java.util.function.Supplier;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.SessionService;

/**
 * Deny by default: every request but the anonymous endpoints the capabilities declared (the
 * access bundle's registry) needs a valid bearer
 * token, resolved afresh for every request. Runs before resource matching, so an unknown path
 * without a token is a 401 too.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final String BASIC = "Basic ";

    private final Supplier<SessionService> sessions;
    private final Supplier<AccessPolicy> access;

    public AuthenticationFilter(Supplier<SessionService> sessions, Supplier<AccessPolicy> access) {
        this.sessions = sessions;
        this.access = access;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        AccessPolicy policy = access.get();
        if (policy != null && policy.isAnonymous(request.getMethod(), RestPaths.absolute(request.getUriInfo().getPath()),
                request.getUriInfo().getRequestUri().getRawQuery())) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        SessionService service = sessions.get();
        if (header != null && header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            // HTTP Basic: INTEGRATION accounts only, checked on every call
            Optional<AuthenticatedPrincipal> principal = basic(service, header.substring(BASIC.length()).strip());
            if (principal.isEmpty()) {
                abort(request, "HTTP Basic is for integration accounts only, and these credentials are not valid");
                return;
            }
            request.setSecurityContext(new RequestPrincipal(principal.get(), null, request.getSecurityContext().isSecure()));
            return;
        }
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            abort(request, "This operation needs a bearer token: sign in at POST /api/v1/auth/login");
            return;
        }
        String token = header.substring(BEARER.length()).strip();
        Optional<AuthenticatedPrincipal> principal = service == null ? Optional.empty() : service.resolve(token);
        if (principal.isEmpty()) {
            abort(request, "The token is unknown, expired or revoked");
            return;
        }
        request.setSecurityContext(new RequestPrincipal(principal.get(), token, request.getSecurityContext().isSecure()));
    }

    private static Optional<AuthenticatedPrincipal> basic(SessionService service, String encoded) {
        if (service == null) {
            return Optional.empty();
        }
        try {
            String decoded = new String(java.util.Base64.getDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            return service.authenticateIntegration(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray());
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private static void abort(ContainerRequestContext request, String detail) {
        Problem problem = Problem.of(Response.Status.UNAUTHORIZED, detail, RestPaths.absolute(request.getUriInfo().getPath()));
        request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ranselpost\"")
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build());
    }
}
