package no.ranselpost.registry.krr.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * KRR's look-up, {@code POST /rest/v1/personer} with at most 1000 identifiers, over
 * {@link HttpClient}. 429 waits Retry-After (seconds or milliseconds, capped); 5xx, 408 and
 * I/O failures are retried with exponential backoff up to {@code maxAttempts}; a 401 drops the
 * token and tries once more with a fresh one. Then the call throws. Bodies are bounded.
 * Nothing it logs or throws holds a national id or a token.
 */
public class KrrClient {

    private static final Logger LOG = LoggerFactory.getLogger(KrrClient.class);
    static final String PATH = "/rest/v1/personer";
    /** 429s in a row that one call sits out before giving up. */
    static final int MAX_RATE_LIMITED = 20;

    private final KrrConfig config;
    private final Tokens tokens;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public KrrClient(KrrConfig config, Tokens tokens) {
        this.config = config;
        this.tokens = tokens;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The entries of KRR's answer ({@code personer}), as they came; whom KRR does not name is absent. */
    public List<JsonNode> lookup(Collection<String> ids) throws IOException, InterruptedException {
        if (ids.isEmpty()) {
            return List.of();
        }
        if (ids.size() > KrrConfig.BATCH_LIMIT) {
            throw new IllegalArgumentException("at most " + KrrConfig.BATCH_LIMIT + " persons per look-up");
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("personidentifikatorer");
        ids.forEach(list::add);
        byte[] bytes = json.writeValueAsBytes(body);
        byte[] answer = call(bytes);
        JsonNode n;
        try {
            n = json.readTree(answer);
        } catch (IOException e) {
            throw new KrrException("look-up: the answer is not JSON");
        }
        JsonNode personer = n == null ? null : n.get("personer");
        if (personer == null || !personer.isArray()) {
            throw new KrrException("look-up: no personer in the answer");
        }
        List<JsonNode> out = new ArrayList<>(personer.size());
        personer.forEach(out::add);
        return out;
    }

    private HttpRequest request(byte[] body, String token) {
        return HttpRequest.newBuilder(URI.create(config.baseUrl() + PATH)).timeout(config.requestTimeout())
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private byte[] call(byte[] body) throws IOException, InterruptedException {
        int failures = 0;
        int limited = 0;
        boolean refreshed = false;
        long backoff = Math.max(1, config.initialBackoffMillis());
        while (true) {
            String token = tokens.token();
            HttpResponse<InputStream> response;
            try {
                response = http.send(request(body, token), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                failures++;
                if (failures >= config.maxAttempts()) {
                    throw new KrrException("look-up: failed after " + failures + " attempts (" + e.getClass().getSimpleName() + ")");
                }
                LOG.warn("KRR look-up: attempt {} failed ({}), retrying", failures, e.getClass().getSimpleName());
                backoff = sleepBackoff(backoff);
                continue;
            }
            int status = response.statusCode();
            if (status == 200) {
                return read(response);
            }
            discard(response);
            if (status == 401 && !refreshed) {
                // the token may have been revoked or expired early: one more try with a fresh one
                LOG.info("KRR look-up: the token was refused (401); fetching a new one");
                tokens.rejected(token);
                refreshed = true;
                continue;
            }
            if (status == 429) {
                limited++;
                if (limited > MAX_RATE_LIMITED) {
                    throw new KrrException("look-up: still rate limited after " + limited + " waits");
                }
                long wait = retryAfterMillis(response).orElse(backoff);
                wait = Math.min(Math.max(0, wait), config.maxRetryAfterMillis());
                LOG.info("KRR look-up: rate limited, waiting {} ms", wait);
                Thread.sleep(wait);
                continue;
            }
            if (status >= 500 || status == 408) {
                failures++;
                if (failures >= config.maxAttempts()) {
                    throw new KrrException("look-up: HTTP " + status + " after " + failures + " attempts");
                }
                LOG.warn("KRR look-up: HTTP {} on attempt {}, retrying", status, failures);
                backoff = sleepBackoff(backoff);
                continue;
            }
            throw new KrrException("look-up: HTTP " + status);
        }
    }

    private long sleepBackoff(long backoff) throws InterruptedException {
        Thread.sleep(Math.min(backoff, Math.max(1, config.maxRetryAfterMillis())));
        return Math.min(backoff * 2, 10L * 60 * 1000);
    }

    /**
     * Retry-After as the HTTP standard gives it (seconds); a value above 1000 is taken as
     * milliseconds (what FREG's spec says), since no register asks for a wait of a quarter hour.
     */
    static OptionalLong retryAfterMillis(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).filter(v -> v.matches("\\d{1,12}"))
                .map(v -> {
                    long n = Long.parseLong(v);
                    return OptionalLong.of(n > 1000 ? n : n * 1000);
                }).orElse(OptionalLong.empty());
    }

    private byte[] read(HttpResponse<InputStream> response) throws IOException {
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        if (length.isPresent() && length.getAsLong() > config.maxBodyBytes()) {
            discard(response);
            throw new KrrException("look-up: the answer is larger than " + config.maxBodyBytes() + " bytes");
        }
        try (InputStream in = response.body()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > config.maxBodyBytes()) {
                    throw new KrrException("look-up: the answer is larger than " + config.maxBodyBytes() + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static void discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.skip(1L << 20);
        } catch (IOException ignored) {
            // the status decides
        }
    }
}
