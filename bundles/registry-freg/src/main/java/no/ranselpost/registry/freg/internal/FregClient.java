package no.ranselpost.registry.freg.internal;

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
 * The three FREG calls Ranselpost makes, over {@link HttpClient}: the newest sequence number,
 * a page of the event feed and the bulk look-up. 429 waits Retry-After (milliseconds, as the
 * spec says) up to a cap; 5xx and I/O failures are retried with exponential backoff up to
 * {@code maxAttempts}; then the call throws. Bodies are bounded. Nothing it logs or throws
 * holds a national id.
 */
public class FregClient {

    private static final Logger LOG = LoggerFactory.getLogger(FregClient.class);
    /** 429s in a row that one call sits out before giving up (they are not failures of the server). */
    static final int MAX_RATE_LIMITED = 20;

    /** One feed item: its position, the event type and whom it is about (may be null). */
    public record FeedItem(long sequence, String type, String personId) {
    }

    /** One answer of the bulk look-up: the id asked for, and the document or null (FREG answered feilmelding). */
    public record Lookup(String requestedId, JsonNode person) {
    }

    private final FregConfig config;
    private final TokenSupplier tokens;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public FregClient(FregConfig config, TokenSupplier tokens) {
        this.config = config;
        this.tokens = tokens;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** GET /v1/hendelser/siste/sekvensnummer. */
    public long latestSequence() throws IOException, InterruptedException {
        JsonNode n = parse(call("latest sequence", token -> get("/v1/hendelser/siste/sekvensnummer", token)), "latest sequence");
        if (n.isObject() && n.has("sekvensnummer")) {
            n = n.get("sekvensnummer"); // the XML shape, should a gateway translate it
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber()) {
            throw new FregException("latest sequence: not a number");
        }
        return n.asLong();
    }

    /** GET /v1/hendelser/feed?seq=N (inclusive): up to 1000 items, in order. */
    public List<FeedItem> feed(long fromInclusive) throws IOException, InterruptedException {
        JsonNode n = parse(call("feed", token -> get("/v1/hendelser/feed?seq=" + fromInclusive, token)), "feed");
        if (!n.isArray()) {
            throw new FregException("feed: the page is not an array");
        }
        List<FeedItem> items = new ArrayList<>(n.size());
        long previous = fromInclusive - 1;
        for (JsonNode item : n) {
            JsonNode seq = item.get("sekvensnummer");
            if (seq == null || !seq.isIntegralNumber()) {
                throw new FregException("feed: an item without sekvensnummer");
            }
            long s = seq.asLong();
            if (s <= previous) {
                throw new FregException("feed: sequence numbers out of order");
            }
            previous = s;
            JsonNode h = item.path("hendelse");
            items.add(new FeedItem(s, text(h, "hendelsetype"), text(h, "folkeregisteridentifikator")));
        }
        return items;
    }

    /** POST /v1/personer/bulkoppslag with at most {@link FregConfig#BULK_LIMIT} ids. */
    public List<Lookup> lookup(Collection<String> ids) throws IOException, InterruptedException {
        if (ids.isEmpty()) {
            return List.of();
        }
        if (ids.size() > FregConfig.BULK_LIMIT) {
            throw new IllegalArgumentException("at most " + FregConfig.BULK_LIMIT + " ids per look-up");
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("foedselsEllerDNummer");
        ids.forEach(list::add);
        byte[] bytes = json.writeValueAsBytes(body);
        JsonNode n = parse(call("bulk look-up", token -> request("/v1/personer/bulkoppslag", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build()), "bulk look-up");
        JsonNode oppslag = n.path("oppslag");
        if (!oppslag.isArray()) {
            throw new FregException("bulk look-up: no oppslag in the answer");
        }
        List<Lookup> result = new ArrayList<>();
        for (JsonNode o : oppslag) {
            String id = text(o, "foedselsEllerDNummer");
            JsonNode person = o.get("folkeregisterperson");
            result.add(new Lookup(id, person != null && person.isObject() ? person : null));
        }
        return result;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private JsonNode parse(byte[] body, String what) throws FregException {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new FregException(what + ": the answer is not JSON");
        }
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(config.baseUrl() + path)).timeout(config.requestTimeout())
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private HttpRequest get(String path, String token) {
        return request(path, token).GET().build();
    }

    /** Sends with retries (a 401 drops the token and tries once more with a fresh one); returns the 200 body. */
    private byte[] call(String what, java.util.function.Function<String, HttpRequest> request) throws IOException, InterruptedException {
        int failures = 0;
        int limited = 0;
        boolean refreshed = false;
        long backoff = Math.max(1, config.initialBackoffMillis());
        while (true) {
            String token = tokens.token();
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.apply(token), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                failures++;
                if (failures >= config.maxAttempts()) {
                    throw new FregException(what + ": failed after " + failures + " attempts (" + e.getClass().getSimpleName() + ")");
                }
                LOG.warn("FREG {}: attempt {} failed ({}), retrying", what, failures, e.getClass().getSimpleName());
                backoff = sleepBackoff(backoff);
                continue;
            }
            int status = response.statusCode();
            if (status == 200) {
                return read(response, what);
            }
            discard(response);
            if (status == 401 && !refreshed) {
                LOG.info("FREG {}: the token was refused (401); fetching a new one", what);
                tokens.rejected(token);
                refreshed = true;
                continue;
            }
            if (status == 429) {
                limited++;
                if (limited > MAX_RATE_LIMITED) {
                    throw new FregException(what + ": still rate limited after " + limited + " waits");
                }
                long wait = retryAfterMillis(response).orElse(backoff);
                wait = Math.min(Math.max(0, wait), config.maxRetryAfterMillis());
                LOG.info("FREG {}: rate limited, waiting {} ms", what, wait);
                Thread.sleep(wait);
                continue;
            }
            if (status >= 500 || status == 408) {
                failures++;
                if (failures >= config.maxAttempts()) {
                    throw new FregException(what + ": HTTP " + status + " after " + failures + " attempts");
                }
                LOG.warn("FREG {}: HTTP {} on attempt {}, retrying", what, status, failures);
                backoff = sleepBackoff(backoff);
                continue;
            }
            throw new FregException(what + ": HTTP " + status);
        }
    }

    private long sleepBackoff(long backoff) throws InterruptedException {
        Thread.sleep(Math.min(backoff, Math.max(1, config.maxRetryAfterMillis())));
        return Math.min(backoff * 2, 10L * 60 * 1000);
    }

    static OptionalLong retryAfterMillis(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).filter(v -> v.matches("\\d{1,12}"))
                .map(v -> OptionalLong.of(Long.parseLong(v))).orElse(OptionalLong.empty());
    }

    private byte[] read(HttpResponse<InputStream> response, String what) throws IOException {
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        if (length.isPresent() && length.getAsLong() > config.maxBodyBytes()) {
            discard(response);
            throw new FregException(what + ": the answer is larger than " + config.maxBodyBytes() + " bytes");
        }
        try (InputStream in = response.body()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > config.maxBodyBytes()) {
                    throw new FregException(what + ": the answer is larger than " + config.maxBodyBytes() + " bytes");
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
