package no.ranselpost.registry.maskinporten.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import no.ranselpost.registry.api.AccessTokenSupplier;

/**
 * Maskinporten's JWT grant (RFC 7523): a JWT with aud (Maskinporten's issuer), iss (the client
 * id), scope, iat, exp and jti, signed RS256 with the kommune's key (kid, or the certificate
 * chain in x5c), posted to the token endpoint as {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}.
 * One token per scope is cached until {@code refreshMargin} (at most half its lifetime) before
 * it expires; one fetch per scope at a time; a token a register refused is dropped. Nothing it
 * logs or throws holds a token, a grant or the key's password.
 */
@Component(service = AccessTokenSupplier.class, configurationPid = MaskinportenSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = AccessTokenSupplier.NAME + "=default")
@Designate(ocd = MaskinportenSettings.class, factory = true)
public class MaskinportenTokenSupplier implements AccessTokenSupplier {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final Logger LOG = LoggerFactory.getLogger(MaskinportenTokenSupplier.class);
    private static final int MAX_BODY = 1 << 20;

    private record Cached(String token, Instant refreshAt, Instant expiresAt) {
    }

    private final MaskinportenConfig config;
    private final SigningKey key;
    private final Clock clock;
    private final HttpClient http;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    @Activate
    public MaskinportenTokenSupplier(MaskinportenSettings settings) {
        this(MaskinportenConfig.of(settings), SigningKey.load(MaskinportenConfig.keyPath(settings.keyFile()),
                settings._keyPassword() == null ? new char[0] : settings._keyPassword().toCharArray(), settings.keyAlias()), Clock.systemUTC());
        LOG.info("Maskinporten tokens for client {} from {}", config.clientId(), config.tokenEndpoint());
    }

    MaskinportenTokenSupplier(MaskinportenConfig config, SigningKey key, Clock clock) {
        this.config = config;
        this.key = key;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
        if (config.keyId() == null && key.chain().isEmpty()) {
            throw new IllegalArgumentException("keyId must be set when the key file holds no certificate (x5c)");
        }
    }

    @Override
    public String token(String scope) throws IOException {
        if (scope == null || scope.isBlank()) {
            throw new IllegalArgumentException("no scope");
        }
        Cached c = cache.get(scope);
        if (c != null && clock.instant().isBefore(c.refreshAt())) {
            return c.token();
        }
        synchronized (locks.computeIfAbsent(scope, s -> new Object())) {
            c = cache.get(scope);
            if (c != null && clock.instant().isBefore(c.refreshAt())) {
                return c.token();
            }
            Cached fresh = fetch(scope);
            cache.put(scope, fresh);
            return fresh.token();
        }
    }

    @Override
    public void rejected(String scope, String token) {
        if (scope != null && token != null) {
            cache.computeIfPresent(scope, (s, c) -> c.token().equals(token) ? null : c);
        }
    }

    /** The signed grant for this scope, as posted. */
    String grant(String scope) throws JOSEException {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().audience(config.audience()).issuer(config.clientId()).claim("scope", scope)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(config.grantLifetime()))).jwtID(UUID.randomUUID().toString())
                .build();
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT);
        if (config.keyId() != null) {
            header.keyID(config.keyId());
        } else {
            header.x509CertChain(key.chain());
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        jwt.sign(new RSASSASigner(key.key()));
        return jwt.serialize();
    }

    private Cached fetch(String scope) throws IOException {
        int failures = 0;
        int limited = 0;
        long backoff = Math.max(1, config.initialBackoffMillis());
        while (true) {
            String body;
            try {
                body = "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8) + "&assertion="
                        + URLEncoder.encode(grant(scope), StandardCharsets.UTF_8);
            } catch (JOSEException e) {
                throw new MaskinportenException("the grant could not be signed (" + e.getClass().getSimpleName() + ")");
            }
            HttpRequest request = HttpRequest.newBuilder(config.tokenEndpoint()).timeout(config.requestTimeout())
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<InputStream> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                failures++;
                if (failures >= config.maxAttempts()) {
                    throw new MaskinportenException("token endpoint: failed after " + failures + " attempts (" + e.getClass().getSimpleName() + ")");
                }
                backoff = sleep(backoff);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MaskinportenException("token endpoint: interrupted");
            }
            int status = response.statusCode();
            byte[] answer = read(response);
            if (status == 200) {
                return parse(answer, scope);
            }
            if (status == 429 && ++limited <= 10) {
                long wait = retryAfterMillis(response).orElse(backoff);
                sleepExactly(Math.min(wait, config.maxRetryAfterMillis()));
                continue;
            }
            if ((status >= 500 || status == 408) && ++failures < config.maxAttempts()) {
                LOG.warn("Maskinporten: HTTP {} on attempt {}, retrying", status, failures);
                backoff = sleep(backoff);
                continue;
            }
            throw new MaskinportenException("token endpoint: HTTP " + status + errorCode(answer));
        }
    }

    private Cached parse(byte[] answer, String scope) throws MaskinportenException {
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(new String(answer, StandardCharsets.UTF_8));
        } catch (java.text.ParseException e) {
            throw new MaskinportenException("token endpoint: the answer is not JSON");
        }
        Object token = json.get("access_token");
        if (!(token instanceof String t) || t.isBlank()) {
            throw new MaskinportenException("token endpoint: no access_token in the answer");
        }
        Object type = json.get("token_type");
        if (type != null && !"bearer".equalsIgnoreCase(type.toString())) {
            throw new MaskinportenException("token endpoint: token_type is not Bearer");
        }
        long lifetime = json.get("expires_in") instanceof Number n ? n.longValue() : 60;
        if (lifetime <= 0) {
            throw new MaskinportenException("token endpoint: expires_in is not positive");
        }
        Instant now = clock.instant();
        Duration life = Duration.ofSeconds(lifetime);
        Duration margin = config.refreshMargin().compareTo(life.dividedBy(2)) > 0 ? life.dividedBy(2) : config.refreshMargin();
        LOG.info("Maskinporten: a token for scope {} ({} s)", scope, lifetime);
        return new Cached(t, now.plus(life).minus(margin), now.plus(life));
    }

    /** Maskinporten's error code (invalid_grant, invalid_scope, ...) when it gives one that looks like a code. */
    private static String errorCode(byte[] answer) {
        try {
            Object error = JSONObjectUtils.parse(new String(answer, StandardCharsets.UTF_8)).get("error");
            if (error instanceof String e && e.matches("[a-z_]{1,40}")) {
                return " (" + e + ")";
            }
        } catch (java.text.ParseException | RuntimeException ignored) {
            // no code then
        }
        return "";
    }

    private static OptionalLong retryAfterMillis(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).filter(v -> v.matches("\\d{1,9}"))
                .map(v -> OptionalLong.of(Long.parseLong(v) * 1000)).orElse(OptionalLong.empty());
    }

    private long sleep(long backoff) throws MaskinportenException {
        sleepExactly(Math.min(backoff, Math.max(1, config.maxRetryAfterMillis())));
        return Math.min(backoff * 2, 60_000);
    }

    private static void sleepExactly(long millis) throws MaskinportenException {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MaskinportenException("token endpoint: interrupted");
        }
    }

    private static byte[] read(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > MAX_BODY) {
                    throw new MaskinportenException("token endpoint: the answer is too large");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}
