package no.ranselpost.registry.krr.internal;

import java.net.URI;
import java.time.Duration;

/** The checked configuration of the KRR source (from {@link KrrSettings}, or built directly by tests). */
public record KrrConfig(URI baseUrl, String scope, int batchSize, Duration refreshAfter, Duration schedule, long maxRetryAfterMillis,
                        int maxAttempts, long initialBackoffMillis, Duration requestTimeout, long maxBodyBytes) {

    /** KRR takes at most this many persons per look-up. */
    public static final int BATCH_LIMIT = 1000;

    public KrrConfig {
        if (baseUrl == null || !("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme())) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL");
        }
        if (scope == null || scope.isBlank() || !scope.strip().matches("[\\x21-\\x7e]+( [\\x21-\\x7e]+)*")) {
            throw new IllegalArgumentException("scope must be one or more scopes separated by spaces");
        }
        scope = scope.strip();
        if (batchSize < 1 || batchSize > BATCH_LIMIT) {
            throw new IllegalArgumentException("batchSize must be 1.." + BATCH_LIMIT);
        }
        if (refreshAfter == null || refreshAfter.isNegative() || schedule == null || schedule.isNegative()) {
            throw new IllegalArgumentException("refreshAfterMinutes and scheduleMinutes must be 0 or more");
        }
        if (maxAttempts < 1 || maxRetryAfterMillis < 0 || initialBackoffMillis < 0 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxAttempts, maxRetryAfterMillis, initialBackoffMillis or maxBodyBytes out of range");
        }
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
    }

    static KrrConfig of(KrrSettings s) {
        String base = s.baseUrl() == null ? "" : s.baseUrl().strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new KrrConfig(URI.create(base), s.scope(), s.batchSize(), Duration.ofMinutes(s.refreshAfterMinutes()),
                Duration.ofMinutes(s.scheduleMinutes()), s.maxRetryAfterMillis(), s.maxAttempts(), s.initialBackoffMillis(),
                Duration.ofMillis(s.requestTimeoutMillis()), s.maxBodyBytes());
    }
}
