package no.ranselpost.registry.freg.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;

/**
 * FREG over real HTTP for the tests: the person documents, the event feed, the newest sequence
 * number and the bulk look-up, with a bearer token check. Every body it sends (and the bulk
 * request it receives) is validated against the spec; mismatches are collected in
 * {@link #specErrors}. It counts whom it was asked about, and can answer 429 or 500 on demand.
 */
public final class FakeFreg implements AutoCloseable {

    public static final String BASE = "/folkeregisteret/offentlig-med-hjemmel/api";
    public static final String TOKEN = "test-token";
    private static final SpecValidator SPEC = loadSpec();

    /** A call as the fake saw it. */
    record Call(String path, int status, long nanos) {
    }

    final ObjectMapper json = new ObjectMapper();
    /** Person documents by every identifier (current and ceased) they answer to. */
    final Map<String, ObjectNode> people = new ConcurrentHashMap<>();
    final List<ObjectNode> feed = Collections.synchronizedList(new ArrayList<>());
    final List<String> specErrors = Collections.synchronizedList(new ArrayList<>());
    final List<String> lookedUp = Collections.synchronizedList(new ArrayList<>());
    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger bulkCalls = new AtomicInteger();
    volatile long firstSequence = 1000;
    volatile int pageSize = 1000;
    /** Answers 500 to the bulk calls whose number (from 1) it matches. */
    volatile IntPredicate failBulk = n -> false;
    /** Whether bodies are validated against the spec (on by default; a benchmark turns it off to time the product, not the check). */
    private volatile boolean validating = true;

    /** Turns the spec check of every body off or on (a benchmark serving an Oslo-sized population turns it off). */
    public FakeFreg validating(boolean on) {
        validating = on;
        return this;
    }

    /** The next sequence number the feed will give. */
    public long nextSequence() {
        return lastSequence() + 1;
    }
    /**
     * Test controls for a test that runs elsewhere (inside Karaf): GET or POST {BASE}/test/{name}
     * runs the supplier and answers its JSON. Not part of FREG's API; not validated.
     */
    private final Map<String, java.util.function.Supplier<JsonNode>> controls = new ConcurrentHashMap<>();

    public void control(String name, java.util.function.Supplier<JsonNode> action) {
        controls.put(name, action);
    }

    public List<String> specErrors() {
        return List.copyOf(specErrors);
    }

    public List<String> lookedUp() {
        return List.copyOf(lookedUp);
    }

    /** The next call to this path answers 429 with this Retry-After. */
    private final Map<String, String> rateLimitOnce = new ConcurrentHashMap<>();
    private final HttpServer server;

    public FakeFreg() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(BASE, this::handle);
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

    private static SpecValidator loadSpec() {
        String resource = "/freg/freg-offentlig-med-hjemmel-v1.5.openapi.yaml";
        try (InputStream in = FakeFreg.class.getResourceAsStream(resource)) {
            // from a directory or from inside a (test-)jar: the parser wants a file
            Path copy = java.nio.file.Files.createTempFile("freg-spec", ".yaml");
            copy.toFile().deleteOnExit();
            java.nio.file.Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new SpecValidator(copy);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + BASE;
    }

    void rateLimitOnce(String path, String retryAfter) {
        rateLimitOnce.put(path, retryAfter);
    }

    long lastSequence() {
        synchronized (feed) {
            return feed.isEmpty() ? firstSequence - 1 : feed.get(feed.size() - 1).get("sekvensnummer").asLong();
        }
    }

    /** Appends an event about a person (by the identifier the event carries). */
    public void event(String type, String personId) {
        ObjectNode item = json.createObjectNode();
        item.put("sekvensnummer", lastSequence() + 1);
        ObjectNode h = item.putObject("hendelse");
        h.put("hendelsetype", type);
        h.put("folkeregisteridentifikator", personId);
        h.put("persondokument", "pd-" + (lastSequence() + 1));
        h.put("hendelsesdokument", "hd-" + (lastSequence() + 1));
        h.put("ajourholdstidspunkt", "2025-01-01T10:00:00+01:00");
        feed.add(item);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().substring(BASE.length());
        try (ex) {
            String retryAfter = rateLimitOnce.remove(path);
            if (retryAfter != null) {
                ex.getResponseHeaders().add("Retry-After", retryAfter);
                respond(ex, path, 429, null, null);
                return;
            }
            if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ObjectNode err = json.createObjectNode().put("feilmelding", "Autentisering feiler").put("httpStatus", 401);
                respond(ex, path, 401, err, SPEC.component("ske.folkeregister.exception.javaxrs.FolkeregisterFeilmelding"));
                return;
            }
            if (path.startsWith("/test/") && controls.containsKey(path.substring(6))) {
                byte[] body = json.writeValueAsBytes(controls.get(path.substring(6)).get());
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
                return;
            }
            switch (path) {
                case "/v1/hendelser/siste/sekvensnummer" -> respond(ex, path, 200, json.getNodeFactory().numberNode(lastSequence()),
                        SPEC.response(path, PathItem.HttpMethod.GET));
                case "/v1/hendelser/feed" -> {
                    long seq = Long.parseLong(query(ex).get("seq"));
                    ArrayNode page = json.createArrayNode();
                    synchronized (feed) {
                        for (ObjectNode item : feed) {
                            if (item.get("sekvensnummer").asLong() >= seq && page.size() < pageSize) {
                                page.add(item);
                            }
                        }
                    }
                    respond(ex, path, 200, page, SPEC.response(path, PathItem.HttpMethod.GET));
                }
                case "/v1/personer/bulkoppslag" -> {
                    int n = bulkCalls.incrementAndGet();
                    JsonNode body;
                    try (InputStream in = ex.getRequestBody()) {
                        body = json.readTree(in);
                    }
                    List<String> errors = validating ? SPEC.validate(SPEC.request(path, PathItem.HttpMethod.POST), body) : List.of();
                    errors.forEach(e -> specErrors.add("request " + path + " " + e));
                    if (failBulk.test(n)) {
                        respond(ex, path, 500, null, null);
                        return;
                    }
                    ObjectNode answer = json.createObjectNode();
                    ArrayNode oppslag = answer.putArray("oppslag");
                    for (JsonNode id : body.path("foedselsEllerDNummer")) {
                        lookedUp.add(id.asText());
                        ObjectNode o = oppslag.addObject();
                        o.put("foedselsEllerDNummer", id.asText());
                        ObjectNode doc = people.get(id.asText());
                        if (doc == null) {
                            o.putObject("feilmelding").put("feilmelding", "Fant ikke person");
                        } else {
                            o.set("folkeregisterperson", doc.deepCopy());
                        }
                    }
                    respond(ex, path, 200, answer, SPEC.response(path, PathItem.HttpMethod.POST));
                }
                default -> respond(ex, path, 404, null, null);
            }
        } catch (RuntimeException e) {
            specErrors.add("fake failed on " + path + ": " + e);
            throw e;
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String p : raw.split("&")) {
                int i = p.indexOf('=');
                q.put(i < 0 ? p : p.substring(0, i), i < 0 ? "" : p.substring(i + 1));
            }
        }
        return q;
    }

    private void respond(HttpExchange ex, String path, int status, JsonNode body, Schema<?> schema) throws IOException {
        calls.add(new Call(path, status, System.nanoTime()));
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        if (schema != null && validating) {
            SPEC.validate(schema, body).forEach(e -> specErrors.add(path + " " + status + " " + e));
        }
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
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
