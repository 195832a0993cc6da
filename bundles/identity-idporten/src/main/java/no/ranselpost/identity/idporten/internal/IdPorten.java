package no.ranselpost.identity.idporten.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.persistence.PersistenceException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal.Assurance;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.identity.api.IdentityProvider;
import no.ranselpost.identity.api.ProviderSession;
import no.ranselpost.identity.api.SessionIssuer;
import no.ranselpost.identity.api.VerifiedIdentity;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.OidcLoginEntity;
import no.ranselpost.persistence.entity.OidcTokenUseEntity;

/**
 * Guardians through ID-porten. Browsers: Ranselpost is the OpenID Connect client (authorization
 * code with PKCE, state and nonce, kept in the database and used once, so the callback may land
 * on another node); the provider's tokens stay on the server. Apps: an ID-porten access token for
 * Ranselpost's API is exchanged once for Ranselpost's own session. Either way the
 * {@link SessionIssuer} opens the session; {@code pid} names the person and the session keeps
 * the level ({@code acr}). Every refusal is recorded as a denial, with a reason code only.
 */
@Component(service = {IdPorten.class, IdentityProvider.class}, configurationPid = "no.ranselpost.identity.idporten",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = IdPortenSettings.class)
public class IdPorten implements IdentityProvider {

    public static final String ID = "idporten";
    static final String LOA_HIGH = "idporten-loa-high";
    static final String LOA_SUBSTANTIAL = "idporten-loa-substantial";
    private static final Logger LOG = LoggerFactory.getLogger(IdPorten.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SIGN_IN = "SIGN_IN";

    /** A sign-in refused: the reason code is for the audit trail and the problem's detail. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reason;

        Refused(String reason) {
            super(reason);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** ID-porten cannot be reached (its discovery document, keys or token endpoint). */
    public static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A browser sign-in that finished: the session and where the browser goes next. */
    public record Completed(LoginResult result, String returnPath) {
    }

    private final Transactions tx;
    private final SessionIssuer sessions;
    private final AuditTrail audit;
    private final OsloClock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final IdPortenSettings settings;
    private final Set<String> acceptedAcr;
    private volatile OidcMetadata metadata;
    private volatile TokenValidator validator;

    @Activate
    public IdPorten(@Reference Transactions tx, @Reference SessionIssuer sessions, @Reference AuditTrail audit,
                    @Reference OsloClock clock, IdPortenSettings settings) {
        this.tx = tx;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        require(settings.issuer(), "issuer");
        require(settings.clientId(), "clientId");
        require(settings.redirectUri(), "redirectUri");
        this.acceptedAcr = Arrays.stream(settings.acceptedAcr().split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (String acr : acceptedAcr) {
            assurance(acr);
        }
        if (acceptedAcr.isEmpty()) {
            throw new IllegalArgumentException("acceptedAcr names no level");
        }
        String auth = settings.clientAuthentication();
        if (!Set.of("client_secret_basic", "client_secret_post", "private_key_jwt").contains(auth)) {
            throw new IllegalArgumentException("clientAuthentication must be client_secret_basic, client_secret_post or private_key_jwt");
        }
        LOG.info("ID-porten sign-in configured for client {} at {}", settings.clientId(), settings.issuer());
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("ID-porten needs '" + name + "' in etc/no.ranselpost.identity.idporten.cfg");
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<AccountKind> accountKinds() {
        return Set.of(AccountKind.GUARDIAN);
    }

    /** The session's assurance for an acr ID-porten names. */
    static Assurance assurance(String acr) {
        return switch (acr) {
            case LOA_HIGH, "Level4" -> Assurance.IDPORTEN_LOA_HIGH;
            case LOA_SUBSTANTIAL, "Level3" -> Assurance.IDPORTEN_LOA_SUBSTANTIAL;
            default -> throw new IllegalArgumentException("Not an ID-porten level: " + acr);
        };
    }

    private OidcMetadata metadata() {
        OidcMetadata m = metadata;
        if (m == null) {
            synchronized (this) {
                m = metadata;
                if (m == null) {
                    try {
                        m = OidcMetadata.discover(http, settings.issuer());
                    } catch (IOException e) {
                        throw new Unavailable("ID-porten's discovery document cannot be read: " + e.getMessage(), e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new Unavailable("Interrupted", e);
                    }
                    validator = new TokenValidator(m.issuer(), m.jwksUri(), acceptedAcr, settings.jwksMinRefreshSeconds(),
                            settings.clockSkewSeconds());
                    metadata = m;
                }
            }
        }
        return m;
    }

    private TokenValidator validator() {
        metadata();
        return validator;
    }

    // ---- the browser's code flow

    /**
     * Starts a browser sign-in: a state, a nonce and a PKCE verifier are stored; the answer is
     * where the browser goes at ID-porten.
     *
     * @param level      {@code high} for idporten-loa-high (step-up), else the lowest accepted level
     * @param returnPath a path on this server to come back to, or null
     */
    public URI startLogin(String level, String returnPath, String locale) {
        String acr = "high".equals(level) ? LOA_HIGH : acceptedAcr.iterator().next();
        if (!acceptedAcr.contains(acr)) {
            throw new IllegalArgumentException("This kommune does not accept " + acr);
        }
        OidcMetadata m = metadata();
        String state = random(32);
        String nonce = random(32);
        String verifier = random(48);
        OffsetDateTime now = clock.nowUtc();
        tx.inTransaction(em -> {
            // sign-ins left unfinished are gone an hour after they expired
            em.createQuery("delete from OidcLoginEntity l where l.expiresAt < :old").setParameter("old", now.minusHours(1)).executeUpdate();
            OidcLoginEntity login = new OidcLoginEntity();
            login.setProviderId(ID);
            login.setStateHash(sha256Hex(state));
            login.setNonce(nonce);
            login.setCodeVerifier(verifier);
            login.setAcr(acr);
            login.setReturnPath(safeReturnPath(returnPath));
            login.setCreatedAt(now);
            login.setExpiresAt(now.plusSeconds(settings.loginTimeoutSeconds()));
            em.persist(login);
            return null;
        });
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", settings.clientId());
        q.put("redirect_uri", settings.redirectUri());
        q.put("scope", settings.scope());
        q.put("state", state);
        q.put("nonce", nonce);
        q.put("acr_values", acr);
        q.put("code_challenge", pkceChallenge(verifier));
        q.put("code_challenge_method", "S256");
        q.put("ui_locales", locale == null ? "nb" : locale);
        return withQuery(m.authorizationEndpoint(), q);
    }

    /** A path on this server only: never another site (an open redirect), never a scheme or a backslash. */
    static String safeReturnPath(String path) {
        if (path == null || path.isEmpty() || path.length() > 500 || !path.startsWith("/") || path.startsWith("//")
                || path.contains("\\") || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return null;
        }
        return path;
    }

    /**
     * The callback: the state is taken once (a replay, an unknown or an expired state is
     * refused), the code exchanged with the verifier, the id_token checked (signature, issuer,
     * audience, times, the nonce of this sign-in, an accepted level at least the one asked for).
     */
    public Completed complete(String code, String state, String error) throws Refused {
        try {
            if (state == null || state.isBlank() || state.length() > 200) {
                throw new Refused("state-missing");
            }
            OffsetDateTime now = clock.nowUtc();
            String hash = sha256Hex(state);
            OidcLoginEntity login = tx.inTransaction(em -> {
                int taken = em.createQuery("update OidcLoginEntity l set l.usedAt = :now where l.stateHash = :h and l.usedAt is null"
                                + " and l.expiresAt > :now")
                        .setParameter("now", now).setParameter("h", hash).executeUpdate();
                if (taken != 1) {
                    return null;
                }
                return em.createQuery("select l from OidcLoginEntity l where l.stateHash = :h", OidcLoginEntity.class)
                        .setParameter("h", hash).getSingleResult();
            });
            if (login == null) {
                throw new Refused("state-unknown-used-or-expired");
            }
            if (error != null) {
                throw new Refused(error.equals("access_denied") ? "cancelled-at-provider" : "provider-error");
            }
            if (code == null || code.isBlank() || code.length() > 2000) {
                throw new Refused("code-missing");
            }
            Map<String, Object> tokens = tokenRequest(code, login.getCodeVerifier());
            String idToken = string(tokens, "id_token");
            if (idToken == null) {
                throw new Refused("no-id-token");
            }
            JWTClaimsSet claims;
            try {
                claims = validator().idToken(idToken, settings.clientId(), login.getNonce());
            } catch (TokenValidator.Refused r) {
                throw new Refused(r.reason());
            }
            String acr = (String) claims.getClaim("acr");
            if (assurance(acr).level().compareTo(assurance(login.getAcr()).level()) < 0) {
                throw new Refused("acr-lower-than-asked");
            }
            LoginResult result = open(claims, idToken);
            String back = login.getReturnPath() != null ? login.getReturnPath() : settings.afterLoginPath();
            return new Completed(result, back);
        } catch (Refused r) {
            deny(r.reason());
            throw r;
        }
    }

    private Map<String, Object> tokenRequest(String code, String verifier) throws Refused {
        OidcMetadata m = metadata();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", settings.redirectUri());
        form.put("code_verifier", verifier);
        HttpRequest.Builder request = HttpRequest.newBuilder(m.tokenEndpoint()).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        switch (settings.clientAuthentication()) {
            case "client_secret_post" -> {
                form.put("client_id", settings.clientId());
                form.put("client_secret", settings._clientSecret());
            }
            case "private_key_jwt" -> {
                form.put("client_id", settings.clientId());
                form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
                form.put("client_assertion", clientAssertion(m));
            }
            default -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (urlEncode(settings.clientId()) + ":" + urlEncode(settings._clientSecret())).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.POST(HttpRequest.BodyPublishers.ofString(formBody(form))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable("ID-porten's token endpoint cannot be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("Interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new Refused("token-endpoint-refused");
        }
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (ParseException e) {
            throw new Refused("token-response-malformed");
        }
    }

    /** The private_key_jwt client assertion (RFC 7523): signed with the kommune's key, for the provider's issuer. */
    private String clientAssertion(OidcMetadata m) {
        try {
            String pem = Files.readString(Path.of(settings.privateKeyFile()), StandardCharsets.US_ASCII);
            String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            Date now = Date.from(clock.nowUtc().toInstant());
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(settings.clientId()).subject(settings.clientId())
                    .audience(m.issuer()).jwtID(UUID.randomUUID().toString()).issueTime(now)
                    .expirationTime(new Date(now.getTime() + 120_000)).build();
            JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256);
            if (!settings.privateKeyId().isBlank()) {
                header.keyID(settings.privateKeyId());
            }
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException | JOSEException e) {
            throw new Unavailable("The private key for private_key_jwt cannot be used (privateKeyFile)", e);
        }
    }

    // ---- apps

    /** An app's ID-porten access token, exchanged once for Ranselpost's own session. */
    public LoginResult exchange(String accessToken) throws Refused {
        try {
            String audience = settings.tokenAudience().isBlank() ? settings.clientId() : settings.tokenAudience();
            JWTClaimsSet claims;
            try {
                claims = validator().accessToken(accessToken, audience);
            } catch (TokenValidator.Refused r) {
                throw new Refused(r.reason());
            }
            OffsetDateTime now = clock.nowUtc();
            OffsetDateTime expires = claims.getExpirationTime().toInstant().atOffset(java.time.ZoneOffset.UTC);
            String hash = sha256Hex(accessToken.strip());
            boolean first;
            try {
                first = tx.inTransaction(em -> {
                    em.createQuery("delete from OidcTokenUseEntity u where u.expiresAt < :old")
                            .setParameter("old", now.minusHours(1)).executeUpdate();
                    boolean seen = !em.createQuery("select u.id from OidcTokenUseEntity u where u.tokenHash = :h", Long.class)
                            .setParameter("h", hash).getResultList().isEmpty();
                    if (seen) {
                        return false;
                    }
                    OidcTokenUseEntity use = new OidcTokenUseEntity();
                    use.setTokenHash(hash);
                    use.setUsedAt(now);
                    use.setExpiresAt(expires.isAfter(now) ? expires : now);
                    em.persist(use);
                    return true;
                });
            } catch (PersistenceException raced) {
                // another node took it at the same moment (the unique constraint)
                first = false;
            }
            if (!first) {
                throw new Refused("token-already-exchanged");
            }
            return open(claims, null);
        } catch (Refused r) {
            deny(r.reason());
            throw r;
        }
    }

    private LoginResult open(JWTClaimsSet claims, String idToken) throws Refused {
        Object pid = claims.getClaim("pid");
        if (!(pid instanceof String p) || !p.matches("[0-9]{11}")) {
            throw new Refused("pid-missing-or-malformed");
        }
        Object sid = claims.getClaim("sid");
        String acr = (String) claims.getClaim("acr");
        return sessions.open(new VerifiedIdentity(ID, AccountKind.GUARDIAN, p, claims.getSubject(), assurance(acr), acr,
                sid instanceof String s ? s : null, idToken));
    }

    private void deny(String reason) {
        LOG.info("ID-porten sign-in refused ({})", reason);
        audit.denial(Actor.ANONYMOUS, SIGN_IN, "session", List.of(), null, "idporten-" + reason);
    }

    // ---- sign-out

    @Override
    public Optional<URI> endSessionUri(ProviderSession session) {
        if (!ID.equals(session.providerId())) {
            return Optional.empty();
        }
        URI end = metadata().endSessionEndpoint();
        if (end == null) {
            return Optional.empty();
        }
        Map<String, String> q = new LinkedHashMap<>();
        if (session.idTokenHint() != null) {
            q.put("id_token_hint", session.idTokenHint());
        }
        q.put("client_id", settings.clientId());
        if (!settings.postLogoutRedirectUri().isBlank()) {
            q.put("post_logout_redirect_uri", settings.postLogoutRedirectUri());
            q.put("state", random(16));
        }
        return Optional.of(withQuery(end, q));
    }

    /** Front-channel logout from ID-porten: the sessions it opened with that sid end. */
    public int frontChannelLogout(String iss, String sid) {
        if (iss != null && !iss.equals(settings.issuer())) {
            return 0;
        }
        return sessions.endProviderSessions(ID, sid);
    }

    // ---- helpers

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String pkceChallenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String string(Map<String, Object> json, String name) {
        Object v = json.get(name);
        return v instanceof String s ? s : null;
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String formBody(Map<String, String> form) {
        List<String> parts = new ArrayList<>();
        form.forEach((k, v) -> parts.add(urlEncode(k) + "=" + urlEncode(v == null ? "" : v)));
        return String.join("&", parts);
    }

    private static URI withQuery(URI base, Map<String, String> q) {
        String sep = base.getRawQuery() == null ? "?" : "&";
        return URI.create(base + sep + formBody(q));
    }

    long sessionSeconds(LoginResult result) {
        return Math.max(0, Duration.between(clock.nowUtc(), result.expiresAt()).getSeconds());
    }
}
