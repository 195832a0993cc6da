package no.ranselpost.itests.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The distribution as a user gets it: unpacked once, started as a process with the demo
 * kommune, spoken to over HTTP, killed with SIGKILL and started again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlackBoxIT {

    /** What answers without a token (ACCESS.md); everything else must be 401. */
    private static final Set<String> ANONYMOUS = Set.of("GET /openapi.json", "GET /health", "POST /auth/login");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static RanselpostProcess ranselpost;
    private static Duration firstStart;

    @BeforeAll
    static void start() throws Exception {
        Path tarGz = Path.of(System.getProperty("ranselpost.distribution", "target/dist/ranselpost.tar.gz"));
        ranselpost = RanselpostProcess.unpack(tarGz, Path.of("target/blackbox").toAbsolutePath());
        firstStart = ranselpost.start(Duration.ofSeconds(120));
        System.out.println("[blackbox] first start (fresh install, demo load) answered UP after " + firstStart.toMillis() + " ms");
    }

    @AfterAll
    static void stop() throws Exception {
        if (ranselpost != null) {
            ranselpost.kill();
        }
    }

    @Test
    @Order(1)
    void startsWithinSixtySecondsAndWritesTheDemoAccountsForItsOwnerOnly() throws Exception {
        assertTrue(firstStart.compareTo(Duration.ofSeconds(60)) < 0, "started in " + firstStart);
        Path file = waitForFile(ranselpost.home().resolve("data/demo-accounts.txt"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(7, accounts().size());
        // the database holds personal data: nobody but Ranselpost's own user may read it
        String derby = PosixFilePermissions.toString(Files.getPosixFilePermissions(ranselpost.home().resolve("data/derby")));
        assertTrue(derby.endsWith("---") && derby.substring(3, 6).equals("---"), "data/derby is " + derby);
    }

    @Test
    @Order(2)
    void servesAValidOpenApiDocumentWithAnOperationIdForEveryOperation() throws Exception {
        HttpResponse<String> r = get("/openapi.json", null);
        assertEquals(200, r.statusCode());
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body());
        assertTrue(parsed.getMessages() == null || parsed.getMessages().isEmpty(), "OpenAPI problems: " + parsed.getMessages());
        assertTrue(parsed.getOpenAPI().getOpenapi().startsWith("3."));
        Set<String> ids = new HashSet<>();
        List<String[]> ops = operations(JSON.readTree(r.body()));
        assertTrue(ops.size() >= 8, "operations: " + ops.size());
        for (String[] op : ops) {
            assertNotNull(op[2], op[0] + " " + op[1] + " has no operationId");
            assertTrue(ids.add(op[2]), "duplicate operationId " + op[2]);
        }
    }

    @Test
    @Order(3)
    void everyOtherOperationWithoutATokenIs401ProblemJson() throws Exception {
        JsonNode doc = JSON.readTree(get("/openapi.json", null).body());
        int checked = 0;
        for (String[] op : operations(doc)) {
            String key = op[0] + " " + op[1];
            if (ANONYMOUS.contains(key)) {
                continue;
            }
            String path = op[1].replaceAll("\\{[^}]+}", "1");
            HttpResponse<String> r = send(op[0], path, null, op[0].equals("GET") ? null : "{}");
            assertEquals(401, r.statusCode(), key);
            assertProblem(r, 401);
            checked++;
        }
        assertTrue(checked >= 5);
        // also what is not in the document at all, and CXF's own descriptions
        for (String path : List.of("/nothing-here", "/units?_wadl", "/units/1/groups?_wadl")) {
            assertEquals(401, get(path, null).statusCode(), path);
        }
        assertEquals(404, HTTP.send(HttpRequest.newBuilder(URI.create(ranselpost.baseUrl().replace("/v1", "/"))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "no CXF service list");
        // the anonymous ones answer
        assertEquals(200, get("/health", null).statusCode());
    }

    @Test
    @Order(4)
    void aDemoAccountSignsInAndListsTheDemoUnitsAndTheirGroups() throws Exception {
        String token = login("demo.leader");
        HttpResponse<String> r = get("/units", token);
        assertEquals(200, r.statusCode());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        JsonNode units = JSON.readTree(r.body());
        Set<String> types = new HashSet<>();
        units.forEach(u -> types.add(u.get("type").asText()));
        assertEquals(Set.of("KINDERGARTEN", "SCHOOL", "SFO"), types);
        long unitId = units.get(0).get("id").asLong();
        JsonNode groups = JSON.readTree(get("/units/" + unitId + "/groups", token).body());
        assertTrue(groups.size() > 0);
        assertEquals(unitId, groups.get(0).get("unitId").asLong());
        HttpResponse<String> missing = get("/units/987654321", token);
        assertEquals(404, missing.statusCode());
        assertProblem(missing, 404);
        JsonNode me = JSON.readTree(get("/auth/me", token).body());
        assertEquals("demo.leader", me.get("username").asText());
        assertEquals("LEADER", me.get("roles").get(0).get("role").asText());
    }

    @Test
    @Order(5)
    void badInputGets400ProblemJsonAndWrongPasswords401() throws Exception {
        for (String body : List.of("{\"username\": ", "[1,2]", "{\"username\":\"demo.leader\",\"password\":\"x\",\"extra\":1}",
                "{\"username\":\"demo.leader\"}", "not json")) {
            HttpResponse<String> r = send("POST", "/auth/login", null, body);
            assertEquals(400, r.statusCode(), body);
            assertProblem(r, 400);
            assertFalse(r.body().contains("Exception"), "no stack trace or exception names: " + r.body());
        }
        HttpResponse<String> wrong = send("POST", "/auth/login", null, "{\"username\":\"demo.leader\",\"password\":\"wrong\"}");
        assertEquals(401, wrong.statusCode());
        assertProblem(wrong, 401);
    }

    @Test
    @Order(6)
    void aRevokedTokenGets401OnItsNextUse() throws Exception {
        String token = login("demo.employee");
        assertEquals(200, get("/units", token).statusCode());
        assertEquals(204, send("POST", "/auth/logout", token, null).statusCode());
        HttpResponse<String> after = get("/units", token);
        assertEquals(401, after.statusCode());
        assertProblem(after, 401);
    }

    @Test
    @Order(7)
    void sigkillAndRestartKeepAllDataAndDoNotLoadTheDemoTwice() throws Exception {
        String token = login("demo.unit-admin");
        String unitsBefore = get("/units", token).body();
        long childrenBefore = demoLoadedLines(1);
        assertEquals(1, childrenBefore, "the first start loaded the demo once");
        // a sign-in committed just before the kill must survive it
        String lastToken = login("demo.system-admin");
        String accountsBefore = Files.readString(ranselpost.home().resolve("data/demo-accounts.txt"));

        ranselpost.kill();
        Duration again = ranselpost.start(Duration.ofSeconds(120));
        System.out.println("[blackbox] restart after SIGKILL answered UP after " + again.toMillis() + " ms");

        assertEquals(unitsBefore, get("/units", token).body(), "the same units, same ids, not loaded twice");
        assertEquals(200, get("/auth/me", lastToken).statusCode(), "the last committed sign-in survived SIGKILL");
        assertEquals(accountsBefore, Files.readString(ranselpost.home().resolve("data/demo-accounts.txt")));
        // the accounts still sign in with the passwords from the first start
        assertEquals(200, get("/units", login("demo.leader")).statusCode());
        Thread.sleep(2000);
        assertEquals(0, demoLoadedLines(2), "the restart did not load the demo again");
        String log = Files.readString(ranselpost.home().resolve("data/log/karaf.log"));
        assertTrue(log.contains("Demo kommune already loaded"), "the restart says it kept the demo");
    }

    // ---------------------------------------------------------------------------------------

    private static long demoLoadedLines(int start) throws IOException {
        Path out = ranselpost.consoleOutput(start);
        return Files.readAllLines(out).stream().filter(l -> l.startsWith("# Ranselpost demo accounts")).count();
    }

    private static Path waitForFile(Path file) throws InterruptedException {
        for (int i = 0; i < 120 && !Files.exists(file); i++) {
            Thread.sleep(250);
        }
        assertTrue(Files.exists(file), file + " exists");
        return file;
    }

    /** role -> {username, password} from data/demo-accounts.txt */
    private static Map<String, String[]> accounts() throws IOException {
        Map<String, String[]> out = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(waitForFileUnchecked(ranselpost.home().resolve("data/demo-accounts.txt")))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            out.put(f[0], new String[] {f[1], f[2]});
        }
        return out;
    }

    private static Path waitForFileUnchecked(Path file) {
        try {
            return waitForFile(file);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String login(String username) throws Exception {
        String password = accounts().values().stream().filter(a -> a[0].equals(username)).findFirst().orElseThrow()[1];
        HttpResponse<String> r = send("POST", "/auth/login", null,
                JSON.writeValueAsString(Map.of("username", username, "password", password)));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("Bearer", body.get("tokenType").asText());
        return body.get("token").asText();
    }

    private static void assertProblem(HttpResponse<String> r, int status) throws IOException {
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0], r.body());
        JsonNode p = JSON.readTree(r.body());
        assertEquals(status, p.get("status").asInt());
        assertNotNull(p.get("title"));
        assertNotNull(p.get("detail"));
    }

    /** {method, path, operationId} of every operation in the document. */
    private static List<String[]> operations(JsonNode doc) {
        List<String[]> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> m = methods.next();
                JsonNode id = m.getValue().get("operationId");
                out.add(new String[] {m.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), id == null ? null : id.asText()});
            }
        }
        return out;
    }

    private static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send("GET", path, token, null);
    }

    private static HttpResponse<String> send(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ranselpost.baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
