package no.ranselpost.rest.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.function.Supplier;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.SessionService;
import no.ranselpost.core.api.identity.TooManyAttemptsException;
import no.ranselpost.identity.api.BrowserSessions;

/**
 * Deny by default: every request but the anonymous endpoints the capabilities declared (the
 * access bundle's registry) needs a valid bearer
 * token, resolved afresh for every request. Runs before resource matching, so an unknown path
 * without a token is a 401 too. HTTP Basic attempts are limited per account and per client
 * address by the identity service before any password is hashed; over the limit the answer is
 * 429 with {@code Retry-After}.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final String BASIC = "Basic ";

    private final Supplier<SessionService> sessions;
    private final Supplier<AccessPolicy> access;

    private final Supplier<TransportPolicy> transport;
    private final Supplier<BrowserPolicy> browser;

    public AuthenticationFilter(Supplier<SessionService> sessions, Supplier<AccessPolicy> access) {
        this(sessions, access, () -> TransportPolicy.DEFAULT);
    }

    public AuthenticationFilter(Supplier<SessionService> sessions, Supplier<AccessPolicy> access, Supplier<TransportPolicy> transport) {
        this(sessions, access, transport, () -> BrowserPolicy.DEFAULT);
    }

    public AuthenticationFilter(Supplier<SessionService> sessions, Supplier<AccessPolicy> access, Supplier<TransportPolicy> transport,
                                Supplier<BrowserPolicy> browser) {
        this.sessions = sessions;
        this.access = access;
        this.transport = transport;
        this.browser = browser;
    }

    /** Requests that change nothing: the session cookie alone is enough for them. */
    private static final java.util.Set<String> SAFE_METHODS = java.util.Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public void filter(ContainerRequestContext request) {
        // credentials never over plain HTTP from outside: refused before they are looked at
        String sessionCookie = request.getHeaderString(HttpHeaders.AUTHORIZATION) == null ? sessionCookie(request) : null;
        boolean carriesCredentials = request.getHeaderString(HttpHeaders.AUTHORIZATION) != null || sessionCookie != null
                || RestPaths.absolute(request.getUriInfo().getPath()).equals(RestPaths.BASE + "/auth/login")
                || RestPaths.absolute(request.getUriInfo().getPath()).startsWith(RestPaths.BASE + "/auth/activation")
                // the first administrator's setup code, answered with a password (identity-local's SetupResource)
                || RestPaths.absolute(request.getUriInfo().getPath()).startsWith(RestPaths.BASE + "/setup/");
        TransportPolicy tls = transport.get();
        if (carriesCredentials && tls.required() && !tls.allows(request.getSecurityContext().isSecure(), clientAddress(),
                request.getHeaderString("X-Forwarded-Proto"))) {
            request.abortWith(Problem.of(Response.Status.FORBIDDEN, "Credentials are taken over HTTPS only: use https:// (or the "
                    + "kommune's TLS proxy); nothing was checked", RestPaths.absolute(request.getUriInfo().getPath())).toResponse());
            return;
        }
        AccessPolicy policy = access.get();
        if (policy != null && policy.isAnonymous(request.getMethod(), RestPaths.absolute(request.getUriInfo().getPath()),
                request.getUriInfo().getRequestUri().getRawQuery())) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        SessionService service = sessions.get();
        if (sessionCookie != null) {
            cookieSession(request, service, sessionCookie);
            return;
        }
        if (header != null && header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            // HTTP Basic: INTEGRATION accounts only, checked on every call
            Optional<AuthenticatedPrincipal> principal;
            try {
                principal = basic(service, header.substring(BASIC.length()).strip(), clientAddress());
            } catch (TooManyAttemptsException e) {
                tooMany(request, e);
                return;
            }
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

    /**
     * A browser's session cookie: resolved like a bearer token; a changing request must also come
     * from the server's own origin (or a listed one) and carry the session's CSRF token.
     */
    private void cookieSession(ContainerRequestContext request, SessionService service, String token) {
        if (!SAFE_METHODS.contains(request.getMethod().toUpperCase(java.util.Locale.ROOT))) {
            String host = request.getUriInfo().getRequestUri().getHost();
            if (!browser.get().allows(request.getHeaderString("Origin"), request.getHeaderString("Referer"), host)) {
                forbid(request, "A change with the session cookie must come from Ranselpost's own pages (the Origin is foreign)");
                return;
            }
            if (!BrowserSessions.csrfMatches(token, request.getHeaderString(BrowserSessions.CSRF_HEADER))) {
                forbid(request, "A change with the session cookie needs the session's CSRF token in the "
                        + BrowserSessions.CSRF_HEADER + " header (the " + BrowserSessions.CSRF_COOKIE + " cookie's value)");
                return;
            }
        }
        Optional<AuthenticatedPrincipal> principal = service == null ? Optional.empty() : service.resolve(token);
        if (principal.isEmpty()) {
            abort(request, "The session has ended (expired or signed out); sign in again");
            return;
        }
        request.setSecurityContext(new RequestPrincipal(principal.get(), token, request.getSecurityContext().isSecure()));
    }

    /** The session cookie's value, when the request carries one that looks like a token. */
    static String sessionCookie(ContainerRequestContext request) {
        javax.ws.rs.core.Cookie c = request.getCookies().get(BrowserSessions.SESSION_COOKIE);
        if (c == null || c.getValue() == null || c.getValue().isBlank() || c.getValue().length() > 200) {
            return null;
        }
        return c.getValue();
    }

    private static void forbid(ContainerRequestContext request, String detail) {
        request.abortWith(Problem.of(Response.Status.FORBIDDEN, detail, RestPaths.absolute(request.getUriInfo().getPath())).toResponse());
    }

    private static Optional<AuthenticatedPrincipal> basic(SessionService service, String encoded, String clientAddress) {
        if (service == null) {
            return Optional.empty();
        }
        try {
            String decoded = new String(java.util.Base64.getDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            return service.authenticateIntegration(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray(), clientAddress);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private static void tooMany(ContainerRequestContext request, TooManyAttemptsException e) {
        Problem problem = Problem.of(Response.Status.TOO_MANY_REQUESTS, e.getMessage(), RestPaths.absolute(request.getUriInfo().getPath()));
        request.abortWith(Response.status(Response.Status.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build());
    }

    /**
     * The network address of the client of the request on this thread (the servlet request's
     * {@code getRemoteAddr()}), or null outside a CXF HTTP request. Behind a reverse proxy this is
     * the proxy's address; forwarded headers are not trusted, as any client can send them.
     */
    public static String clientAddress() {
        Message message = PhaseInterceptorChain.getCurrentMessage();
        return message == null ? null : remoteAddress(message.get(AbstractHTTPDestination.HTTP_REQUEST));
    }

    private static final ClassValue<Method> REMOTE_ADDR = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            return publicRemoteAddr(type);
        }
    };

    /**
     * {@code ServletRequest.getRemoteAddr()} without the servlet API at compile time (this bundle
     * does not depend on it): called through a public interface that declares it, since the
     * container's request class itself need not be public.
     */
    static String remoteAddress(Object servletRequest) {
        if (servletRequest == null) {
            return null;
        }
        Method m = REMOTE_ADDR.get(servletRequest.getClass());
        if (m == null) {
            return null;
        }
        try {
            Object address = m.invoke(servletRequest);
            return address instanceof String s && !s.isBlank() ? s : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Method publicRemoteAddr(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (Modifier.isPublic(c.getModifiers())) {
                try {
                    Method m = c.getMethod("getRemoteAddr");
                    if (Modifier.isPublic(m.getDeclaringClass().getModifiers()) && m.getParameterCount() == 0) {
                        return m;
                    }
                } catch (NoSuchMethodException ignored) {
                    // look further
                }
            }
            for (Class<?> i : c.getInterfaces()) {
                Method m = publicRemoteAddr(i);
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
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
