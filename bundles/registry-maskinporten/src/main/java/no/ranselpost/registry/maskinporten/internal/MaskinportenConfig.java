package no.ranselpost.registry.maskinporten.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** The checked configuration of one Maskinporten client (from {@link MaskinportenSettings}, or built directly by tests). */
record MaskinportenConfig(URI tokenEndpoint, String audience, String clientId, String keyId, Duration grantLifetime, Duration refreshMargin,
                          int maxAttempts, long initialBackoffMillis, long maxRetryAfterMillis, Duration requestTimeout) {

    MaskinportenConfig {
        if (tokenEndpoint == null || !("https".equals(tokenEndpoint.getScheme()) || "http".equals(tokenEndpoint.getScheme()))
                || tokenEndpoint.getHost() == null) {
            throw new IllegalArgumentException("tokenEndpoint must be an http(s) URL");
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("audience (Maskinporten's issuer) must be set");
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must be set");
        }
        audience = audience.strip();
        clientId = clientId.strip();
        keyId = keyId == null || keyId.isBlank() ? null : keyId.strip();
        if (grantLifetime == null || grantLifetime.isNegative() || grantLifetime.isZero() || grantLifetime.getSeconds() > 120) {
            throw new IllegalArgumentException("grantLifetimeSeconds must be 1..120");
        }
        if (refreshMargin == null || refreshMargin.isNegative() || maxAttempts < 1 || initialBackoffMillis < 0 || maxRetryAfterMillis < 0) {
            throw new IllegalArgumentException("refreshMarginSeconds, maxAttempts, initialBackoffMillis or maxRetryAfterMillis out of range");
        }
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
    }

    static MaskinportenConfig of(MaskinportenSettings s) {
        return new MaskinportenConfig(URI.create(s.tokenEndpoint() == null ? "" : s.tokenEndpoint().strip()), s.audience(), s.clientId(),
                s.keyId(), Duration.ofSeconds(s.grantLifetimeSeconds()), Duration.ofSeconds(s.refreshMarginSeconds()), s.maxAttempts(),
                s.initialBackoffMillis(), s.maxRetryAfterMillis(), Duration.ofMillis(s.requestTimeoutMillis()));
    }

    /** The key file: relative paths from Karaf's etc/. */
    static Path keyPath(String keyFile) {
        if (keyFile == null || keyFile.isBlank()) {
            throw new IllegalArgumentException("keyFile must be set");
        }
        Path p = Path.of(keyFile.strip());
        if (p.isAbsolute()) {
            return p;
        }
        String etc = System.getProperty("karaf.etc");
        return etc == null ? p : Path.of(etc).resolve(p);
    }
}
