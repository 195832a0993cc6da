package no.ranselpost.registry.freg.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import no.ranselpost.core.api.OrgNumber;

/** The checked configuration of one FREG source (from {@link FregSettings}, or built directly by tests). */
public record FregConfig(URI baseUrl, List<String> followUnits, int batchSize, long maxRetryAfterMillis, int maxAttempts,
                         long initialBackoffMillis, Duration requestTimeout, long maxBodyBytes) {

    /** The bulk look-up takes at most this many identifiers. */
    public static final int BULK_LIMIT = 1000;

    public FregConfig {
        if (baseUrl == null || !("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme())) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL");
        }
        // "a,b" in a .cfg file arrives as one string: commas and spaces separate numbers wherever they come
        followUnits = followUnits == null ? List.of() : followUnits.stream()
                .flatMap(u -> java.util.Arrays.stream(u.split("[,;\\s]+")))
                .map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        for (String org : followUnits) {
            String why = OrgNumber.rejectionReason(org);
            if (why != null) {
                throw new IllegalArgumentException("followUnits: '" + (org.length() > 20 ? org.substring(0, 20) + "..." : org)
                        + "' is not an organisation number (" + why + ")");
            }
        }
        if (batchSize < 1 || batchSize > BULK_LIMIT) {
            throw new IllegalArgumentException("batchSize must be 1.." + BULK_LIMIT);
        }
        if (maxAttempts < 1 || maxRetryAfterMillis < 0 || initialBackoffMillis < 0 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxAttempts, maxRetryAfterMillis, initialBackoffMillis or maxBodyBytes out of range");
        }
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
    }

    static FregConfig of(FregSettings s) {
        String base = s.baseUrl() == null ? "" : s.baseUrl().strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new FregConfig(URI.create(base), s.followUnits() == null ? List.of() : List.of(s.followUnits()), s.batchSize(),
                s.maxRetryAfterMillis(), s.maxAttempts(), s.initialBackoffMillis(), Duration.ofMillis(s.requestTimeoutMillis()),
                s.maxBodyBytes());
    }
}
