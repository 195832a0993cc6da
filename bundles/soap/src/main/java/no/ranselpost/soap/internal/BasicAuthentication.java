package no.ranselpost.soap.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.security.SecurityContext;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.SessionService;
import no.ranselpost.core.api.identity.TooManyAttemptsException;

/**
 * Who calls: HTTP Basic with an INTEGRATION account (the identity service checks it on every call,
 * with its attempt limits), over TLS unless from loopback or a trusted TLS proxy. The WSDL
 * ({@code GET ?wsdl}) answers without credentials, as the access policy's registry of anonymous
 * endpoints says; nothing else does. The principal is handed to the service through the
 * message's security context ({@code WebServiceContext.getUserPrincipal()}).
 */
final class BasicAuthentication extends AbstractPhaseInterceptor<Message> {

    private static final String BASIC = "Basic ";

    private final Supplier<SessionService> sessions;
    private final Supplier<AccessPolicy> access;
    private final Supplier<TransportPolicy> transport;
    private final EnvelopeGuard.Refusals refusals;

    BasicAuthentication(Supplier<SessionService> sessions, Supplier<AccessPolicy> access, Supplier<TransportPolicy> transport,
                        EnvelopeGuard.Refusals refusals) {
        super(Phase.RECEIVE);
        addAfter(EnvelopeGuard.class.getName());
        this.sessions = sessions;
        this.access = access;
        this.transport = transport;
        this.refusals = refusals;
    }

    @Override
    public void handleMessage(Message message) {
        String method = (String) message.get(Message.HTTP_REQUEST_METHOD);
        String path = (String) message.get(Message.REQUEST_URI);
        String query = (String) message.get(Message.QUERY_STRING);
        AccessPolicy policy = access.get();
        if (method != null && !"POST".equalsIgnoreCase(method)) {
            if (policy != null && policy.isAnonymous(method.toUpperCase(Locale.ROOT), path, query)) {
                return;
            }
            throw SoapFaults.client(405, "method-not-allowed", "A SOAP call is a POST; GET answers '?wsdl' only");
        }
        String header = header(message, "Authorization");
        if (header == null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            refusals.refused(message, SoapFaults.UNAUTHENTICATED);
            throw unauthenticated("This service needs HTTP Basic with an integration account");
        }
        Object request = message.get(AbstractHTTPDestination.HTTP_REQUEST);
        if (!transport.get().allows(isSecure(request), remoteAddress(request), header(message, "X-Forwarded-Proto"))) {
            refusals.refused(message, "credentials-over-plain-http");
            throw SoapFaults.client(403, SoapFaults.FORBIDDEN, "Credentials are taken over HTTPS only: use https:// (or the kommune's "
                    + "TLS proxy); nothing was checked");
        }
        Optional<AuthenticatedPrincipal> principal;
        try {
            principal = basic(sessions.get(), header.substring(BASIC.length()).strip(), remoteAddress(request));
        } catch (TooManyAttemptsException e) {
            refusals.refused(message, SoapFaults.TOO_MANY);
            throw SoapFaults.client(429, SoapFaults.TOO_MANY, e.getMessage());
        }
        if (principal.isEmpty() || principal.get().kind() != AccountKind.INTEGRATION) {
            refusals.refused(message, SoapFaults.UNAUTHENTICATED);
            throw unauthenticated("HTTP Basic is for integration accounts only, and these credentials are not valid");
        }
        AuthenticatedPrincipal p = principal.get();
        message.getExchange().put(AuthenticatedPrincipal.class, p);
        message.put(SecurityContext.class, new SecurityContext() {
            @Override
            public java.security.Principal getUserPrincipal() {
                return p;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }
        });
    }

    private static org.apache.cxf.binding.soap.SoapFault unauthenticated(String reason) {
        return SoapFaults.client(401, SoapFaults.UNAUTHENTICATED, reason);
    }

    private static Optional<AuthenticatedPrincipal> basic(SessionService service, String encoded, String clientAddress) {
        if (service == null) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            return service.authenticateIntegration(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray(), clientAddress);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    static String header(Message message, String name) {
        Object headers = message.get(Message.PROTOCOL_HEADERS);
        if (!(headers instanceof Map)) {
            return null;
        }
        for (Map.Entry<String, List<String>> e : ((Map<String, List<String>>) headers).entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** The servlet request's {@code getRemoteAddr()}, without the servlet API at compile time. */
    static String remoteAddress(Object servletRequest) {
        Object v = call(servletRequest, "getRemoteAddr");
        return v instanceof String s && !s.isBlank() ? s : null;
    }

    static boolean isSecure(Object servletRequest) {
        return Boolean.TRUE.equals(call(servletRequest, "isSecure"));
    }

    private static Object call(Object target, String name) {
        if (target == null) {
            return null;
        }
        Method m = publicMethod(target.getClass(), name);
        if (m == null) {
            return null;
        }
        try {
            return m.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Through a public interface that declares it: the container's request class itself need not be public. */
    private static Method publicMethod(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (Modifier.isPublic(c.getModifiers())) {
                try {
                    Method m = c.getMethod(name);
                    if (Modifier.isPublic(m.getDeclaringClass().getModifiers()) && m.getParameterCount() == 0) {
                        return m;
                    }
                } catch (NoSuchMethodException ignored) {
                    // look further
                }
            }
            for (Class<?> i : c.getInterfaces()) {
                Method m = publicMethod(i, name);
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }
}
