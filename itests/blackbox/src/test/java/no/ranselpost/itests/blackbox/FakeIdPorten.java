package no.ranselpost.itests.blackbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenID Connect provider shaped like ID-porten (../shared/FORMATS.md), speaking real HTTP on
 * a free port, with RSA keys made when it starts: discovery, JWKS, authorize (it signs the next
 * person in at once, no page), token (client_secret_basic, PKCE S256 checked, codes used once),
 * end session. Tests steer who signs in and can mint app tokens, good and forged.
 *
 * <p>Self-contained (the JDK and Nimbus only), so it also runs on its own for the README's
 * walk-through: {@code java -cp nimbus-jose-jwt-10.10.jar FakeIdPorten.java <port> <redirect-uri> <pid>}.
 */
public final class FakeIdPorten implements AutoCloseable {

    public static final String CLIENT_ID = "ranselpost-test";
    public static final String CLIENT_SECRET = "test-secret-of-the-kommune";
    public static final String API_AUDIENCE = "https://ranselpost.test/api";

    private record Pending(String nonce, String challenge, String acr, String pid, String redirectUri) {
    }

    private final HttpServer server;
    private final String issuer;
    private volatile String redirectUri;
    private final List<RSAKey> keys = new CopyOnWriteArrayList<>();
    private volatile RSAKey signing;
    private final Map<String, Pending> codes = new ConcurrentHashMap<>();
    private volatile String nextPid;
    private volatile String nextAcr;
    private volatile String nextNonce;
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final AtomicInteger endSessions = new AtomicInteger();
    private volatile String lastAuthorizeQuery;
    private volatile String lastSid;

    private FakeIdPorten(int port, String redirectUri) throws Exception {
        this.redirectUri = redirectUri;
        this.signing = new RSAKeyGenerator(2048).keyID("key-1").generate();
        keys.add(signing);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/idporten-oidc-provider";
        server.createContext("/idporten-oidc-provider/.well-known/openid-configuration", this::discovery);
        server.createContext("/idporten-oidc-provider/jwks", this::jwks);
        server.createContext("/idporten-oidc-provider/authorize", this::authorize);
        server.createContext("/idporten-oidc-provider/token", this::token);
        server.createContext("/idporten-oidc-provider/endsession", this::endSession);
        server.start();
    }

    public static FakeIdPorten start(String redirectUri) throws Exception {
        return new FakeIdPorten(0, redirectUri);
    }

    public String issuer() {
        return issuer;
    }

    public void redirectUri(String uri) {
        this.redirectUri = uri;
    }

    /** Who the next authorize signs in, and at which level (null: the level asked for). */
    public void nextSignIn(String pid, String acr) {
        this.nextPid = pid;
        this.nextAcr = acr;
    }

    /** The next id_token carries this nonce instead of the one the client sent (a replay). */
    public void nextNonce(String nonce) {
        this.nextNonce = nonce;
    }

    public int jwksFetches() {
        return jwksFetches.get();
    }

    public int endSessions() {
        return endSessions.get();
    }

    /** The sid of the last id_token issued. */
    public String lastSid() {
        return lastSid;
    }

    public String lastAuthorizeQuery() {
        return lastAuthorizeQuery;
    }

    /** A new signing key joins the JWKS (the old one stays published): a key rotation. */
    public void rotate() throws Exception {
        RSAKey next = new RSAKeyGenerator(2048).keyID("key-" + (keys.size() + 1)).generate();
        keys.add(next);
        signing = next;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- tokens for apps, good and forged

    public JWTClaimsSet.Builder accessTokenClaims(String pid, String acr) {
        Date now = new Date();
        return new JWTClaimsSet.Builder().issuer(issuer).audience(API_AUDIENCE).subject("pairwise-" + pid.hashCode())
                .claim("pid", pid).claim("acr", acr).claim("client_id", "the-kommunes-app").jwtID(UUID.randomUUID().toString())
                .issueTime(now).expirationTime(new Date(now.getTime() + 120_000));
    }

    public String sign(JWTClaimsSet claims) throws Exception {
        return sign(claims, signing);
    }

    /** Signed with a key the JWKS does not publish, under a published key id: a forged signature. */
    public String forge(JWTClaimsSet claims) throws Exception {
        RSAKey other = new RSAKeyGenerator(2048).keyID(signing.getKeyID()).generate();
        return sign(claims, other);
    }

    /** Signed with a key under an id the provider never published. */
    public String unknownKid(JWTClaimsSet claims) throws Exception {
        return sign(claims, new RSAKeyGenerator(2048).keyID("never-published").generate());
    }

    /** {@code alg: none}. */
    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    // ---- the endpoints

    private void discovery(HttpExchange ex) throws IOException {
        String json = "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\",\"token_endpoint\":\""
                + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\",\"end_session_endpoint\":\"" + issuer + "/endsession\","
                + "\"response_types_supported\":[\"code\"],\"acr_values_supported\":[\"idporten-loa-substantial\",\"idporten-loa-high\"],"
                + "\"code_challenge_methods_supported\":[\"S256\"]}";
        respond(ex, 200, "application/json", json);
    }

    private void jwks(HttpExchange ex) throws IOException {
        jwksFetches.incrementAndGet();
        respond(ex, 200, "application/json", new JWKSet(List.copyOf(keys.stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList())).toString());
    }

    private void authorize(HttpExchange ex) throws IOException {
        lastAuthorizeQuery = ex.getRequestURI().getRawQuery();
        Map<String, String> q = parse(lastAuthorizeQuery);
        if (!CLIENT_ID.equals(q.get("client_id")) || !"code".equals(q.get("response_type")) || !redirectUri.equals(q.get("redirect_uri"))
                || !"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null || q.get("state") == null
                || q.get("nonce") == null) {
            respond(ex, 400, "text/plain", "bad authorization request");
            return;
        }
        String pid = nextPid;
        if (pid == null) {
            respond(ex, 400, "text/plain", "no person to sign in: the test names one");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Pending(q.get("nonce"), q.get("code_challenge"), nextAcr != null ? nextAcr : q.get("acr_values"), pid, q.get("redirect_uri")));
        ex.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state=" + enc(q.get("state")));
        respond(ex, 302, "text/plain", "");
    }

    private void token(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Map<String, String> form;
        try (InputStream in = ex.getRequestBody()) {
            form = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        if (!expected.equals(auth)) {
            respond(ex, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        Pending p = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (p == null || !"authorization_code".equals(form.get("grant_type")) || !p.redirectUri().equals(form.get("redirect_uri"))
                || form.get("code_verifier") == null || !p.challenge().equals(challenge(form.get("code_verifier")))) {
            respond(ex, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        try {
            Date now = new Date();
            String nonce = nextNonce != null ? nextNonce : p.nonce();
            nextNonce = null;
            String sid = "sid-" + UUID.randomUUID();
            lastSid = sid;
            JWTClaimsSet id = new JWTClaimsSet.Builder().issuer(issuer).audience(CLIENT_ID).subject("pairwise-" + p.pid().hashCode())
                    .claim("pid", p.pid()).claim("acr", p.acr()).claim("amr", List.of("TestID")).claim("nonce", nonce)
                    .claim("sid", sid).claim("locale", "nb").issueTime(now)
                    .expirationTime(new Date(now.getTime() + 120_000)).build();
            String access = sign(accessTokenClaims(p.pid(), p.acr()).build());
            respond(ex, 200, "application/json", "{\"access_token\":\"" + access + "\",\"id_token\":\"" + sign(id)
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":120}");
        } catch (Exception e) {
            respond(ex, 500, "application/json", "{\"error\":\"server_error\"}");
        }
    }

    private void endSession(HttpExchange ex) throws IOException {
        endSessions.incrementAndGet();
        respond(ex, 200, "text/plain", "signed out of the fake ID-porten");
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> parse(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.getResponseHeaders().add("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    /** On its own: {@code java -cp nimbus-jose-jwt.jar FakeIdPorten.java <port> <redirect-uri> <pid>}; signs that person in. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: FakeIdPorten <port> <redirect-uri> <pid> [acr]");
            System.exit(2);
        }
        FakeIdPorten fake = new FakeIdPorten(Integer.parseInt(args[0]), args[1]);
        fake.nextSignIn(args[2], args.length > 3 ? args[3] : null);
        System.out.println("A fake ID-porten (tests and demos only) at issuer " + fake.issuer() + "; client id " + CLIENT_ID
                + ", client secret " + CLIENT_SECRET + "; it signs every browser in as the person given");
        URI.create(fake.issuer());
        Thread.currentThread().join();
    }
}
