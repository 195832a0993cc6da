package no.ranselpost.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageImpl;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.junit.jupiter.api.Test;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.core.api.identity.SessionService;
import no.ranselpost.core.api.identity.TooManyAttemptsException;

class AuthenticationFilterTest {

    /** Stands for the servlet API's ServletRequest: the container's class behind it need not be public. */
    public interface RemoteAddressed {
        String getRemoteAddr();
    }

    private static final class ContainerRequest implements RemoteAddressed {
        @Override
        public String getRemoteAddr() {
            return "198.51.100.4";
        }
    }

    /** An identity service that records the address it is given and refuses as told. */
    private static final class Sessions implements SessionService {
        final List<String> addresses = new ArrayList<>();
        final AtomicReference<RuntimeException> refusal = new AtomicReference<>();

        @Override
        public LoginResult login(String username, char[] password, String totpCode, String clientAddress) {
            throw new AssertionError("the filter never signs in with a password");
        }

        @Override
        public Optional<AuthenticatedPrincipal> resolve(String token) {
            return Optional.empty();
        }

        @Override
        public Optional<AuthenticatedPrincipal> authenticateIntegration(String username, char[] password, String clientAddress) {
            addresses.add(clientAddress);
            if (refusal.get() != null) {
                throw refusal.get();
            }
            return Optional.empty();
        }

        @Override
        public boolean revoke(String token) {
            return false;
        }
    }

    /** A request with HTTP Basic credentials on a path that needs them; {@code aborted} gets the answer. */
    private static ContainerRequestContext basicRequest(AtomicReference<Response> aborted) {
        String basic = "Basic " + Base64.getEncoder().encodeToString("hr-system:guess".getBytes(StandardCharsets.UTF_8));
        UriInfo uri = (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getPath" -> "imports/sources";
                    case "getRequestUri" -> URI.create("http://localhost/api/v1/imports/sources");
                    default -> throw new AssertionError("the filter does not call " + m.getName());
                });
        return (ContainerRequestContext) Proxy.newProxyInstance(ContainerRequestContext.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> "GET";
                    case "getUriInfo" -> uri;
                    case "getHeaderString" -> HttpHeaders.AUTHORIZATION.equals(a[0]) ? basic : null;
                    case "abortWith" -> {
                        aborted.set((Response) a[0]);
                        yield null;
                    }
                    default -> throw new AssertionError("the filter does not call " + m.getName());
                });
    }

    /** Runs the filter as CXF does: inside an interceptor chain, with the HTTP request on the message. */
    private static void filterInCxf(AuthenticationFilter filter, ContainerRequestContext request, Object httpRequest) {
        PhaseInterceptorChain chain = new PhaseInterceptorChain(new TreeSet<>(List.of(new Phase("test", 1))));
        chain.add(new AbstractPhaseInterceptor<Message>("test") {
            @Override
            public void handleMessage(Message message) {
                filter.filter(request);
            }
        });
        Message message = new MessageImpl();
        message.put(AbstractHTTPDestination.HTTP_REQUEST, httpRequest);
        chain.doIntercept(message);
    }

    @Test
    void basicOverTheLimitAnswers429ProblemJsonWithRetryAfter() {
        Sessions sessions = new Sessions();
        sessions.refusal.set(new TooManyAttemptsException("Too many sign-in attempts; try again later", 42));
        AtomicReference<Response> aborted = new AtomicReference<>();
        new AuthenticationFilter(() -> sessions, () -> null, () -> TransportPolicy.of(false, "")).filter(basicRequest(aborted));

        Response r = aborted.get();
        assertEquals(429, r.getStatus());
        assertEquals(Problem.MEDIA_TYPE, r.getMediaType().toString());
        assertEquals("42", r.getHeaderString(HttpHeaders.RETRY_AFTER));
        Problem problem = (Problem) r.getEntity();
        assertEquals(429, problem.status());
        assertEquals("Too many sign-in attempts; try again later", problem.detail());
        assertEquals("/api/v1/imports/sources", problem.instance());
        assertNull(r.getHeaderString(HttpHeaders.WWW_AUTHENTICATE));
    }

    @Test
    void wrongBasicCredentialsStay401() {
        Sessions sessions = new Sessions();
        AtomicReference<Response> aborted = new AtomicReference<>();
        new AuthenticationFilter(() -> sessions, () -> null, () -> TransportPolicy.of(false, "")).filter(basicRequest(aborted));
        assertEquals(401, aborted.get().getStatus());
        assertEquals(Problem.MEDIA_TYPE, aborted.get().getMediaType().toString());
    }

    @Test
    void theClientAddressOfTheHttpRequestReachesTheIdentityService() {
        Sessions sessions = new Sessions();
        AuthenticationFilter filter = new AuthenticationFilter(() -> sessions, () -> null, () -> TransportPolicy.of(false, ""));
        filterInCxf(filter, basicRequest(new AtomicReference<>()), new ContainerRequest());
        filterInCxf(filter, basicRequest(new AtomicReference<>()), "not a servlet request");
        filter.filter(basicRequest(new AtomicReference<>()));
        assertEquals(java.util.Arrays.asList("198.51.100.4", null, null), sessions.addresses,
                "the request's address; none for something else on the message, or outside CXF");
    }
}
