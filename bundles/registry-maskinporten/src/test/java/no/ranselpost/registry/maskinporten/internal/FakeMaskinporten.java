package no.ranselpost.registry.maskinporten.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Maskinporten's token endpoint over real HTTP for the tests: it takes the JWT grant only when
 * its RS256 signature verifies with the client's public key (made by the test), and its aud,
 * iss, scope, iat, exp (at most 120 s after iat, not passed) and jti (never seen before) are
 * right; it answers {@code {access_token, token_type, expires_in, scope}} or 400
 * {@code {error}}. It counts token requests and remembers the tokens it issued, which the
 * register fakes check ({@link #valid}); {@link #revokeAll} makes them all invalid. Test
 * controls: GET or POST /test/{name}.
 */
public final class FakeMaskinporten implements AutoCloseable {

    public static final String ISSUER = "https://maskinporten.test.invalid/";

    private record Issued(String scope, Instant expiresAt) {
    }

    private final RSAPublicKey clientKey;
    private final String clientId;
    private final Set<String> allowedScopes;
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final Set<String> jtis = ConcurrentHashMap.newKeySet();
    public final AtomicInteger tokenRequests = new AtomicInteger();
    public final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    /** Its notion of now (a test may move it with the client's). */
    public volatile java.time.Clock clock = java.time.Clock.systemUTC();
    /** expires_in of the tokens it issues from now. */
    public volatile long expiresIn = 120;
    private final Map<String, Supplier<Object>> controls = new ConcurrentHashMap<>();
    private final HttpServer server;

    public FakeMaskinporten(RSAPublicKey clientKey, String clientId, Set<String> allowedScopes) throws IOException {
        this.clientKey = clientKey;
        this.clientId = clientId;
        this.allowedScopes = Set.copyOf(allowedScopes);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        // started from a daemon thread, so that the server's dispatcher thread (which inherits it) never keeps a test JVM alive
        Thread starter = new Thread(server::start, "fake-server-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String tokenEndpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void control(String name, Supplier<Object> action) {
        controls.put(name, action);
    }

    /** Whether this token was issued here for this scope, is not revoked and has not expired. */
    public boolean valid(String token, String scope) {
        Issued i = token == null ? null : issued.get(token);
        return i != null && clock.instant().isBefore(i.expiresAt()) && List.of(i.scope().split(" ")).contains(scope);
    }

    public void revokeAll() {
        issued.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        try (ex) {
            if (path.startsWith("/test/") && controls.containsKey(path.substring(6))) {
                respond(ex, 200, JSONObjectUtils.toJSONString(Map.of("result", controls.get(path.substring(6)).get())));
                return;
            }
            if (!"/token".equals(path) || !"POST".equals(ex.getRequestMethod())) {
                respond(ex, 404, "{}");
                return;
            }
            tokenRequests.incrementAndGet();
            Map<String, String> form = new HashMap<>();
            try (InputStream in = ex.getRequestBody()) {
                for (String pair : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("&")) {
                    int i = pair.indexOf('=');
                    if (i > 0) {
                        form.put(URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8),
                                URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            String problem = contentType == null || !contentType.startsWith("application/x-www-form-urlencoded") ? "not a form"
                    : !MaskinportenTokenSupplier.GRANT_TYPE.equals(form.get("grant_type")) ? "grant_type" : null;
            String scope = null;
            if (problem == null) {
                try {
                    SignedJWT jwt = SignedJWT.parse(form.getOrDefault("assertion", ""));
                    JWTClaimsSet c = jwt.getJWTClaimsSet();
                    Instant now = clock.instant();
                    scope = c.getStringClaim("scope");
                    if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
                        problem = "alg";
                    } else if (!jwt.verify(new RSASSAVerifier(clientKey))) {
                        problem = "signature";
                    } else if (!List.of(ISSUER).equals(c.getAudience())) {
                        problem = "aud";
                    } else if (!clientId.equals(c.getIssuer())) {
                        problem = "iss";
                    } else if (scope == null || !allowedScopes.containsAll(List.of(scope.split(" ")))) {
                        problem = "scope";
                    } else if (c.getIssueTime() == null || c.getExpirationTime() == null
                            || c.getExpirationTime().getTime() - c.getIssueTime().getTime() > 120_000
                            || c.getExpirationTime().toInstant().isBefore(now) || c.getIssueTime().toInstant().isAfter(now.plusSeconds(10))) {
                        problem = "iat/exp";
                    } else if (c.getJWTID() == null || !jtis.add(c.getJWTID())) {
                        problem = "jti";
                    }
                } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
                    problem = "assertion not a signed JWT";
                }
            }
            if (problem != null) {
                errors.add(problem);
                respond(ex, 400, JSONObjectUtils.toJSONString(Map.of("error", "invalid_grant", "error_description", problem)));
                return;
            }
            String token = "mp-" + UUID.randomUUID();
            long life = expiresIn;
            issued.put(token, new Issued(scope, clock.instant().plusSeconds(life)));
            respond(ex, 200, JSONObjectUtils.toJSONString(Map.of("access_token", token, "token_type", "Bearer", "expires_in", life, "scope", scope)));
        }
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
