package no.ranselpost.registry.krr.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * KRR's oppslagstjeneste over real HTTP for the tests: {@code POST /rest/v1/personer} with
 * 1 to 1000 identifiers (more, or anything else malformed, is a 400 and counted as an error),
 * a bearer token check (401 when the predicate refuses it), 429 or 500 on demand, and the
 * persons it knows; whom it does not know is left out of the answer. It counts calls and batch
 * sizes. Test controls (GET or POST /test/{name}, no token) serve a test that runs elsewhere.
 */
public final class FakeKrr implements AutoCloseable {

    public static final String TOKEN = "krr-test-token";

    public final ObjectMapper json = new ObjectMapper();
    /** KRR's entries by national id. */
    public final Map<String, ObjectNode> people = new ConcurrentHashMap<>();
    public final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    public final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger unauthorized = new AtomicInteger();
    /** Answers 429 (with this Retry-After) to the next call, once. */
    public volatile String rateLimitOnce;
    /** Answers 500 to this many calls from now. */
    public final AtomicInteger failNext = new AtomicInteger();
    private volatile Predicate<String> tokenValid = TOKEN::equals;
    /** The entry of a person not in {@link #people}; null: left out of the answer. */
    public volatile java.util.function.Function<String, ObjectNode> fallback = id -> null;
    private final Map<String, Supplier<JsonNode>> controls = new ConcurrentHashMap<>();
    private final HttpServer server;

    public FakeKrr() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
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

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void tokenValid(Predicate<String> check) {
        this.tokenValid = check;
    }

    public void control(String name, Supplier<JsonNode> action) {
        controls.put(name, action);
    }

    /** An active person: e-mail and mobile with when each was updated and verified (ISO offset date-times, or null). */
    public ObjectNode active(String id, String email, String mobile, String updated, String verified, boolean reserved) {
        ObjectNode p = entry(id, email, mobile, updated, verified, reserved);
        people.put(id, p);
        return p;
    }

    /** The entry {@link #active} stores, without storing it. */
    public ObjectNode entry(String id, String email, String mobile, String updated, String verified, boolean reserved) {
        ObjectNode p = json.createObjectNode();
        p.put("personidentifikator", id);
        p.put("reservasjon", reserved ? "JA" : "NEI");
        p.put("status", "AKTIV");
        p.put("varslingsstatus", reserved ? "KAN_IKKE_VARSLES" : "KAN_VARSLES");
        ObjectNode k = p.putObject("kontaktinformasjon");
        k.put("epostadresse", email);
        k.put("epostadresse_oppdatert", updated);
        k.put("epostadresse_sist_verifisert", verified);
        k.put("mobiltelefonnummer", mobile);
        k.put("mobiltelefonnummer_oppdatert", updated);
        k.put("mobiltelefonnummer_sist_verifisert", verified);
        p.put("spraak", "nb");
        return p;
    }

    /** A person KRR knows only by status (SLETTET or IKKE_REGISTRERT): no contact data. */
    public ObjectNode withStatus(String id, String status) {
        ObjectNode p = json.createObjectNode();
        p.put("personidentifikator", id);
        p.put("status", status);
        people.put(id, p);
        return p;
    }

    public int maxBatch() {
        synchronized (batchSizes) {
            return batchSizes.stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        try (ex) {
            if (path.startsWith("/test/") && controls.containsKey(path.substring(6))) {
                respond(ex, 200, controls.get(path.substring(6)).get());
                return;
            }
            if (!KrrClient.PATH.equals(path) || !"POST".equals(ex.getRequestMethod())) {
                respond(ex, 404, null);
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !tokenValid.test(auth.substring(7))) {
                unauthorized.incrementAndGet();
                respond(ex, 401, json.createObjectNode().put("message", "unauthorized"));
                return;
            }
            String limited = rateLimitOnce;
            if (limited != null) {
                rateLimitOnce = null;
                ex.getResponseHeaders().add("Retry-After", limited);
                respond(ex, 429, null);
                return;
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(ex, 500, null);
                return;
            }
            JsonNode body;
            try (InputStream in = ex.getRequestBody()) {
                body = json.readTree(in);
            }
            JsonNode ids = body == null ? null : body.get("personidentifikatorer");
            if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > 1000) {
                errors.add("personidentifikatorer: " + (ids == null ? "missing" : ids.size() + " ids"));
                respond(ex, 400, json.createObjectNode().put("message", "1 to 1000 personidentifikatorer"));
                return;
            }
            batchSizes.add(ids.size());
            ObjectNode answer = json.createObjectNode();
            ArrayNode personer = answer.putArray("personer");
            for (JsonNode id : ids) {
                if (!id.isTextual() || !id.asText().matches("\\d{11}")) {
                    errors.add("an identifier that is not 11 digits");
                    continue;
                }
                ObjectNode p = people.get(id.asText());
                p = p != null ? p : fallback.apply(id.asText());
                if (p != null) {
                    personer.add(p.deepCopy());
                }
            }
            respond(ex, 200, answer);
        }
    }

    private void respond(HttpExchange ex, int status, JsonNode body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
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
