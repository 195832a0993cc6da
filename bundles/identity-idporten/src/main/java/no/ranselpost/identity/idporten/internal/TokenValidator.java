package no.ranselpost.identity.idporten.internal;

import java.net.MalformedURLException;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Checks the provider's tokens with Nimbus JOSE + JWT: the signature against the provider's
 * JWKS (cached, fetched again when a token names a key id it does not hold), the issuer exactly,
 * the audience, the times (with a little skew), the required claims, and an accepted acr. An
 * unsigned token ({@code alg: none}) or another algorithm than the provider's is never accepted.
 */
final class TokenValidator {

    /** Why a token was refused, as a reason code (never the token or its claims). */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason);
        }

        String reason() {
            return getMessage();
        }
    }

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.ES256);

    private final String issuer;
    private final Set<String> acceptedAcr;
    private final JWKSource<SecurityContext> keys;
    private final int skewSeconds;

    TokenValidator(String issuer, java.net.URI jwksUri, Set<String> acceptedAcr, int jwksMinRefreshSeconds, int skewSeconds) {
        this.issuer = issuer;
        this.acceptedAcr = Set.copyOf(acceptedAcr);
        this.skewSeconds = skewSeconds;
        try {
            JWKSourceBuilder<SecurityContext> builder = JWKSourceBuilder.<SecurityContext>create(jwksUri.toURL()).retrying(true);
            builder = jwksMinRefreshSeconds <= 0 ? builder.rateLimited(false) : builder.rateLimited(jwksMinRefreshSeconds * 1000L);
            this.keys = builder.build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("jwks_uri is not a URL", e);
        }
    }

    /** An id_token from the token endpoint: for this client, with the nonce of this sign-in. */
    JWTClaimsSet idToken(String token, String clientId, String expectedNonce) throws Refused {
        JWTClaimsSet claims = verify(token, clientId, Set.of("sub", "iat", "exp", "nonce", "acr", "pid"),
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        Object nonce = claims.getClaim("nonce");
        if (!(nonce instanceof String n) || !java.security.MessageDigest.isEqual(n.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                expectedNonce.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw new Refused("nonce-mismatch");
        }
        return claims;
    }

    /** An app's access token, issued for Ranselpost's API. */
    JWTClaimsSet accessToken(String token, String audience) throws Refused {
        return verify(token, audience, Set.of("sub", "iat", "exp", "acr", "pid"),
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    }

    private JWTClaimsSet verify(String token, String audience, Set<String> required,
                                DefaultJOSEObjectTypeVerifier<SecurityContext> types) throws Refused {
        if (token == null || token.isBlank() || token.length() > 16_000) {
            throw new Refused("token-missing-or-too-long");
        }
        JWT parsed;
        try {
            parsed = JWTParser.parse(token.strip());
        } catch (ParseException e) {
            throw new Refused("token-malformed");
        }
        if (!(parsed instanceof SignedJWT signed)) {
            // alg: none (PlainJWT) or an encrypted token: neither is what the provider signs
            throw new Refused("token-not-signed");
        }
        if (!ALGORITHMS.contains(signed.getHeader().getAlgorithm())) {
            throw new Refused("algorithm-not-accepted");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(types);
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(Set.of(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(), new HashSet<>(required), null);
        verifier.setMaxClockSkew(skewSeconds);
        processor.setJWTClaimsSetVerifier(verifier);
        JWTClaimsSet claims;
        try {
            claims = processor.process(signed, null);
        } catch (BadJOSEException e) {
            throw new Refused(reason(e));
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new Refused("signature-not-checked");
        }
        Object acr = claims.getClaim("acr");
        if (!(acr instanceof String a) || !acceptedAcr.contains(a)) {
            throw new Refused("acr-not-accepted");
        }
        return claims;
    }

    private static String reason(BadJOSEException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        if (m.contains("expired")) {
            return "token-expired";
        }
        if (m.contains("missing")) {
            return "claim-missing";
        }
        if (m.contains("audience") || m.contains("aud claim")) {
            return "audience-mismatch";
        }
        if (m.contains("iss claim")) {
            return "issuer-mismatch";
        }
        if (m.contains("matching key") || m.contains("key candidates")) {
            return "unknown-key";
        }
        if (m.contains("signature")) {
            return "signature-invalid";
        }
        if (m.contains("type")) {
            return "token-type-not-accepted";
        }
        if (m.contains("before use time") || m.contains("nbf")) {
            return "token-not-yet-valid";
        }
        return "token-refused";
    }

    List<String> acceptedAcr() {
        return List.copyOf(acceptedAcr);
    }
}
