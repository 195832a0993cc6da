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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import no.ranselpost.timetable.internal.IcsParser;
import no.ranselpost.timetable.internal.OneRosterCheck;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The distribution as a user gets it: unpacked once, started as a process with the demo
 * kommune, spoken to over HTTP, killed with SIGKILL and started again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlackBoxIT {

    /** What answers without a token (ACCESS.md); everything else must be 401. */
    private static final Set<String> ANONYMOUS = Set.of("GET /openapi.json", "GET /health", "POST /auth/login", "POST /auth/activation",
            "POST /auth/activation/totp", "GET /auth/idporten/login", "GET /auth/idporten/callback", "POST /auth/idporten/token",
            "GET /auth/idporten/frontchannel-logout",
            // timetable: a user's calendar feed under its secret token
            "GET /timetable/feeds/{token}.ics",
            // shell: the first SYSTEM_ADMIN with the one-time setup code from data/
            "POST /setup/admin");

    private static RanselpostProcess ranselpost;
    private static FakeIdPorten idporten;
    private static Duration firstStart;
    private static Api api;
    private static AuthorizationMatrix.Fixture fixture;
    /** Notifications: the SMTP server the distribution's e-mail adapter sends to. */
    private static com.icegreen.greenmail.util.GreenMail smtp;

    @BeforeAll
    static void start() throws Exception {
        Path tarGz = Path.of(System.getProperty("ranselpost.distribution", "target/dist/ranselpost.tar.gz"));
        ranselpost = RanselpostProcess.unpack(tarGz, Path.of("target/blackbox").toAbsolutePath());
        idporten = IdPortenSignIn.configure(ranselpost);
        smtp = NotificationFixtures.configure(ranselpost);
        // waits up to 4 minutes on a loaded machine (its speed is asserted by the first test, under 60 s)
        firstStart = ranselpost.start(Duration.ofSeconds(240));
        System.out.println("[blackbox] first start (fresh install, demo load) answered UP after " + firstStart.toMillis() + " ms");
        // the demo loads right after start: the tests begin once its accounts are written
        api = new Api(ranselpost.baseUrl(), waitForFile(ranselpost.home().resolve("data/demo-accounts.txt")));
        IdPortenSignIn.registerMatrixGuardians(api, idporten, ranselpost.home());
    }

    @AfterAll
    static void stop() throws Exception {
        if (ranselpost != null) {
            ranselpost.kill();
        }
        if (idporten != null) {
            idporten.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    private static AuthorizationMatrix.Fixture fixture() throws Exception {
        if (fixture == null) {
            fixture = new AuthorizationMatrix(api).fixture(staffUnit());
            AuthorizationMatrix.timetableTeacher = TimetableFixtures.demo(ranselpost.home()).teacherPersonId();
            System.out.println("[blackbox] matrix objects: " + fixture);
        }
        return fixture;
    }

    private static long staffUnit() throws IOException {
        return AuthorizationMatrix.staffUnit(ranselpost.home().resolve("data/demo-accounts.txt"));
    }

    @Test
    @Order(1)
    void startsWithinSixtySecondsAndWritesTheDemoAccountsForItsOwnerOnly() throws Exception {
        assertTrue(firstStart.compareTo(Duration.ofSeconds(60)) < 0, "started in " + firstStart);
        Path file = waitForFile(ranselpost.home().resolve("data/demo-accounts.txt"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(Set.copyOf(AuthorizationMatrix.ROLES), api.accounts().keySet());
        assertNotNull(api.account("SYSTEM_ADMIN").totpSecret(), "admins have TOTP secrets");
        // the database holds personal data: nobody but Ranselpost's own user may read it
        String derby = PosixFilePermissions.toString(Files.getPosixFilePermissions(ranselpost.home().resolve("data/derby")));
        assertTrue(derby.endsWith("---") && derby.substring(3, 6).equals("---"), "data/derby is " + derby);
    }

    @Test
    @Order(2)
    void servesAValidOpenApiDocumentWithAnOperationIdForEveryOperation() throws Exception {
        HttpResponse<String> r = api.send("GET", "/openapi.json", null, null);
        assertEquals(200, r.statusCode());
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body());
        assertTrue(parsed.getMessages() == null || parsed.getMessages().isEmpty(), "OpenAPI problems: " + parsed.getMessages());
        assertTrue(parsed.getOpenAPI().getOpenapi().startsWith("3."));
        Set<String> ids = new HashSet<>();
        List<String[]> ops = operations(Api.JSON.readTree(r.body()));
        assertTrue(ops.size() >= 19, "operations: " + ops.size());
        for (String[] op : ops) {
            assertNotNull(op[2], op[0] + " " + op[1] + " has no operationId");
            assertTrue(ids.add(op[2]), "duplicate operationId " + op[2]);
        }
    }

    @Test
    @Order(3)
    void everyOtherOperationWithoutATokenIs401ProblemJson() throws Exception {
        JsonNode doc = Api.JSON.readTree(api.send("GET", "/openapi.json", null, null).body());
        int checked = 0;
        for (String[] op : operations(doc)) {
            String key = op[0] + " " + op[1];
            if (ANONYMOUS.contains(key)) {
                continue;
            }
            String path = op[1].replaceAll("\\{[^}]+}", "1");
            HttpResponse<String> r = api.send(op[0], path, null, op[0].equals("GET") || op[0].equals("DELETE") ? null : "{}");
            assertEquals(401, r.statusCode(), key);
            assertProblem(r, 401);
            checked++;
        }
        assertTrue(checked >= 16);
        // also what is not in the document at all, and CXF's own descriptions
        for (String path : List.of("/nothing-here", "/units?_wadl", "/units/1/groups?_wadl")) {
            assertEquals(401, api.send("GET", path, null, null).statusCode(), path);
        }
        HttpResponse<String> list = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(ranselpost.baseUrl().replace("/v1", "/"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, list.statusCode(), "no CXF service list");
        assertEquals(200, api.send("GET", "/health", null, null).statusCode());
    }

    /** What CXF or Jetty would answer before the REST server's mappers is a problem too, and says nothing of the hostile input. */
    @Test
    @Order(5)
    void hostileRequestsGetProblemsNeverEchoes() throws Exception {
        String sysadmin = api.authorization("SYSTEM_ADMIN");
        for (String[] req : List.of(
                new String[] {"GET", "/imports/..%2F..%2Fetc%2Fpasswd/state", "404"},
                new String[] {"GET", "/no/such/thing", "404"},
                new String[] {"DELETE", "/units", "405"},
                new String[] {"GET", "/groups/987654321/children", "404"},
                new String[] {"GET", "/units/987654321/groups", "404"})) {
            HttpResponse<String> r = api.send(req[0], req[1], sysadmin, null);
            assertEquals(Integer.parseInt(req[2]), r.statusCode(), req[0] + " " + req[1] + ": " + r.body());
            assertProblem(r, r.statusCode());
            assertFalse(r.body().contains("passwd") || r.body().contains("No service was found"), r.body());
        }
        // a role that may never take the action keeps its 403, whether the object exists or not
        assertEquals(403, api.send("GET", "/groups/987654321/children", api.authorization("GUARDIAN"), null).statusCode());
        // what Jetty answers itself, before any servlet: headers larger than it takes
        HttpResponse<String> big = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ranselpost.baseUrl() + "/health"))
                .header("X-Padding", "x".repeat(20_000)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(431, big.statusCode(), big.body());
        assertProblem(big, 431);
    }

    /** The API documentation page answers without credentials and shows the live document. */
    @Test
    @Order(3)
    void theApiDocumentationPageServesTheLiveDocumentWithoutSignIn() throws Exception {
        String root = ranselpost.baseUrl().replaceFirst("/api/v1$", "");
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(root + "/api-docs/index.html")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("swagger-ui"), page.body());
        HttpResponse<String> init = http.send(HttpRequest.newBuilder(URI.create(root + "/api-docs/swagger-initializer.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, init.statusCode());
        assertTrue(init.body().contains("/api/v1/openapi.json") && !init.body().contains("petstore"), init.body());
        HttpResponse<String> welcome = http.send(HttpRequest.newBuilder(URI.create(root + "/api-docs/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, welcome.statusCode());
        assertTrue(welcome.headers().firstValue("Location").orElse("").endsWith("/api-docs/index.html"));
    }

    @Test
    @Order(4)
    void aDemoAccountSignsInAndListsTheDemoUnitsAndTheirGroups() throws Exception {
        String auth = api.authorization("LEADER");
        HttpResponse<String> r = api.send("GET", "/units", auth, null);
        assertEquals(200, r.statusCode());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        JsonNode units = Api.JSON.readTree(r.body());
        Set<String> types = new HashSet<>();
        units.forEach(u -> types.add(u.get("type").asText()));
        assertEquals(Set.of("KINDERGARTEN", "SCHOOL", "SFO"), types);
        JsonNode groups = Api.JSON.readTree(api.send("GET", "/units/" + staffUnit() + "/groups", auth, null).body());
        assertTrue(groups.size() > 0);
        assertEquals(staffUnit(), groups.get(0).get("unitId").asLong());
        HttpResponse<String> missing = api.send("GET", "/units/987654321", auth, null);
        assertEquals(404, missing.statusCode());
        assertProblem(missing, 404);
    }

    @Test
    @Order(5)
    void badInputGets400ProblemJsonAndWrongPasswords401() throws Exception {
        for (String body : List.of("{\"username\": ", "[1,2]", "{\"username\":\"demo.leader\",\"password\":\"x\",\"extra\":1}",
                "{\"username\":\"demo.leader\"}", "not json")) {
            HttpResponse<String> r = api.send("POST", "/auth/login", null, body);
            assertEquals(400, r.statusCode(), body);
            assertProblem(r, 400);
            assertFalse(r.body().contains("Exception"), "no stack trace or exception names: " + r.body());
        }
        HttpResponse<String> wrong = api.send("POST", "/auth/login", null, "{\"username\":\"demo.employee\",\"password\":\"wrong\"}");
        assertEquals(401, wrong.statusCode());
        assertProblem(wrong, 401);
        HttpResponse<String> noReason = api.send("POST", "/guardians/" + fixture().coGuardian() + "/blocks",
                api.authorization("UNIT_ADMIN"), "{\"childId\": " + fixture().ownChild() + "}");
        assertEquals(400, noReason.statusCode());
        HttpResponse<String> notAsked = api.send("POST", "/guardians/" + fixture().coGuardian() + "/activate",
                api.authorization("UNIT_ADMIN"), "{\"guardianAsked\": false}");
        assertEquals(400, notAsked.statusCode(), "activation records that the guardian asked");
    }

    @Test
    @Order(6)
    void aRevokedTokenGets401OnItsNextUse() throws Exception {
        String token = api.freshToken("EMPLOYEE");
        assertEquals(200, api.send("GET", "/units", "Bearer " + token, null).statusCode());
        assertEquals(204, api.send("POST", "/auth/logout", "Bearer " + token, null).statusCode());
        HttpResponse<String> after = api.send("GET", "/units", "Bearer " + token, null);
        assertEquals(401, after.statusCode());
        assertProblem(after, 401);
    }

    /** After the matrix: the attempts below lock the admin accounts, as repeated failures should. */
    @Test
    @Order(14)
    void anAdminWithTheRightPasswordAndNoTotpCodeGets401OnEveryOperation() throws Exception {
        int limited = 0;
        JsonNode doc = Api.JSON.readTree(api.send("GET", "/openapi.json", null, null).body());
        for (String role : List.of("OWNER", "SYSTEM_ADMIN", "UNIT_ADMIN")) {
            Api.Account a = api.account(role);
            HttpResponse<String> login = api.login(a, false);
            assertEquals(401, login.statusCode(), role + " signs in with the password alone");
            String basic = "Basic " + Base64.getEncoder().encodeToString((a.username() + ":" + a.password()).getBytes(StandardCharsets.UTF_8));
            for (String[] op : operations(doc)) {
                if (ANONYMOUS.contains(op[0] + " " + op[1])) {
                    continue;
                }
                String path = op[1].replaceAll("\\{[^}]+}", "1");
                HttpResponse<String> r = api.send(op[0], path, basic, op[0].equals("GET") || op[0].equals("DELETE") ? null : "{}");
                // refused; past the per-account limit (10 a minute) before any password is even checked
                assertTrue(r.statusCode() == 401 || r.statusCode() == 429, role + " with the password alone on " + op[0] + " " + op[1]
                        + ": " + r.statusCode());
                assertProblem(r, r.statusCode());
                if (r.statusCode() == 429) {
                    limited++;
                    assertTrue(r.headers().firstValue("Retry-After").isPresent());
                }
            }
        }
        assertTrue(limited > 0, "the attempt limit answered 429 over HTTP");
    }

    /** A password over plain HTTP from another machine is refused before it is checked (credentials only over TLS). */
    @Test
    @Order(6)
    void credentialsOverPlainHttpFromAnotherAddressAreRefused() throws Exception {
        String outside = null;
        for (java.net.NetworkInterface ni : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (java.net.InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
                if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    outside = a.getHostAddress();
                }
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(outside != null,
                "[blackbox] NOTICE: this machine has no non-loopback address; the plain-HTTP refusal was not tried");
        URI url = URI.create(ranselpost.baseUrl().replace("localhost", outside) + "/auth/login");
        Api.Account leader = api.account("LEADER");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + leader.username() + "\",\"password\":\""
                        + leader.password() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode(), r.body());
        assertProblem(r, 403);
        assertTrue(r.body().contains("HTTPS"), r.body());
        // a token too
        HttpResponse<String> me = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ranselpost.baseUrl().replace("localhost",
                outside) + "/auth/me")).header("Authorization", "Bearer " + api.freshToken("LEADER")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, me.statusCode(), me.body());
        // from the machine itself it works
        assertEquals(200, api.send("GET", "/auth/me", api.authorization("LEADER"), null).statusCode());
    }

    /**
     * A capability built outside the platform's bundles (itests/test-capability: its own target
     * kind and resolver, a GROUP-scoped action with a loa condition, a field for leaders only, an
     * anonymous endpoint) is dropped into deploy/ as its own feature. The matrix check fails
     * until its rows exist and holds with them; removing the file removes its actions and its
     * endpoint.
     */
    @Test
    @Order(7)
    void aCapabilityHotDeployedBringsItsOwnRulesAndTakesThemAlongWhenItGoes() throws Exception {
        String sysadmin = api.authorization("SYSTEM_ADMIN");
        Set<String> before = ranselpost.operationIds();
        Set<String> registry = new HashSet<>();
        Api.JSON.readTree(api.send("GET", "/access/anonymous-endpoints", sysadmin, null).body())
                .forEach(e -> registry.add(e.get("method").asText() + " " + e.get("path").asText().replaceFirst("^/api/v1", "")));
        Set<String> expected = new HashSet<>(ANONYMOUS);
        expected.add("GET /api-docs/**");
        // web portal (issue 28): its sign-in page and form and its stylesheet, declared by the web bundle
        expected.addAll(Set.of("GET /sign-in", "POST /sign-in", "GET /static/**"));
        // staff portal (issue 29): the account activation page and form (the one-time code decides)
        expected.addAll(Set.of("GET /activate", "POST /activate"));
        // the timetable declares its feed as a pattern: one token segment
        expected.remove("GET /timetable/feeds/{token}.ics");
        expected.add("GET /timetable/feeds/*");
        expected.add("GET /api/soap/*");
        assertEquals(expected, registry, "the registry, the matrix and ACCESS.md's list agree");

        // Four clients read as staff and a guardian the whole time the capability comes and goes:
        // the REST server swaps its resource set inside the one server, so not one request fails.
        String leader = api.authorization("LEADER");
        RequestLoad load = new RequestLoad(api, List.of(
                new String[] {"/auth/me", leader},
                new String[] {"/groups/" + fixture().staffGroup() + "/children", leader},
                new String[] {"/me/children", api.authorization("GUARDIAN")},
                new String[] {"/health", null}), 4);
        Path feature = StorageFixtures.deployTestCapability(ranselpost.home());
        Set<String> testOperations = Set.of("getTestNote", "getSensitiveTestNote", "getSensitiveTestChildNote", "pingTestCapability",
                "uploadTestNoteAttachment", "getTestNoteAttachment", "deleteTestNoteAttachment");
        Set<String> installed = waitForOperations(ops -> ops.containsAll(testOperations), "the test capability's operations");
        assertEquals(before.size() + testOperations.size(), installed.size(), "only its operations joined: " + installed);
        try {
            JsonNode doc = Api.JSON.readTree(api.send("GET", "/openapi.json", null, null).body());
            List<AuthorizationMatrix.Row> rows = AuthorizationMatrix.load();
            List<String> missing = AuthorizationMatrix.uncovered(doc, rows);
            assertTrue(missing.contains("getTestNote as LEADER") && missing.contains("pingTestCapability as -"),
                    "the matrix check fails without the capability's rows: " + missing);
            List<AuthorizationMatrix.Row> capabilityRows = AuthorizationMatrix.load("/authorization-matrix-testcap.txt");
            List<AuthorizationMatrix.Row> all = new ArrayList<>(rows);
            all.addAll(capabilityRows);
            assertEquals(List.of(), AuthorizationMatrix.uncovered(doc, all), "and holds with them");
            AuthorizationMatrix matrix = new AuthorizationMatrix(api);
            List<String> failures = new ArrayList<>();
            for (AuthorizationMatrix.Row row : capabilityRows) {
                String failure = matrix.run(row, fixture());
                if (failure != null) {
                    failures.add(failure);
                }
            }
            assertEquals(List.of(), failures);
            HttpResponse<String> lowAssurance = api.send("GET", "/testcap/notes/" + fixture().staffGroup() + "/sensitive",
                    api.authorization("LEADER"), null);
            assertTrue(lowAssurance.body().contains("idporten-loa-high"), "a 403 that says what would help: " + lowAssurance.body());
            // a guardian at substantial is asked to step up (RFC 9470), and at high is let in
            String childNote = "/testcap/children/" + fixture().ownChild() + "/sensitive";
            HttpResponse<String> stepUp = api.send("GET", childNote, api.authorization(IdPortenSignIn.LOA_SUBSTANTIAL), null);
            assertEquals(401, stepUp.statusCode(), stepUp.body());
            assertProblem(stepUp, 401);
            assertTrue(stepUp.headers().firstValue("WWW-Authenticate").orElse("").contains("insufficient_user_authentication")
                    && stepUp.headers().firstValue("WWW-Authenticate").orElse("").contains("acr_values=\"idporten-loa-high\""),
                    stepUp.headers().map().toString());
            assertTrue(stepUp.body().contains("step-up-required") && stepUp.body().contains("level=high"), stepUp.body());
            // signing in again through the browser at high lets the same person in
            IdPortenSignIn.BrowserSession high = IdPortenSignIn.codeFlow(api.baseUrl(), idporten,
                    IdPortenSignIn.demoPersons(ranselpost.home()).get("GUARDIAN"), "idporten-loa-high", "high");
            assertTrue(idporten.lastAuthorizeQuery().contains("acr_values=idporten-loa-high"), idporten.lastAuthorizeQuery());
            assertEquals(200, api.send("GET", childNote, "Bearer " + high.token(), null).statusCode());
            String actions = api.send("GET", "/access/actions", sysadmin, null).body();
            assertTrue(actions.contains("testcap.note.read-sensitive") && actions.contains("MIN_ASSURANCE"), actions);
            attachmentsGoThroughTheBinaryStore();
        } finally {
            Files.delete(feature);
        }
        waitForOperations(before::equals, "the API as it was before the capability came");
        Thread.sleep(1500); // past the last rebuild
        load.close();
        assertEquals(Map.of(), load.failures(), "no request failed while the feature was installed and uninstalled: " + load.examples());
        assertTrue(load.succeeded() > 100, "the load ran: " + load.succeeded());
        assertEquals(401, api.send("GET", "/testcap/ping", null, null).statusCode(), "its anonymous endpoint is gone");
        assertEquals(404, api.send("GET", "/testcap/notes/" + fixture().staffGroup(), api.authorization("LEADER"), null).statusCode());
        String actions = api.send("GET", "/access/actions", sysadmin, null).body();
        assertFalse(actions.contains("testcap."), "its actions are gone from the access policy");
        assertFalse(api.send("GET", "/access/anonymous-endpoints", sysadmin, null).body().contains("testcap"));
    }

    /**
     * The test capability's note attachment, kept by the binary store (bundle storage): a phone
     * photo loses its GPS, XMP and IPTC and comes back upright; a PNG sent as a PDF is a PNG; an
     * executable sent as a JPEG is a 415 and changes nothing; downloads are attachments with
     * nosniff, the detected type and no-store; removing the attachment deletes it.
     */
    private void attachmentsGoThroughTheBinaryStore() throws Exception {
        String path = "/testcap/notes/" + fixture().staffGroup() + "/attachment";
        String leader = api.authorization("LEADER");
        byte[] photo = StorageFixtures.jpegWithGpsXmpIptc();
        HttpResponse<String> up = upload(path, leader, "image/jpeg", photo);
        assertEquals(200, up.statusCode(), up.body());
        JsonNode stored = Api.JSON.readTree(up.body());
        assertEquals("image/jpeg", stored.get("contentType").asText());
        assertEquals(20, stored.get("width").asInt(), "upright: the orientation was applied");
        assertEquals(40, stored.get("height").asInt());
        assertTrue(stored.get("thumbnail").asBoolean());

        // an employee of the group reads it: an attachment, of the stored type, never sniffed, never in a shared cache
        HttpResponse<byte[]> down = download(path, api.authorization("EMPLOYEE"));
        assertEquals(200, down.statusCode());
        assertEquals("image/jpeg", down.headers().firstValue("Content-Type").orElse(""));
        String disposition = down.headers().firstValue("Content-Disposition").orElse("");
        assertTrue(disposition.startsWith("attachment;") && disposition.contains(".jpg\""), disposition);
        assertEquals("nosniff", down.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(down.headers().firstValue("Cache-Control").orElse("").contains("no-store"), down.headers().map().toString());
        assertEquals(stored.get("size").asLong(), down.body().length);
        StorageFixtures.assertNoMetadataAndUpright(down.body());
        // another unit's staff may not
        HttpResponse<byte[]> otherUnit = download("/testcap/notes/" + fixture().otherGroup() + "/attachment", leader);
        assertEquals(403, otherUnit.statusCode());

        // a PNG named and declared a PDF is stored (and served) as the PNG it is, and replaces the photo
        HttpResponse<String> png = upload(path + "?name=plan.pdf", leader, "application/pdf", StorageFixtures.png());
        assertEquals(200, png.statusCode(), png.body());
        assertEquals("image/png", Api.JSON.readTree(png.body()).get("contentType").asText());
        HttpResponse<byte[]> pngDown = download(path, leader);
        assertEquals("image/png", pngDown.headers().firstValue("Content-Type").orElse(""));
        assertTrue(pngDown.headers().firstValue("Content-Disposition").orElse("").contains(".png\""));

        // an executable declared a JPEG is refused with 415 and changes nothing
        HttpResponse<String> elf = upload(path, leader, "image/jpeg", StorageFixtures.elf());
        assertEquals(415, elf.statusCode(), elf.body());
        assertTrue(elf.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals("image/png", download(path, leader).headers().firstValue("Content-Type").orElse(""), "the PNG is still there");

        // removed with its owner
        assertEquals(204, api.send("DELETE", path, leader, null).statusCode());
        assertEquals(404, download(path, leader).statusCode());

        // another implementation by configuration: naming one withdraws the database store at once, and what needs a store goes
        // with it (here the attachment's operations); naming the database again brings it back
        Path cfg = ranselpost.home().resolve("etc/no.ranselpost.storage.cfg");
        Set<String> attachmentOperations = Set.of("uploadTestNoteAttachment", "getTestNoteAttachment", "deleteTestNoteAttachment");
        RanselpostProcess.setProperty(cfg, "implementation", "elsewhere");
        waitForOperations(ops -> ops.contains("getTestNote") && ops.stream().noneMatch(attachmentOperations::contains),
                "the attachment's operations gone with the database store");
        RanselpostProcess.setProperty(cfg, "implementation", "database");
        waitForOperations(ops -> ops.containsAll(attachmentOperations), "the attachment's operations back with the database store");
        assertEquals(404, download(path, leader).statusCode());
    }

    private static HttpResponse<String> upload(String path, String authorization, String declaredType, byte[] content) throws Exception {
        return StorageFixtures.upload(ranselpost.baseUrl(), path, authorization, declaredType, content);
    }

    private static HttpResponse<byte[]> download(String path, String authorization) throws Exception {
        return StorageFixtures.download(ranselpost.baseUrl(), path, authorization);
    }

    private static Set<String> waitForOperations(java.util.function.Predicate<Set<String>> condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Set<String> ops = Set.of();
        while (System.nanoTime() < deadline) {
            ops = ranselpost.operationIds();
            if (condition.test(ops)) {
                // the server rebuilds debounced: the same answer twice in a row
                Thread.sleep(700);
                Set<String> again = ranselpost.operationIds();
                if (again.equals(ops)) {
                    return ops;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("Waited 90 s for " + what + "; the API has " + ops);
    }

    @Test
    @Order(8)
    void aBlockedOrDeactivatedGuardianIsRefusedOnTheNextRequest() throws Exception {
        AuthorizationMatrix.Fixture f = fixture();
        String guardian = api.authorization("GUARDIAN");
        String unitAdmin = api.authorization("UNIT_ADMIN");
        String child = "/children/" + f.ownChild();
        assertEquals(200, api.send("GET", child, guardian, null).statusCode());
        int before = Api.JSON.readTree(api.send("GET", "/me/children", guardian, null).body()).size();

        assertEquals(204, api.send("POST", "/guardians/" + f.guardianPerson() + "/blocks", unitAdmin,
                "{\"childId\": " + f.ownChild() + ", \"reason\": \"court-order\"}").statusCode());
        HttpResponse<String> blocked = api.send("GET", child, guardian, null);
        assertEquals(403, blocked.statusCode(), "the same token, the very next request");
        assertProblem(blocked, 403);
        JsonNode own = Api.JSON.readTree(api.send("GET", "/me/children", guardian, null).body());
        assertEquals(before - 1, own.size(), "the blocked child is gone from the list; the others stay");
        JsonNode asAdmin = Api.JSON.readTree(api.send("GET", child, unitAdmin, null).body());
        boolean shown = false;
        for (JsonNode g : asAdmin.get("guardians")) {
            if (g.get("personId").asLong() == f.guardianPerson()) {
                assertTrue(g.get("blocked").asBoolean(), "the unit admin sees the block");
                shown = true;
            }
        }
        assertTrue(shown);
        assertEquals(204, api.send("DELETE", "/guardians/" + f.guardianPerson() + "/blocks/" + f.ownChild(), unitAdmin, null).statusCode());
        assertEquals(200, api.send("GET", child, guardian, null).statusCode());

        // the unit admin deactivates the guardian at their own unit: that unit's children are gone, others stay
        JsonNode deactivated = Api.JSON.readTree(api.send("POST", "/guardians/" + f.guardianPerson() + "/deactivate", unitAdmin, null).body());
        for (JsonNode u : deactivated.get("units")) {
            assertEquals(u.get("unitId").asLong() == f.staffUnit() ? "INACTIVE" : "ACTIVE", u.get("state").asText(),
                    "only the admin's own unit changes: " + deactivated);
        }
        assertEquals(403, api.send("GET", child, guardian, null).statusCode());
        JsonNode remaining = Api.JSON.readTree(api.send("GET", "/me/children", guardian, null).body());
        assertTrue(remaining.size() < before);
        for (JsonNode c : remaining) {
            boolean elsewhere = false;
            for (JsonNode p : c.get("placements")) {
                elsewhere |= p.get("unitId").asLong() != f.staffUnit();
            }
            assertTrue(elsewhere, "a child still listed attends another unit, whose activation is untouched");
        }
        assertEquals(200, api.send("POST", "/guardians/" + f.guardianPerson() + "/activate", unitAdmin, "{\"guardianAsked\": true}")
                .statusCode());
        assertEquals(200, api.send("GET", child, guardian, null).statusCode());
    }

    /**
     * Messaging over HTTP (issue «Messaging»): a group message needs its preflight, is split per
     * family, and the demo guardian reads only their family's copy, without any recipient list;
     * the guardian's reply reaches the group's staff and no other family; a blocked co-guardian is
     * no recipient of the next message; bad input is refused with a problem and stores nothing.
     */
    @Test
    @Order(9)
    void messagesAreSplitPerFamilyAndReachOnlyWhomTheRulesAllow() throws Exception {
        AuthorizationMatrix.Fixture f = fixture();
        String leader = api.authorization("LEADER");
        String guardian = api.authorization("GUARDIAN");
        String unitAdmin = api.authorization("UNIT_ADMIN");
        JsonNode composing = api.getJson("/messages/composing", "GUARDIAN");
        assertTrue(composing.get("sensitiveWarning").get("nb").asText().contains("sensitive"), composing.toString());
        assertEquals(3, composing.get("sensitiveWarning").size(), "nb, nn and en");

        // the co-guardian is blocked for the child: the next group message does not reach them
        assertEquals(204, api.send("POST", "/guardians/" + f.coGuardian() + "/blocks", unitAdmin,
                "{\"childId\": " + f.ownChild() + ", \"reason\": \"court-order\"}").statusCode());
        String body = "{\"recipients\": {\"groupId\": " + f.staffGroup() + "}, \"subject\": \"Tur\", \"text\": \"Vi går på tur i morgen.\"}";
        HttpResponse<String> noPreflight = api.send("POST", "/messages", leader, body);
        assertProblem(noPreflight, 409);
        assertTrue(noPreflight.body().contains("preflight"), noPreflight.body());
        JsonNode preflight = Api.JSON.readTree(api.send("POST", "/messages/preflight", leader, body).body());
        assertTrue(preflight.get("families").asInt() > 5, preflight.toString());
        HttpResponse<String> sent = api.send("POST", "/messages", leader, body.replace("}, \"subject\"",
                "}, \"preflight\": \"" + preflight.get("token").asText() + "\", \"subject\""));
        assertEquals(201, sent.statusCode(), sent.body());
        JsonNode result = Api.JSON.readTree(sent.body());
        assertEquals(preflight.get("families").asInt(), result.get("families").asInt());
        long sendId = result.get("sendId").asLong();
        assertEquals(204, api.send("DELETE", "/guardians/" + f.coGuardian() + "/blocks/" + f.ownChild(), unitAdmin, null).statusCode());
        JsonNode receipts = api.getJson("/messages/sends/" + sendId + "/receipts", "LEADER");
        boolean reachedGuardian = false;
        for (JsonNode r : receipts.get("receipts")) {
            assertTrue(r.get("guardianPersonId").asLong() != f.coGuardian(), "the blocked co-guardian received nothing");
            reachedGuardian |= r.get("guardianPersonId").asLong() == f.guardianPerson();
        }
        assertTrue(reachedGuardian, receipts.toString());

        // the guardian's inbox: their family's copy only, and never who else got it
        JsonNode inbox = api.getJson("/inboxes/mine?size=50", "GUARDIAN");
        long thread = -1;
        java.util.Set<Long> sentThreads = new java.util.HashSet<>();
        result.get("threadIds").forEach(t -> sentThreads.add(t.asLong()));
        int copies = 0;
        for (JsonNode t : inbox.get("threads")) {
            if (sentThreads.contains(t.get("id").asLong())) {
                copies++;
                thread = t.get("id").asLong();
                assertEquals(f.ownChild(), t.get("childId").asLong());
                assertTrue(t.get("unread").asBoolean());
            }
        }
        assertEquals(1, copies, "one copy for the guardian's family: " + inbox);
        HttpResponse<String> view = api.send("GET", "/threads/" + thread, guardian, null);
        assertEquals(200, view.statusCode());
        assertFalse(view.body().contains("\"guardians\"") || view.body().contains("participants"), "no recipient list: " + view.body());

        // the reply goes to the group's staff, never to the other families
        HttpResponse<String> reply = api.send("POST", "/threads/" + thread + "/messages", guardian, "{\"text\": \"Takk, vi kommer.\"}");
        assertEquals(201, reply.statusCode(), reply.body());
        JsonNode group = api.getJson("/inboxes/groups/" + f.staffGroup() + "?size=100", "EMPLOYEE");
        boolean inGroupInbox = false;
        for (JsonNode t : group.get("threads")) {
            inGroupInbox |= t.get("id").asLong() == thread && t.get("unread").asBoolean();
        }
        assertTrue(inGroupInbox, "the reply is unread in the group's inbox");
        for (long other : sentThreads) {
            if (other != thread) {
                JsonNode otherView = api.getJson("/threads/" + other, "LEADER");
                assertEquals(1, otherView.get("messages").size(), "another family's copy has no reply");
                assertEquals(403, api.send("GET", "/threads/" + other, guardian, null).statusCode());
                break;
            }
        }

        // bad input: a problem, and nothing stored
        int before = api.getJson("/inboxes/mine?size=100", "GUARDIAN").get("threads").size();
        for (String bad : new String[] {"{\"recipients\": {\"aboutChildId\": " + f.ownChild() + "}, \"text\": \"\"}",
                "{\"recipients\": {\"aboutChildId\": " + f.ownChild() + "}, \"text\": \"" + "x".repeat(10_001) + "\"}",
                "{\"recipients\": {\"aboutChildId\": " + f.neighbourChild() + ", \"unitId\": 1}, \"text\": \"Hei\"}", "{\"recipients\": [", "{}"}) {
            HttpResponse<String> r = api.send("POST", "/messages", guardian, bad);
            assertProblem(r, 400);
        }
        assertEquals(before, api.getJson("/inboxes/mine?size=100", "GUARDIAN").get("threads").size());
    }

    /** Notifications (issue 23): a guardian's own address confirmed by its code, then a message sent over REST brings a content-free e-mail. */
    @Test
    @Order(9)
    void aMessageSentOverRestBringsAContentFreeEmailToTheConfirmedAddress() throws Exception {
        NotificationFixtures.aMessageOverRestBringsAContentFreeEmail(api, smtp, fixture());
    }

    /**
     * Other adults by consent (issue «Other adults») in the running distribution: with the
     * kommune's setting off a registration is refused; on, the adult (signed in with ID-porten)
     * gets staff's messages about the child only once both custodians have consented, never a
     * group's message, and loses the thread on the very next request when a custodian withdraws.
     */
    @Test
    @Order(9)
    void anOtherAdultGetsMessagesOnlyWhileEveryCustodiansConsentStands() throws Exception {
        AuthorizationMatrix.Fixture f = fixture();
        String adultPid = IdPortenSignIn.demoPersons(ranselpost.home()).get("NO_CHILDREN");
        String unitAdmin = api.authorization("UNIT_ADMIN");
        String leader = api.authorization("LEADER");
        String guardian = api.authorization("GUARDIAN");
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Oslo"));
        String registration = "{\"childId\": " + f.ownChild() + ", \"nationalId\": \"" + adultPid + "\", \"givenName\": \"Steinar\","
                + " \"familyName\": \"Bonus\", \"validFrom\": \"" + today + "\", \"validTo\": \"" + today.plusMonths(3) + "\"}";
        assertProblem(api.send("POST", "/other-adults", unitAdmin, registration), 403);

        Path access = ranselpost.home().resolve("etc/no.ranselpost.access.cfg");
        String before = Files.readString(access);
        try {
            Files.writeString(access, before.replace("otherAdults = false", "otherAdults = true"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            HttpResponse<String> made = api.send("POST", "/other-adults", unitAdmin, registration);
            while (made.statusCode() == 403 && System.nanoTime() < deadline) {
                Thread.sleep(250);
                made = api.send("POST", "/other-adults", unitAdmin, registration);
            }
            assertEquals(201, made.statusCode(), made.body());
            JsonNode r = Api.JSON.readTree(made.body());
            long id = r.get("id").asLong();
            assertFalse(r.get("holds").asBoolean());
            String adult = "Bearer " + IdPortenSignIn.exchange(api, idporten.sign(idporten.accessTokenClaims(adultPid, "idporten-loa-substantial").build()));
            String family = "{\"recipients\": {\"families\": [{\"childId\": " + f.ownChild() + "}]}, \"text\": \"Husk skiftetøy.\"}";
            assertEquals(201, api.send("POST", "/messages", leader, family).statusCode());
            assertEquals(0, Api.JSON.readTree(api.send("GET", "/inboxes/mine", adult, null).body()).get("threads").size(), "no consent yet");

            assertEquals(200, api.send("POST", "/other-adults/" + id + "/consent", guardian, "{\"given\": true}").statusCode());
            HttpResponse<String> written = api.send("POST", "/other-adults/" + id + "/written-consent", unitAdmin,
                    "{\"custodianPersonId\": " + f.coGuardian() + ", \"reason\": \"written-form\"}");
            assertEquals(200, written.statusCode(), written.body());
            assertTrue(Api.JSON.readTree(written.body()).get("holds").asBoolean());
            assertEquals(201, api.send("POST", "/messages", leader, family.replace("Husk skiftetøy.", "Vi gikk på tur.")).statusCode());
            JsonNode inbox = Api.JSON.readTree(api.send("GET", "/inboxes/mine", adult, null).body());
            assertEquals(1, inbox.get("threads").size(), inbox.toString());
            long thread = inbox.get("threads").get(0).get("id").asLong();
            assertEquals(200, api.send("GET", "/threads/" + thread, adult, null).statusCode());
            assertEquals(403, api.send("GET", "/children/" + f.ownChild(), adult, null).statusCode(), "never the child's record");

            // a group's message: never to the adult
            String group = "{\"recipients\": {\"groupId\": " + f.staffGroup() + "}, \"text\": \"Planleggingsdag fredag.\"}";
            String token = Api.JSON.readTree(api.send("POST", "/messages/preflight", leader, group).body()).get("token").asText();
            assertEquals(201, api.send("POST", "/messages", leader, group.replace("\"text\"", "\"preflight\": \"" + token + "\", \"text\"")).statusCode());
            assertEquals(1, Api.JSON.readTree(api.send("GET", "/inboxes/mine", adult, null).body()).get("threads").size());

            // the demo guardian withdraws: the very next request is refused
            assertEquals(200, api.send("POST", "/other-adults/" + id + "/consent", guardian, "{\"given\": false}").statusCode());
            assertEquals(403, api.send("GET", "/threads/" + thread, adult, null).statusCode());
            assertEquals(0, Api.JSON.readTree(api.send("GET", "/inboxes/mine", adult, null).body()).get("threads").size());
            assertEquals(200, api.send("POST", "/other-adults/" + id + "/end", unitAdmin, "{\"reason\": \"custodian-request\"}").statusCode());
        } finally {
            Files.writeString(access, before);
        }
    }

    /** TOTP codes of the previous and the current time step: an activation takes one, the sign-in after it the next. */
    private static String[] consecutiveTotpCodes(String secret) {
        long step = no.ranselpost.identity.local.internal.Totp.step(System.currentTimeMillis() / 1000);
        return new String[] {no.ranselpost.identity.local.internal.Totp.code(secret, step - 1),
            no.ranselpost.identity.local.internal.Totp.code(secret, step)};
    }

    @Test
    @Order(9)
    void seedZerosStaffRoutinesOverHttpWithOneTimeActivationCodes() throws Exception {
        AuthorizationMatrix.Fixture f = fixture();
        // the owner adds a unit admin (styrer): the answer carries the activation code once, no password
        HttpResponse<String> created = api.send("POST", "/staff-accounts", api.authorization("OWNER"),
                "{\"username\": \"bb-styrer\", \"displayName\": \"Styrer\", \"roles\": [{\"role\": \"UNIT_ADMIN\", \"unitId\": "
                        + f.staffUnit() + "}]}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode code = Api.JSON.readTree(created.body());
        assertNotNull(code.get("activationCode"));
        assertTrue(code.get("password") == null && code.get("totpSecret") == null);
        String activation = code.get("activationCode").asText();

        // the styrer enrols TOTP and sets the password with it; the code is then used up
        HttpResponse<String> enrol = api.send("POST", "/auth/activation/totp", null, "{\"activationCode\": \"" + activation + "\"}");
        assertEquals(200, enrol.statusCode(), enrol.body());
        String secret = Api.JSON.readTree(enrol.body()).get("secret").asText();
        String password = "kantarell-skog-2026";
        String[] totp = consecutiveTotpCodes(secret);
        HttpResponse<String> activated = api.send("POST", "/auth/activation", null, "{\"activationCode\": \"" + activation
                + "\", \"password\": \"" + password + "\", \"totp\": \"" + totp[0] + "\"}");
        assertEquals(204, activated.statusCode(), activated.body());
        HttpResponse<String> again = api.send("POST", "/auth/activation", null, "{\"activationCode\": \"" + activation
                + "\", \"password\": \"another-password-77\", \"totp\": \"" + totp[1] + "\"}");
        assertEquals(401, again.statusCode(), "a used code is refused");
        assertProblem(again, 401);
        HttpResponse<String> login = api.send("POST", "/auth/login", null, "{\"username\": \"bb-styrer\", \"password\": \"" + password
                + "\", \"totp\": \"" + totp[1] + "\"}");
        assertEquals(200, login.statusCode(), login.body());
        String styrer = "Bearer " + Api.JSON.readTree(login.body()).get("token").asText();

        // the styrer adds a pedagogue as LEADER of the staff group, who activates without TOTP and signs in
        HttpResponse<String> leader = api.send("POST", "/staff-accounts", styrer, "{\"username\": \"bb-pedagog\", \"roles\": "
                + "[{\"role\": \"LEADER\", \"unitId\": " + f.staffUnit() + ", \"groupId\": " + f.staffGroup() + "}]}");
        assertEquals(201, leader.statusCode(), leader.body());
        long leaderId = Api.JSON.readTree(leader.body()).get("accountId").asLong();
        String leaderCode = Api.JSON.readTree(leader.body()).get("activationCode").asText();
        assertEquals(204, api.send("POST", "/auth/activation", null, "{\"activationCode\": \"" + leaderCode
                + "\", \"password\": \"blaabaer-syltetoey-7\"}").statusCode());
        HttpResponse<String> leaderLogin = api.send("POST", "/auth/login", null,
                "{\"username\": \"bb-pedagog\", \"password\": \"blaabaer-syltetoey-7\"}");
        assertEquals(200, leaderLogin.statusCode());
        String pedagog = "Bearer " + Api.JSON.readTree(leaderLogin.body()).get("token").asText();
        assertEquals(200, api.send("GET", "/groups/" + f.staffGroup() + "/children", pedagog, null).statusCode());

        // the unit's list: roles, state, last sign-in; no password, TOTP secret or activation code of anyone
        HttpResponse<String> list = api.send("GET", "/units/" + f.staffUnit() + "/staff-accounts", styrer, null);
        assertEquals(200, list.statusCode());
        for (String secretValue : List.of(password, secret, activation, leaderCode, "blaabaer-syltetoey-7", "argon2")) {
            assertFalse(list.body().contains(secretValue), "the list carries no secret");
        }
        assertTrue(list.body().contains("\"bb-pedagog\""));
        // a unit admin gives no unit admin role
        assertEquals(403, api.send("POST", "/staff-accounts", styrer, "{\"username\": \"bb-styrer2\", \"roles\": [{\"role\": "
                + "\"UNIT_ADMIN\", \"unitId\": " + f.staffUnit() + "}]}").statusCode());

        // on leave: disabled, and the pedagogue's token is refused on the very next request
        assertEquals(200, api.send("POST", "/staff-accounts/" + leaderId + "/disable", styrer, null).statusCode());
        assertEquals(401, api.send("GET", "/auth/me", pedagog, null).statusCode());
        assertEquals(200, api.send("POST", "/staff-accounts/" + leaderId + "/enable", styrer, null).statusCode());
        // a forgotten password: a new code; the old password no longer signs in
        HttpResponse<String> reset = api.send("POST", "/staff-accounts/" + leaderId + "/reset", styrer, "{\"what\": \"PASSWORD\"}");
        assertEquals(201, reset.statusCode(), reset.body());
        assertEquals(401, api.send("POST", "/auth/login", null,
                "{\"username\": \"bb-pedagog\", \"password\": \"blaabaer-syltetoey-7\"}").statusCode());
    }

    @Test
    @Order(9)
    void theDemoRegistryImportsOverHttpReportsItsRejectionAndASecondRunChangesNothing() throws Exception {
        String sysadmin = api.authorization("SYSTEM_ADMIN");
        assertTrue(Api.JSON.readTree(api.send("GET", "/imports", sysadmin, null).body()).toString().contains("demo-registry"));
        HttpResponse<String> first = api.send("POST", "/imports/demo-registry/runs", sysadmin, null);
        assertEquals(200, first.statusCode(), first.body());
        JsonNode run = Api.JSON.readTree(first.body());
        assertEquals("PARTIAL", run.get("status").asText(), "applied, with one record rejected: the status says so");
        assertTrue(run.get("created").asInt() > 100);
        assertEquals(1, run.get("rejected").asInt());
        assertTrue(run.get("rejections").get(0).get("reason").asText().startsWith("child: invalid national identity number"));
        JsonNode second = Api.JSON.readTree(api.send("POST", "/imports/demo-registry/runs", sysadmin, null).body());
        assertEquals(0, second.get("created").asInt() + second.get("updated").asInt() + second.get("ended").asInt(), second.toString());
        JsonNode history = Api.JSON.readTree(api.send("GET", "/imports/demo-registry/runs", sysadmin, null).body());
        assertEquals(second.get("id").asLong(), history.get(0).get("id").asLong());
        assertEquals(403, api.send("POST", "/imports/demo-registry/runs", api.authorization("UNIT_ADMIN"), null).statusCode());
    }

    /**
     * Guardians sign in with ID-porten (a fake provider on a free port, keys made in the test):
     * the browser's code flow with PKCE, state and nonce; the session in an HttpOnly cookie with
     * CSRF protection; apps' tokens exchanged once; every forgery and replay refused with a
     * problem; the person without a link and the unknown person; sign-out at both ends.
     */
    @Test
    @Order(9)
    void guardiansSignInWithIdPortenAndEveryForgeryOrReplayIsRefused() throws Exception {
        Map<String, String> persons = IdPortenSignIn.demoPersons(ranselpost.home());
        String pid = persons.get("GUARDIAN");
        String base = api.baseUrl();

        // the code flow, end to end: PKCE S256, state, nonce, the lowest accepted level asked for
        IdPortenSignIn.BrowserSession browser = IdPortenSignIn.codeFlow(base, idporten, pid, "idporten-loa-substantial", null);
        Map<String, String> asked = FakeIdPorten.parse(idporten.lastAuthorizeQuery());
        assertEquals("S256", asked.get("code_challenge_method"));
        assertEquals("idporten-loa-substantial", asked.get("acr_values"));
        assertTrue(asked.get("state").length() >= 40 && asked.get("nonce").length() >= 40, asked.toString());
        assertEquals(303, browser.callback().statusCode());
        assertEquals(base.replaceFirst("/api/v1$", "/"), browser.callback().headers().firstValue("Location").orElse(""), "the portal's root");
        String sessionCookie = browser.callback().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("rp_session=")).findFirst()
                .orElseThrow();
        assertTrue(sessionCookie.contains("HttpOnly") && sessionCookie.contains("Secure") && sessionCookie.contains("SameSite=Lax"), sessionCookie);
        assertFalse(browser.callback().body().contains("eyJ"), "the provider's tokens stay on the server");
        HttpResponse<String> me = IdPortenSignIn.withCookie("GET", base + "/auth/me", browser, Map.of());
        assertEquals(200, me.statusCode(), me.body());
        JsonNode account = Api.JSON.readTree(me.body());
        assertEquals("IDPORTEN_LOA_SUBSTANTIAL", account.get("assurance").asText());
        assertEquals(api.getJson("/auth/me", "GUARDIAN").get("personId").asLong(), account.get("personId").asLong(), "the same person");
        // exactly the guardian's children
        Set<Long> local = new HashSet<>();
        api.getJson("/me/children", "GUARDIAN").forEach(c -> local.add(c.get("id").asLong()));
        Set<Long> viaIdPorten = new HashSet<>();
        Api.JSON.readTree(IdPortenSignIn.withCookie("GET", base + "/me/children", browser, Map.of()).body())
                .forEach(c -> viaIdPorten.add(c.get("id").asLong()));
        assertFalse(local.isEmpty());
        assertEquals(local, viaIdPorten);

        // a replayed state: the same callback again
        HttpResponse<String> replay = IdPortenSignIn.get(browser.callbackUrl());
        assertEquals(401, replay.statusCode(), replay.body());
        assertProblem(replay, 401);
        assertTrue(replay.headers().allValues("Set-Cookie").isEmpty(), "no session from a replay");
        // a replayed nonce: the provider's next id_token carries the nonce of the sign-in before
        idporten.nextNonce(asked.get("nonce"));
        IdPortenSignIn.BrowserSession replayedNonce = IdPortenSignIn.attempt(base, idporten, pid, "idporten-loa-substantial", null);
        assertEquals(401, replayedNonce.callback().statusCode(), replayedNonce.callback().body());
        assertProblem(replayedNonce.callback(), 401);
        assertTrue(replayedNonce.callback().body().contains("nonce"), replayedNonce.callback().body());
        // a callback with a state Ranselpost never issued
        assertEquals(401, IdPortenSignIn.get(base + "/auth/idporten/callback?code=x&state=forged").statusCode());
        // a return path to another site is refused before anything is stored
        HttpResponse<String> open = IdPortenSignIn.get(base + "/auth/idporten/login?returnTo=//evil.example/");
        assertEquals(400, open.statusCode());
        assertProblem(open, 400);

        // changing requests with the cookie: the CSRF token and the Origin are checked
        String logout = base + "/auth/idporten/logout";
        HttpResponse<String> noCsrf = IdPortenSignIn.withCookie("POST", logout, browser, Map.of("Accept", "application/json"));
        assertEquals(403, noCsrf.statusCode(), noCsrf.body());
        assertProblem(noCsrf, 403);
        assertTrue(noCsrf.body().contains("CSRF"), noCsrf.body());
        HttpResponse<String> foreign = IdPortenSignIn.withCookie("POST", logout, browser,
                Map.of("Accept", "application/json", "X-CSRF-Token", browser.csrf(), "Origin", "https://evil.example"));
        assertEquals(403, foreign.statusCode(), foreign.body());
        assertProblem(foreign, 403);
        assertEquals(200, IdPortenSignIn.withCookie("GET", base + "/auth/me", browser, Map.of()).statusCode(), "still signed in");
        HttpResponse<String> signedOut = IdPortenSignIn.withCookie("POST", logout, browser,
                Map.of("Accept", "application/json", "X-CSRF-Token", browser.csrf(), "Origin", base.replaceFirst("/api/v1$", "")));
        assertEquals(200, signedOut.statusCode(), signedOut.body());
        String endSession = Api.JSON.readTree(signedOut.body()).get("endSessionUrl").asText();
        assertTrue(endSession.startsWith(idporten.issuer() + "/endsession?") && endSession.contains("id_token_hint="), endSession);
        assertTrue(signedOut.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("rp_session=;")), "the cookie is cleared");
        assertEquals(401, IdPortenSignIn.withCookie("GET", base + "/auth/me", browser, Map.of()).statusCode(), "our session ended at once");
        assertEquals(200, IdPortenSignIn.get(endSession).statusCode());
        assertEquals(1, idporten.endSessions(), "the browser ends ID-porten's session too");

        // front-channel logout from ID-porten ends the session it names
        IdPortenSignIn.BrowserSession second = IdPortenSignIn.codeFlow(base, idporten, pid, "idporten-loa-substantial", null);
        assertEquals(200, IdPortenSignIn.withCookie("GET", base + "/auth/me", second, Map.of()).statusCode());
        assertEquals(200, IdPortenSignIn.get(base + "/auth/idporten/frontchannel-logout?iss="
                + java.net.URLEncoder.encode(idporten.issuer(), StandardCharsets.UTF_8) + "&sid=" + idporten.lastSid()).statusCode());
        assertEquals(401, IdPortenSignIn.withCookie("GET", base + "/auth/me", second, Map.of()).statusCode());

        // apps: a good token is exchanged once; its session is the same opaque bearer token as staff have
        String good = idporten.sign(idporten.accessTokenClaims(pid, "idporten-loa-high").build());
        String bearer = IdPortenSignIn.exchange(api, good);
        assertFalse(bearer.contains("."), "an opaque token, not the provider's JWT");
        assertEquals("IDPORTEN_LOA_HIGH", api.getJsonWith("/auth/me", "Bearer " + bearer).get("assurance").asText());
        assertExchangeRefused(good, "already-exchanged");
        long now = System.currentTimeMillis();
        assertExchangeRefused(idporten.forge(idporten.accessTokenClaims(pid, "idporten-loa-high").build()), "signature");
        assertExchangeRefused(idporten.sign(idporten.accessTokenClaims(pid, "idporten-loa-high").issuer("https://evil.example").build()), "issuer");
        assertExchangeRefused(idporten.sign(idporten.accessTokenClaims(pid, "idporten-loa-high").audience("another-api").build()), "audience");
        assertExchangeRefused(idporten.sign(idporten.accessTokenClaims(pid, "idporten-loa-high").issueTime(new java.util.Date(now - 600_000))
                .expirationTime(new java.util.Date(now - 300_000)).build()), "expired");
        assertExchangeRefused(idporten.unknownKid(idporten.accessTokenClaims(pid, "idporten-loa-high").build()), "unknown-key");
        assertExchangeRefused(FakeIdPorten.unsigned(idporten.accessTokenClaims(pid, "idporten-loa-high").build()), "not-signed");
        assertExchangeRefused(idporten.sign(idporten.accessTokenClaims(pid, "Level2").build()), "acr");
        // a key rotation: a token under the new key id makes Ranselpost fetch the JWKS again
        int fetches = idporten.jwksFetches();
        idporten.rotate();
        IdPortenSignIn.exchange(api, idporten.sign(idporten.accessTokenClaims(pid, "idporten-loa-substantial").build()));
        assertTrue(idporten.jwksFetches() > fetches, "the JWKS was fetched again for the unknown kid");

        // a person the registers know with no child linked to them: an empty list and seed 003's message
        String lonely = IdPortenSignIn.exchange(api, idporten.sign(idporten.accessTokenClaims(persons.get("NO_CHILDREN"),
                "idporten-loa-substantial").build()));
        assertEquals(0, api.getJsonWith("/me/children", "Bearer " + lonely).size());
        JsonNode notice = api.getJsonWith("/auth/me", "Bearer " + lonely).get("notice");
        assertEquals("no-linked-children", notice.get("code").asText());
        assertTrue(notice.get("text").asText().startsWith("Vi klarte ikke å finne noen barn knyttet til deg"), notice.toString());
        // someone nobody knows: no account, a 403 problem
        HttpResponse<String> unknown = api.send("POST", "/auth/idporten/token", null, "{\"accessToken\": \""
                + idporten.sign(idporten.accessTokenClaims("01010199999", "idporten-loa-substantial").build()) + "\"}");
        assertEquals(403, unknown.statusCode(), unknown.body());
        assertProblem(unknown, 403);
    }

    private static void assertExchangeRefused(String token, String reason) throws Exception {
        HttpResponse<String> r = api.send("POST", "/auth/idporten/token", null, "{\"accessToken\": \"" + token + "\"}");
        assertEquals(401, r.statusCode(), reason + ": " + r.body());
        assertProblem(r, 401);
        assertTrue(r.body().contains(reason), "the problem names why (" + reason + "): " + r.body());
    }

    @Test
    @Order(10)
    void theAuthorizationMatrixCoversEveryLiveOperationAndHolds() throws Exception {
        List<AuthorizationMatrix.Row> rows = AuthorizationMatrix.load();
        JsonNode doc = Api.JSON.readTree(api.send("GET", "/openapi.json", null, null).body());
        List<String> uncovered = AuthorizationMatrix.uncovered(doc, rows);
        assertTrue(uncovered.isEmpty(), "operations the matrix does not cover: " + uncovered);
        AuthorizationMatrix matrix = new AuthorizationMatrix(api);
        AuthorizationMatrix.Fixture f = fixture();
        List<String> failures = new ArrayList<>();
        for (AuthorizationMatrix.Row row : rows) {
            String failure = matrix.run(row, f);
            if (failure != null) {
                failures.add(failure);
            }
        }
        System.out.println("[blackbox] authorization matrix: " + rows.size() + " rows, " + failures.size() + " failures");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /**
     * Connectors as a system administrator hot-deploys them: KARs dropped into deploy/ of the
     * running distribution (which has neither installed), their factory configurations into etc/.
     * First a kommune's own connector, built outside the reactor from examples/connector-example
     * against registry-api only (the SFO register's change list, from a fake over real HTTP): it
     * imports enrolments at a new SFO and keeps its cursor in the state store. Then the FREG
     * adapter's KAR, configured (before the KAR comes) to follow that SFO, describes the children
     * from the spec-validated FREG fake. Neither install refreshes a bundle of the running core.
     * Removing a KAR removes its source.
     */
    @Test
    @Order(11)
    void kommuneConnectorAndFregKarHotDeployedImportAndTheirSourcesGoWithTheKars() throws Exception {
        // signed in afresh: the matrix signs the cached sessions out
        String sysadmin = "Bearer " + api.freshToken("SYSTEM_ADMIN");
        Path freg = kar("ranselpost.kar.freg");
        Path example = kar("ranselpost.kar.example");
        String before = api.send("GET", "/imports", sysadmin, null).body();
        assertFalse(before.contains("\"freg\"") || before.contains("kommune-sfo"), "the distribution has neither installed: " + before);

        String org = null;
        for (int b = 94000000; org == null; b++) {
            org = no.ranselpost.core.api.OrgNumber.withCheckDigit(Integer.toString(b));
        }
        try (no.ranselpost.registry.freg.internal.FakeFreg fakeFreg = new no.ranselpost.registry.freg.internal.FakeFreg();
             SfoRegister sfo = new SfoRegister()) {
            // two families in the population register, the children enrolled at the SFO in the kommune's own register
            no.ranselpost.registry.freg.internal.Population pop = new no.ranselpost.registry.freg.internal.Population(fakeFreg);
            String child1 = pop.childId(java.time.LocalDate.of(2018, 2, 3));
            String mother1 = pop.adultId(java.time.LocalDate.of(1987, 2, 3));
            String father1 = pop.adultId(java.time.LocalDate.of(1986, 2, 3));
            String child2 = pop.childId(java.time.LocalDate.of(2019, 3, 4));
            String mother2 = pop.adultId(java.time.LocalDate.of(1990, 3, 4));
            pop.person(child1, "Kari", "Lie", "Lievegen", "1");
            pop.person(mother1, "Kirsten", "Lie", "Lievegen", "1");
            pop.person(father1, "Knut", "Lie", "Lievegen", "1");
            pop.person(child2, "Mats", "Moe", "Moevegen", "2");
            pop.person(mother2, "Mona", "Moe", "Moevegen", "2");
            pop.parent(child1, mother1, "mor");
            pop.parent(child1, father1, "far");
            pop.responsibility(child1, "felles", mother1, true);
            pop.responsibility(child1, "felles", father1, true);
            pop.parent(child2, mother2, "mor");
            pop.responsibility(child2, "mor", mother2, true);
            sfo.changes = "cursor=7\n"
                    + child1 + ";" + org + ";Eksempel SFO;SFO1;SFO 1.-2. trinn;2025-08-18;\n"
                    + child2 + ";" + org + ";Eksempel SFO;SFO1;SFO 1.-2. trinn;2025-08-18;\n"
                    + "a line the register got wrong\n";

            // the kommune's own connector: the KAR first, then its configuration
            long mark = logSize();
            Path exampleKar = ranselpost.home().resolve("deploy/" + example.getFileName());
            Files.copy(example, exampleKar);
            Path exampleCfg = ranselpost.home().resolve("etc/org.example.kommune.sfo-kommune.cfg");
            Files.writeString(exampleCfg, "baseUrl = " + sfo.baseUrl() + "\n.token = sfo-token\n");
            long waited = waitForSource(sysadmin, "kommune-sfo", true);
            System.out.println("[blackbox] the example connector's KAR and configuration: source listed after " + waited + " ms");
            assertNoRefresh(mark, "installing the example connector's KAR");

            JsonNode first = Api.JSON.readTree(api.send("POST", "/imports/kommune-sfo/runs", sysadmin, null).body());
            assertEquals("PARTIAL", first.get("status").asText(), first.toString());
            assertTrue(first.get("created").asInt() >= 5, "the SFO, its group, two children and their enrolments: " + first);
            assertEquals(1, first.get("rejected").asInt(), first.toString());
            assertTrue(first.get("rejections").get(0).get("reason").asText().contains("expected 7 fields"), first.toString());
            assertEquals("7", Api.JSON.readTree(api.send("GET", "/imports/kommune-sfo/state", sysadmin, null).body()).get("cursor").asText(),
                    "the connector's cursor is in the state store");
            sfo.changes = "cursor=8\n";
            JsonNode second = Api.JSON.readTree(api.send("POST", "/imports/kommune-sfo/runs", sysadmin, null).body());
            assertEquals("SUCCEEDED", second.get("status").asText(), second.toString());
            assertEquals(List.of("0", "7"), sfo.asked, "the second run asked after the stored cursor");
            assertEquals(List.of("Bearer sfo-token"), sfo.tokens.stream().distinct().toList());

            // the FREG adapter: its configuration first (nothing reads it yet), then the KAR
            Path fregCfg = ranselpost.home().resolve("etc/no.ranselpost.registry.freg-kar.cfg");
            Files.writeString(fregCfg, "baseUrl = " + fakeFreg.baseUrl() + "\n.staticToken = " + no.ranselpost.registry.freg.internal.FakeFreg.TOKEN
                    + "\nfollowUnits = " + org + "\n");
            Thread.sleep(1500);
            assertFalse(api.send("GET", "/imports", sysadmin, null).body().contains("\"freg\""), "no FREG adapter without the KAR");
            mark = logSize();
            Path fregKar = ranselpost.home().resolve("deploy/" + freg.getFileName());
            Files.copy(freg, fregKar);
            waited = waitForSource(sysadmin, "freg", true);
            System.out.println("[blackbox] the FREG KAR: source listed after " + waited + " ms");
            assertNoRefresh(mark, "installing the FREG KAR");
            JsonNode snapshot = Api.JSON.readTree(api.send("POST", "/imports/freg/runs", sysadmin, null).body());
            assertEquals("SUCCEEDED", snapshot.get("status").asText(), snapshot.toString());
            assertTrue(snapshot.get("created").asInt() >= 3, "the three holders of parental responsibility and their links: " + snapshot);
            assertTrue(fakeFreg.lookedUp().containsAll(List.of(child1, child2)), "it looked up the children the example connector enrolled");
            assertEquals(List.of(), fakeFreg.specErrors());
            assertTrue(Api.JSON.readTree(api.send("GET", "/imports/freg/state", sysadmin, null).body()).has("nextSeq"));
            // the feed position is forgotten again, so a later FREG configuration starts afresh
            assertEquals(204, api.send("DELETE", "/imports/freg/state", sysadmin, null).statusCode());

            // removing the KARs uninstalls them: the sources go, the core stays
            mark = logSize();
            Files.delete(fregKar);
            waitForSource(sysadmin, "freg", false);
            assertEquals(404, api.send("POST", "/imports/freg/runs", sysadmin, null).statusCode(), "no FREG source any more");
            Files.delete(fregCfg);
            Files.delete(exampleKar);
            waitForSource(sysadmin, "kommune-sfo", false);
            Files.delete(exampleCfg);
            assertNoRefresh(mark, "removing the KARs");
            assertEquals(200, api.send("GET", "/health", null, null).statusCode(), "the core answers as before");
        }
    }

    /** The kommune's SFO register as the example connector reads it: GET /api/changes?after=cursor, over real HTTP. */
    private static final class SfoRegister implements AutoCloseable {
        final com.sun.net.httpserver.HttpServer server;
        final List<String> asked = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> tokens = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile String changes = "cursor=0\n";

        SfoRegister() throws IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/api/changes", x -> {
                String query = String.valueOf(x.getRequestURI().getQuery());
                asked.add(query.startsWith("after=") ? query.substring(6) : query);
                tokens.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
                byte[] body = changes.getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
                x.sendResponseHeaders(200, body.length);
                x.getResponseBody().write(body);
                x.close();
            });
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static Path kar(String property) {
        Path kar = Path.of(System.getProperty(property, "target/missing.kar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(kar), "the KAR was built: " + kar);
        return kar;
    }

    /** Waits until GET /imports lists the source as AVAILABLE (or no longer lists it); answers the milliseconds it took. */
    private static long waitForSource(String authorization, String sourceId, boolean present) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(60).toNanos();
        String sources = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = api.send("GET", "/imports", authorization, null);
            assertEquals(200, r.statusCode(), r.body());
            sources = r.body();
            boolean listed = false;
            for (JsonNode i : Api.JSON.readTree(sources)) {
                if (i.get("sourceId").asText().equals(sourceId)) {
                    listed = !present || i.get("state").asText().equals("AVAILABLE");
                }
            }
            if (listed == present) {
                return Duration.ofNanos(System.nanoTime() - start).toMillis();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Waited 60 s for source " + sourceId + (present ? "" : " to go") + "; GET /imports: " + sources);
    }

    private static long logSize() throws IOException {
        return Files.size(ranselpost.home().resolve("data/log/karaf.log"));
    }

    /**
     * Karaf's feature service logs every bundle it refreshes under "Refreshing bundles:": since the
     * mark, none but a bundle that is being uninstalled itself ("(Bundle will be uninstalled)").
     */
    private static void assertNoRefresh(long mark, String what) throws IOException {
        byte[] log = Files.readAllBytes(ranselpost.home().resolve("data/log/karaf.log"));
        String since = new String(log, (int) Math.min(mark, log.length), (int) Math.max(0, log.length - mark), StandardCharsets.UTF_8);
        List<String> refreshed = new ArrayList<>();
        boolean inRefresh = false;
        for (String line : since.split("\n")) {
            int bar = line.lastIndexOf(" | ");
            String message = bar < 0 ? line : line.substring(bar + 3);
            if (message.startsWith("Refreshing bundles:")) {
                inRefresh = true;
            } else if (inRefresh && message.startsWith("    ")) {
                if (!message.contains("(Bundle will be uninstalled)")) {
                    refreshed.add(message.strip());
                }
            } else {
                inRefresh = false;
            }
        }
        assertEquals(List.of(), refreshed, what + " refreshed bundles of the running distribution");
    }

    /** The Karaf shell over SSH (issue 17): OWNER lists and changes nothing, EMPLOYEE, UNIT_ADMIN and the guardian cannot sign in. */
    @Test
    @Order(8)
    void theShellOverSshTakesOnlySystemAdminsAndOwnersWithTheirCode() throws Exception {
        ShellChecks.demoRoles(api, ranselpost.home());
    }

    /**
     * A fresh install started with bin/start, operated without the foreground console: the first
     * SYSTEM_ADMIN from the setup code, feature:install and an import over SSH, a second admin, the
     * audit trail naming the person (a second distribution, without the demo).
     */
    @Test
    @Order(13)
    void aFreshInstallStartedWithBinStartIsOperatedOverSshAlone() throws Exception {
        ShellChecks.freshInstallOverSsh(Path.of(System.getProperty("ranselpost.distribution", "target/dist/ranselpost.tar.gz")),
                Path.of("target/blackbox-shell").toAbsolutePath(), Path.of("src/test/resources/samples/enrolments.csv"));
    }

    @Test
    @Order(12)
    void sigkillAndRestartKeepAllDataAndDoNotLoadTheDemoTwice() throws Exception {
        String token = api.freshToken("LEADER");
        String unitsBefore = api.send("GET", "/units", "Bearer " + token, null).body();
        assertEquals(1, demoLoadedLines(1), "the first start loaded the demo once");
        // a sign-in committed just before the kill must survive it
        String lastToken = api.freshToken("EMPLOYEE");
        String accountsBefore = Files.readString(ranselpost.home().resolve("data/demo-accounts.txt"));

        // SIGKILL under read load: every group read answered 200 before the kill has its audit record
        // after the restart (each read's record is committed before the answer leaves, never queued)
        String reader = "Bearer " + api.freshToken("LEADER");
        long readerId = Api.JSON.readTree(api.send("GET", "/auth/me", reader, null).body()).get("accountId").asLong();
        String since = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(1).toString();
        RequestLoad reads = new RequestLoad(api, List.<String[]>of(new String[] {"/groups/" + fixture().staffGroup() + "/children", reader}), 3);
        Thread.sleep(2500);
        ranselpost.kill();
        reads.close();
        long answered = reads.succeeded();
        Duration again = ranselpost.start(Duration.ofSeconds(120));
        System.out.println("[blackbox] restart after SIGKILL answered UP after " + again.toMillis() + " ms");
        assertTrue(answered > 0 && answered < 1000, "the read load ran: " + answered);
        String recordsPath = "/audit/records?principal=account:" + readerId + "&from="
                + java.net.URLEncoder.encode(since, java.nio.charset.StandardCharsets.UTF_8) + "&max=1000";
        HttpResponse<String> records = api.send("GET", recordsPath, api.authorization("SYSTEM_ADMIN"), null);
        if (records.statusCode() == 401) {
            // the suite's cached administrator session may have ended in an earlier case: sign in again
            records = api.send("GET", recordsPath, "Bearer " + api.freshToken("SYSTEM_ADMIN"), null);
        }
        assertEquals(200, records.statusCode(), records.body());
        JsonNode trail = Api.JSON.readTree(records.body());
        assertTrue(trail.isArray(), records.body());
        long recorded = 0;
        for (JsonNode r : trail) {
            if ("core.group.children-read".equals(r.path("action").asText()) && "READ".equals(r.path("outcome").asText())) {
                recorded++;
            }
        }
        System.out.println("[blackbox] SIGKILL under read load: " + answered + " reads answered 200, " + recorded + " read records after the restart");
        assertTrue(recorded >= answered, "every 200 answer's audit record survived SIGKILL: " + answered + " answered, " + recorded + " recorded: "
                + (records.body().length() > 600 ? records.body().substring(0, 600) : records.body()));

        assertEquals(unitsBefore, api.send("GET", "/units", "Bearer " + token, null).body(), "the same units, same ids, not loaded twice");
        assertEquals(200, api.send("GET", "/auth/me", "Bearer " + lastToken, null).statusCode(), "the last committed sign-in survived SIGKILL");
        assertEquals(accountsBefore, Files.readString(ranselpost.home().resolve("data/demo-accounts.txt")));
        // the accounts still sign in with the passwords from the first start
        assertEquals(200, api.send("GET", "/units", "Bearer " + api.freshToken("SHARED_ACCOUNT"), null).statusCode());
        Thread.sleep(2000);
        assertEquals(0, demoLoadedLines(2), "the restart did not load the demo again");
        String log = Files.readString(ranselpost.home().resolve("data/log/karaf.log"));
        assertTrue(log.contains("Demo kommune already loaded"), "the restart says it kept the demo");
    }

    /**
     * A connector hot-deployed with its documented defaults takes an upload at once; a SIGKILL in
     * the middle of its run leaves the run INTERRUPTED at the next start (never RUNNING forever),
     * and the next run says it resumes it.
     */
    @Test
    @Order(13)
    void aRunKilledMidwayIsInterruptedAtTheNextStartAndTheNextRunResumesIt() throws Exception {
        // FREG configured as the README says (followUnits as one comma-separated line), and once wrongly
        Files.writeString(ranselpost.home().resolve("etc/no.ranselpost.registry.freg-kommune.cfg"),
                "baseUrl = http://127.0.0.1:9/folkeregisteret/offentlig-med-hjemmel/api\n.staticToken = not-used\n"
                        + "followUnits = 910000004,910000012\n");
        Files.writeString(ranselpost.home().resolve("etc/no.ranselpost.registry.freg-typo.cfg"),
                "baseUrl = http://127.0.0.1:9/folkeregisteret/offentlig-med-hjemmel/api\nfollowUnits = 91000000\n");
        Path feature = ranselpost.home().resolve("deploy/ranselpost-enrolment-connector.xml");
        Files.writeString(feature, """
                <?xml version="1.0" encoding="UTF-8"?>
                <features name="kommune-connectors" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                  <feature name="kommune-enrolment" version="1.0.0" install="auto">
                    <feature>ranselpost-registry-enrolment</feature>
                    <feature>ranselpost-registry-freg</feature>
                  </feature>
                </features>
                """);
        String sysadmin = "Bearer " + api.freshToken("SYSTEM_ADMIN");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String sources = "";
        while (System.nanoTime() < deadline && !sources.contains("\"enrolment\"")) {
            Thread.sleep(500);
            sources = api.send("GET", "/imports", sysadmin, null).body();
        }
        assertTrue(sources.contains("\"sourceId\":\"enrolment\""), "installed with its defaults, no configuration written by hand: " + sources);
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && !(sources.contains("\"freg\"") && sources.contains("FAILED"))) {
            Thread.sleep(500);
            sources = api.send("GET", "/imports", sysadmin, null).body();
        }
        JsonNode listed = Api.JSON.readTree(sources);
        boolean fregBound = false;
        String failure = null;
        for (JsonNode i : listed) {
            if (i.get("sourceId").asText().equals("freg") && i.get("state").asText().equals("AVAILABLE")) {
                fregBound = true;
            }
            if (i.get("state").asText().equals("FAILED")) {
                failure = i.get("reason").asText();
            }
        }
        assertTrue(fregBound, "the README's followUnits line binds the FREG source: " + sources);
        assertTrue(failure != null && failure.contains("followUnits") && failure.contains("91000000"),
                "the broken configuration is shown over REST with what to fix: " + sources);
        Files.delete(ranselpost.home().resolve("etc/no.ranselpost.registry.freg-typo.cfg"));

        String export = generatedEnrolments(4000);
        java.util.concurrent.CompletableFuture<HttpResponse<String>> upload = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create(ranselpost.baseUrl() + "/imports/enrolment/file")).header("Authorization", sysadmin)
                        .PUT(HttpRequest.BodyPublishers.ofString(export)).build(), HttpResponse.BodyHandlers.ofString());
        long running = -1;
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (running < 0 && System.nanoTime() < deadline && !upload.isDone()) {
            for (JsonNode r : Api.JSON.readTree(api.send("GET", "/imports/enrolment/runs", sysadmin, null).body())) {
                if (r.get("status").asText().equals("RUNNING") && r.get("created").asInt() > 0) {
                    running = r.get("id").asLong();
                }
            }
            Thread.sleep(100);
        }
        assertTrue(running > 0, "caught the run while it was going");
        ranselpost.kill();
        ranselpost.start(Duration.ofSeconds(120));

        // the session survives the SIGKILL (a second sign-in within the same TOTP step would reuse the code, which is refused)
        String admin = sysadmin;
        JsonNode interrupted = null;
        for (JsonNode r : Api.JSON.readTree(api.send("GET", "/imports/enrolment/runs", admin, null).body())) {
            if (r.get("id").asLong() == running) {
                interrupted = r;
            }
        }
        assertTrue(interrupted != null && interrupted.get("status").asText().equals("INTERRUPTED"), String.valueOf(interrupted));
        HttpResponse<String> again = api.send("PUT", "/imports/enrolment/file", admin, export);
        assertEquals(200, again.statusCode(), again.body());
        JsonNode next = Api.JSON.readTree(again.body());
        assertTrue(next.get("message").asText().startsWith("Resumes run " + running), next.toString());
        assertEquals("SUCCEEDED", next.get("status").asText(), next.toString());
        Files.delete(feature);
    }

    /** An admission export of n generated children at a new kindergarten (synthetic D-numbers). */
    private static String generatedEnrolments(int n) {
        StringBuilder csv = new StringBuilder("child_national_id;unit_org_number;unit_name;unit_type;group_code;group_name;group_type;"
                + "start_date;end_date\n");
        String org = null;
        for (int b = 93000000; org == null; b++) {
            org = no.ranselpost.core.api.OrgNumber.withCheckDigit(Integer.toString(b));
        }
        int individual = 500;
        for (int i = 0; i < n; i++) {
            java.time.LocalDate born = java.time.LocalDate.of(2019 + i % 5, 1 + i % 12, 1 + i % 28);
            java.util.Optional<no.ranselpost.core.api.NationalId> id = java.util.Optional.empty();
            while (id.isEmpty()) {
                id = no.ranselpost.core.api.NationalId.compose(born, individual++ % 500 + 500, no.ranselpost.core.api.NationalId.Kind.D_NUMBER,
                        true);
            }
            csv.append(id.get().value()).append(';').append(org).append(";Generert barnehage;KINDERGARTEN;AVD").append(i % 6)
                    .append(";Avdeling ").append(i % 6).append(";DEPARTMENT;2026-08-15;\n");
        }
        return csv.toString();
    }

    /**
     * SOAP (issue 27): every operation with a client generated from the WSDL and with a raw envelope
     * over HTTP; another source's integration refused; a DTD, an external entity, an entity bomb and
     * 20 MB refused with a fault and nothing applied; a push of the sample enrolments equals the
     * same CSV upload row for row, behind the same mass-deletion hold; every call audited.
     */
    @Test
    @Order(12)
    void soapServicesTakePushesThroughTheImportEngineAndRefuseWhatTheyMust() throws Exception {
        Soap soap = new Soap(api);
        Soap.Fixture own = soap.fixture();
        Api.Account hr = api.account("INTEGRATION");
        String hrBasic = api.authorization("INTEGRATION");
        // the fixture's own SYSTEM_ADMIN session (the matrix signed the cached ones out; a TOTP code is taken once)
        String sysadmin = own.admin();
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Oslo"));
        javax.xml.datatype.DatatypeFactory dates = javax.xml.datatype.DatatypeFactory.newInstance();

        // the matrix covers every SOAP operation for no credentials, both integrations and staff
        assertEquals(List.of(), Soap.uncovered(AuthorizationMatrix.load()), "SOAP operations the matrix does not cover");
        // the WSDLs answer without credentials, with the live address; the services themselves do not
        for (String service : List.of("EnrolmentService", "EmploymentService", "StatusService", "AbsenceService")) {
            HttpResponse<String> wsdl = soap.wsdl(service);
            assertEquals(200, wsdl.statusCode(), service);
            assertTrue(wsdl.body().contains("location=\"" + soap.base() + "/" + service + "\""), wsdl.body());
            HttpResponse<String> anonymous = soap.post(service, null, Soap.envelope(Soap.IMPORTS_NS, "<t:x/>"));
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertEquals("unauthenticated", Soap.faultCode(anonymous.body()));
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="), "HTTP Basic, as the 401 says");
        }

        // the enrolment source as both profiles install it (a file source), beside the pushes
        Path sources = ranselpost.home().resolve("deploy/ranselpost-soap-sources.xml");
        Files.writeString(sources, """
                <?xml version="1.0" encoding="UTF-8"?>
                <features name="soap-sources" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                  <feature name="soap-sources" version="1.0.0" install="auto">
                    <feature>ranselpost-registry-enrolment</feature>
                  </feature>
                </features>
                """);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && !api.send("GET", "/imports", sysadmin, null).body().contains("\"sourceId\":\"enrolment\"")) {
            Thread.sleep(300);
        }
        String csv = new String(BlackBoxIT.class.getResourceAsStream("/samples/enrolments.csv").readAllBytes(), StandardCharsets.UTF_8);
        List<String[]> rows = new ArrayList<>();
        csv.lines().skip(1).filter(l -> !l.isBlank()).forEach(l -> rows.add(l.split(";", -1)));
        List<no.ranselpost.itests.blackbox.soap.imports.Enrolment> sample = new ArrayList<>();
        for (String[] r : rows) {
            no.ranselpost.itests.blackbox.soap.imports.Enrolment e = new no.ranselpost.itests.blackbox.soap.imports.Enrolment();
            e.setChildNationalId(r[0]);
            e.setUnitOrgNumber(r[1]);
            e.setUnitName(r[2]);
            e.setUnitType(r[3]);
            e.setGroupCode(r[4]);
            e.setGroupName(r[5]);
            e.setGroupType(r[6]);
            e.setStartDate(r[7]);
            e.setEndDate(r[8].isEmpty() ? null : r[8]);
            sample.add(e);
        }

        // a snapshot pushed with the generated client: the fixture's enrolment disappears from it, so the hold stops the ending
        no.ranselpost.itests.blackbox.soap.imports.ImportRun held = soap.enrolmentClient(own.username(), own.password())
                .pushEnrolments(no.ranselpost.itests.blackbox.soap.imports.PushMode.SNAPSHOT, sample);
        assertEquals("HELD", held.getStatus(), held.getMessage());
        assertEquals("enrolment", held.getSource());
        assertEquals(0, held.getRejected());
        assertTrue(held.getCreated() + held.getUpdated() + held.getUnchanged() >= rows.size(), "the sample's rows applied");
        // the pushed input is kept with the held run: confirming applies exactly that
        HttpResponse<String> confirmed = api.send("POST", "/imports/enrolment/runs/" + held.getRunId() + "/confirm", sysadmin, null);
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        assertEquals(1, Api.JSON.readTree(confirmed.body()).get("ended").asInt(), confirmed.body());

        // the same rows as a CSV upload, and as a raw envelope, with one bad row each: the same run, row for row
        String bad = "27850998855;123;Feil barnehage;KINDERGARTEN;X;X;DEPARTMENT;2024-08-01;";
        HttpResponse<String> upload = api.send("PUT", "/imports/enrolment/file", sysadmin, csv.strip() + "\n" + bad + "\n");
        assertEquals(200, upload.statusCode(), upload.body());
        JsonNode file = Api.JSON.readTree(upload.body());
        List<String[]> withBad = new ArrayList<>(rows);
        withBad.add(bad.split(";", -1));
        HttpResponse<String> raw = soap.post("EnrolmentService", own.basic(), Soap.pushEnrolments("SNAPSHOT", withBad));
        assertEquals(200, raw.statusCode(), raw.body());
        assertEquals(null, Soap.faultCode(raw.body()), raw.body());
        for (String count : List.of("status", "created", "updated", "ended", "unchanged", "rejected")) {
            assertEquals(file.get(count).asText(), Soap.element(raw.body(), count), count + ": the push as the file: " + file + " / " + raw.body());
        }
        assertEquals("PARTIAL", file.get("status").asText());
        assertEquals(0, file.get("created").asInt() + file.get("updated").asInt() + file.get("ended").asInt(), "nothing new: " + file);
        assertTrue(file.get("unchanged").asInt() >= rows.size(), file.toString());
        assertEquals("line " + (rows.size() + 2), file.get("rejections").get(0).get("key").asText());
        assertEquals("record " + (rows.size() + 1), Soap.element(raw.body(), "key"));
        assertEquals(file.get("rejections").get(0).get("reason").asText(), Soap.element(raw.body(), "reason"), "the same reason");

        // another source's integration is refused, and nothing is applied
        int runs = Api.JSON.readTree(api.send("GET", "/imports/enrolment/runs", sysadmin, null).body()).size();
        // the generated client meets the fault with its reason and code (CXF's client: a WebServiceException around the SoapFault)
        javax.xml.ws.WebServiceException refused = org.junit.jupiter.api.Assertions.assertThrows(javax.xml.ws.WebServiceException.class,
                () -> soap.enrolmentClient(hr.username(), hr.password()).pushEnrolments(
                        no.ranselpost.itests.blackbox.soap.imports.PushMode.SNAPSHOT, List.of()));
        org.apache.cxf.binding.soap.SoapFault fault = (org.apache.cxf.binding.soap.SoapFault) refused.getCause();
        assertTrue(fault.getMessage().startsWith("This account may not do this"), fault.getMessage());
        assertEquals("forbidden", fault.getDetail().getTextContent().strip(), "the fault's code");
        HttpResponse<String> refusedRaw = soap.post("EnrolmentService", hrBasic, Soap.pushEnrolments("SNAPSHOT", List.of()));
        assertEquals(500, refusedRaw.statusCode());
        assertEquals("forbidden", Soap.faultCode(refusedRaw.body()));
        org.junit.jupiter.api.Assertions.assertThrows(javax.xml.ws.WebServiceException.class,
                () -> soap.absenceClient(hr.username(), hr.password()).getAbsence(own.unitOrg(),
                        no.ranselpost.itests.blackbox.soap.absence.UnitType.SCHOOL, dates.newXMLGregorianCalendar(today.toString()),
                        dates.newXMLGregorianCalendar(today.toString())));

        // hostile XML: refused with a fault before anything is parsed or applied
        String hostileOrg = null;
        for (int b = 95100000; hostileOrg == null; b++) {
            hostileOrg = no.ranselpost.core.api.OrgNumber.withCheckDigit(Integer.toString(b));
        }
        String push = Soap.pushEnrolments("CHANGES", List.<String[]>of(new String[] {own.childNationalId(), hostileOrg, "&name;", "SCHOOL", "9Z",
                "9Z", "CLASS", today.toString(), ""})).replace("&amp;name;", "&name;");
        StringBuilder bomb = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            bomb.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        bomb.append("<!ENTITY name \"&lol9;\">]>");
        Map<String, String> hostile = new java.util.LinkedHashMap<>();
        hostile.put("a DTD", "<?xml version=\"1.0\"?><!DOCTYPE soapenv:Envelope [<!ELEMENT soapenv:Envelope ANY><!ENTITY name \"x\">]>" + push);
        hostile.put("an external entity", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY name SYSTEM \"file:///etc/passwd\">]>" + push);
        hostile.put("an entity bomb", "<?xml version=\"1.0\"?>" + bomb + push);
        for (Map.Entry<String, String> h : hostile.entrySet()) {
            HttpResponse<String> r = soap.post("EnrolmentService", own.basic(), h.getValue());
            assertEquals(500, r.statusCode(), h.getKey() + ": " + r.body());
            assertEquals("refused-xml", Soap.faultCode(r.body()), h.getKey() + ": " + r.body());
            assertFalse(r.body().contains("root:") || r.body().contains("lollol") || r.body().contains("Exception"), r.body());
        }
        StringBuilder huge = new StringBuilder("<t:pushEnrolments><t:mode>CHANGES</t:mode>");
        String element = "<t:enrolment><t:childNationalId>" + own.childNationalId() + "</t:childNationalId><t:unitOrgNumber>" + hostileOrg
                + "</t:unitOrgNumber><t:unitName>" + "x".repeat(180) + "</t:unitName><t:unitType>SCHOOL</t:unitType><t:startDate>" + today
                + "</t:startDate></t:enrolment>";
        while (huge.length() < 20 * 1024 * 1024) {
            huge.append(element);
        }
        HttpResponse<String> tooLarge = soap.post("EnrolmentService", own.basic(), Soap.envelope(Soap.IMPORTS_NS, huge + "</t:pushEnrolments>"));
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());
        assertEquals("too-large", Soap.faultCode(tooLarge.body()));
        assertEquals(runs, Api.JSON.readTree(api.send("GET", "/imports/enrolment/runs", sysadmin, null).body()).size(), "no run was started");
        for (JsonNode u : api.getJsonWith("/units", sysadmin)) {
            assertFalse(u.get("orgNumber").asText().equals(hostileOrg), "no unit of the refused envelopes");
        }

        // HR: the generated client and a raw envelope, each record applied or rejected with its reason
        no.ranselpost.itests.blackbox.soap.imports.Employment noId = new no.ranselpost.itests.blackbox.soap.imports.Employment();
        noId.setUnitOrgNumber(own.unitOrg());
        noId.setStartDate(today.toString());
        no.ranselpost.itests.blackbox.soap.imports.ImportRun hrRun = soap.employmentClient(hr.username(), hr.password())
                .pushEmployments(no.ranselpost.itests.blackbox.soap.imports.PushMode.CHANGES, List.of(noId));
        assertEquals("hr", hrRun.getSource());
        assertEquals(1, hrRun.getRejected());
        assertEquals("employee_id missing", hrRun.getRejection().get(0).getReason());
        HttpResponse<String> hrRaw = soap.post("EmploymentService", hrBasic, Soap.pushEmployments("CHANGES",
                "<t:employment><t:employeeId>E-1</t:employeeId><t:unitOrgNumber>12</t:unitOrgNumber><t:startDate>" + today
                        + "</t:startDate></t:employment>"));
        assertEquals(200, hrRaw.statusCode(), hrRaw.body());
        assertEquals("unit_org_number: organisation number must be 9 digits", Soap.element(hrRaw.body(), "reason"), hrRaw.body());

        // the import status: each integration its own source's runs, newest first
        List<no.ranselpost.itests.blackbox.soap.imports.ImportRun> hrRuns = soap.statusClient(hr.username(), hr.password()).getImportStatus("hr", 5);
        assertTrue(hrRuns.size() >= 2 && hrRuns.get(1).getRunId() == hrRun.getRunId(), "the HR pushes are its last runs");
        HttpResponse<String> status = soap.post("StatusService", own.basic(), Soap.getImportStatus("enrolment"));
        assertEquals(200, status.statusCode(), status.body());
        assertTrue(status.body().contains("<runId>" + Soap.element(raw.body(), "runId") + "</runId>"), status.body());
        org.junit.jupiter.api.Assertions.assertThrows(javax.xml.ws.WebServiceException.class,
                () -> soap.statusClient(hr.username(), hr.password()).getImportStatus("enrolment", 5));

        // absences for the school administration system, per child as it enrolled the child; never the text
        List<no.ranselpost.itests.blackbox.soap.absence.Absence> absences = soap.absenceClient(own.username(), own.password()).getAbsence(
                own.unitOrg(), no.ranselpost.itests.blackbox.soap.absence.UnitType.SCHOOL,
                dates.newXMLGregorianCalendar(today.minusDays(3).toString()), dates.newXMLGregorianCalendar(today.plusDays(3).toString()));
        assertTrue(absences.stream().anyMatch(a -> a.getReportId() == own.reportId() && a.getChildNationalId().equals(own.childNationalId())
                && "4B".equals(a.getGroupCode()) && a.getKind().equals("SICK")), "the fixture's report: " + absences.size());
        // (the fixture's enrolment was ended by the confirmed snapshot above: the period reaches back to when the child was there)
        HttpResponse<String> absenceRaw = soap.post("AbsenceService", own.basic(), Soap.getAbsence(own.unitOrg(), "SCHOOL", today.minusDays(3),
                today.plusDays(3)));
        assertEquals(200, absenceRaw.statusCode(), absenceRaw.body());
        assertTrue(absenceRaw.body().contains("<reportId>" + own.reportId() + "</reportId>") && !absenceRaw.body().contains("Feber"),
                absenceRaw.body());
        HttpResponse<String> badPeriod = soap.post("AbsenceService", own.basic(), Soap.getAbsence(own.unitOrg(), "SCHOOL", today, today.minusDays(1)));
        assertEquals("invalid-request", Soap.faultCode(badPeriod.body()), badPeriod.body());
        HttpResponse<String> badValue = soap.post("AbsenceService", own.basic(), Soap.getAbsence("12", "SCHOOL", today, today));
        assertEquals(500, badValue.statusCode());
        assertEquals("invalid-request", Soap.faultCode(badValue.body()), "the WSDL's schema refuses it: " + badValue.body());

        // every call is in the audit trail: the integration's calls with their actions and outcomes
        String audit = api.send("GET", "/audit/records?principal=account:" + own.accountId() + "&max=100", sysadmin, null).body();
        for (String expected : List.of("soap-imports.enrolments.push", "soap-imports.status.read", "soap-absence.unit.read-absence", "soap:ok",
                "soap:invalid-request")) {
            assertTrue(audit.contains(expected), expected + " in " + audit);
        }

        // the sample's enrolments end again (a snapshot without them, confirmed), so the later runs of this source start as they would
        HttpResponse<String> empty = soap.post("EnrolmentService", own.basic(), Soap.pushEnrolments("SNAPSHOT", List.of()));
        assertEquals("HELD", Soap.element(empty.body(), "status"), empty.body());
        assertEquals(200, api.send("POST", "/imports/enrolment/runs/" + Soap.element(empty.body(), "runId") + "/confirm", sysadmin, null)
                .statusCode());
        System.out.println("[blackbox] SOAP: the sample pushed = uploaded (" + file.get("unchanged").asInt() + " unchanged), hostile XML refused");
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

    /**
     * Consents and the diary over HTTP: a stored photo keeps no EXIF, GPS, XMP or IPTC and stands
     * upright; a photo of a child without consent is withheld from guardians while the post is
     * served; with the kommune's setting to accept one custodian's yes, the demo guardian's yes
     * shows it and a withdrawal hides it, direct URL included, from the next request on; an
     * untagged photo needs the whole group; guardians never see another child's answers.
     */
    @Test
    @Order(9)
    void photosInTheDiaryAreServedOnlyWhileEveryChildInThemHasConsent() throws Exception {
        AuthorizationMatrix.Fixture f = fixture();
        String admin = api.authorization("SYSTEM_ADMIN");
        String leader = api.authorization("LEADER");
        String guardian = api.authorization("GUARDIAN");
        int year = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Oslo")).getMonthValue() >= 8
                ? java.time.LocalDate.now(java.time.ZoneId.of("Europe/Oslo")).getYear() : java.time.LocalDate.now(java.time.ZoneId.of("Europe/Oslo")).getYear() - 1;
        HttpResponse<String> kind = api.send("POST", "/consent/kinds", admin, "{\"code\": \"bildedeling\", \"use\": \"diary-photos\", \"schoolYear\": "
                + year + ", \"textNb\": \"Bilder av barnet i dagboken\", \"textNn\": \"Bilete av barnet i dagboka\", \"textEn\": \"Photos of the child in the diary\"}");
        assertEquals(201, kind.statusCode(), kind.body());
        long k = Api.JSON.readTree(kind.body()).get("id").asLong();
        assertEquals(409, api.send("POST", "/consent/kinds", admin, "{\"code\": \"bildedeling\", \"use\": \"diary-photos\", \"schoolYear\": " + year
                + ", \"textNb\": \"x\", \"textNn\": \"x\", \"textEn\": \"x\"}").statusCode(), "one kind per use and school year");
        assertEquals(400, api.send("POST", "/consent/kinds", admin, "{\"code\": \"x y\", \"use\": \"anything\"}").statusCode());

        HttpResponse<String> created = api.send("POST", "/diary/posts", leader, "{\"kind\": \"DIARY\", \"groupId\": " + f.staffGroup()
                + ", \"title\": \"Tur i skogen\", \"text\": \"Vi fant maur.\"}");
        assertEquals(201, created.statusCode(), created.body());
        long post = Api.JSON.readTree(created.body()).get("id").asLong();
        HttpResponse<String> tagged = postBytes("/diary/posts/" + post + "/photos?tag=" + f.ownChild(), leader, StorageFixtures.jpegWithGpsXmpIptc());
        assertEquals(201, tagged.statusCode(), tagged.body());
        long photo = Api.JSON.readTree(tagged.body()).get("id").asLong();
        HttpResponse<String> untaggedUp = postBytes("/diary/posts/" + post + "/photos", leader, StorageFixtures.png());
        assertEquals(201, untaggedUp.statusCode(), untaggedUp.body());
        long untagged = Api.JSON.readTree(untaggedUp.body()).get("id").asLong();
        assertEquals(400, postBytes("/diary/posts/" + post + "/photos?tag=" + f.otherChild(), leader, StorageFixtures.png()).statusCode(),
                "only the group's children are tagged");
        assertEquals(415, postBytes("/diary/posts/" + post + "/photos", leader, StorageFixtures.pdf(2048)).statusCode(), "a photo is an image");

        // the stored photo, read back with Commons Imaging: no EXIF, GPS, XMP or IPTC, upright; never kept by a shared cache
        HttpResponse<byte[]> stored = StorageFixtures.download(api.baseUrl(), "/diary/photos/" + photo, leader);
        assertEquals(200, stored.statusCode());
        StorageFixtures.assertNoMetadataAndUpright(stored.body());
        assertTrue(stored.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
        assertEquals(200, StorageFixtures.download(api.baseUrl(), "/diary/photos/" + photo + "/thumbnail", leader).statusCode());

        // no answers yet: the guardian gets the post, no photo
        JsonNode seen = api.getJsonWith("/diary/posts/" + post, guardian);
        assertEquals("Vi fant maur.", seen.get("text").asText());
        assertEquals(0, seen.get("photos").size());
        assertEquals(2, seen.get("withheldPhotos").asInt());
        assertEquals(404, StorageFixtures.download(api.baseUrl(), "/diary/photos/" + photo, guardian).statusCode());

        // the demo guardian says yes; the co-guardian has not answered: by default every custodian must
        HttpResponse<String> yes = api.send("PUT", "/consent/children/" + f.ownChild() + "/answers/" + k, guardian, "{\"given\": true}");
        assertEquals(200, yes.statusCode(), yes.body());
        assertFalse(Api.JSON.readTree(yes.body()).get("holds").asBoolean());
        assertEquals(404, StorageFixtures.download(api.baseUrl(), "/diary/photos/" + photo, guardian).statusCode());

        // the kommune accepts one custodian's yes (ACCESS.md: consentFromAllCustodians): the photo is served
        Path access = ranselpost.home().resolve("etc/no.ranselpost.access.cfg");
        String before = Files.readString(access);
        try {
            Files.writeString(access, before.replace("consentFromAllCustodians = true", "consentFromAllCustodians = false"));
            waitForStatus("/diary/photos/" + photo, guardian, 200);
            JsonNode shown = api.getJsonWith("/diary/posts/" + post, guardian);
            assertEquals(1, shown.get("photos").size(), "the untagged photo shows the whole group: it needs everyone's consent");
            assertEquals(photo, shown.get("photos").get(0).get("id").asLong());
            assertTrue(shown.get("photos").get(0).path("taggedChildIds").isMissingNode(), "a guardian is not told who else is in a photo");
            assertEquals(404, StorageFixtures.download(api.baseUrl(), "/diary/photos/" + untagged, guardian).statusCode());

            // withdrawn: hidden from the very next request on, the direct URL included
            HttpResponse<String> no = api.send("PUT", "/consent/children/" + f.ownChild() + "/answers/" + k, guardian, "{\"given\": false}");
            assertEquals(200, no.statusCode(), no.body());
            assertEquals(404, StorageFixtures.download(api.baseUrl(), "/diary/photos/" + photo, guardian).statusCode());
            assertEquals(404, StorageFixtures.download(api.baseUrl(), "/diary/photos/" + photo + "/thumbnail", guardian).statusCode());
            assertEquals(0, api.getJsonWith("/diary/posts/" + post, guardian).get("photos").size());
        } finally {
            Files.writeString(access, before);
        }

        // guardians never see another child's answers, nor who else answered for their own
        JsonNode own = api.getJsonWith("/consent/children/" + f.ownChild(), guardian);
        for (JsonNode c : own) {
            assertTrue(c.path("answers").isMissingNode(), c.toString());
        }
        assertEquals(403, api.send("GET", "/consent/children/" + f.neighbourChild(), guardian, null).statusCode());
        assertEquals(403, api.send("GET", "/consent/groups/" + f.staffGroup(), guardian, null).statusCode());
        // staff see per group who consented to what, with the history of every answer
        JsonNode group = api.getJsonWith("/consent/groups/" + f.staffGroup(), leader);
        JsonNode mine = null;
        for (JsonNode row : group.get("children")) {
            if (row.get("childId").asLong() == f.ownChild()) {
                mine = row;
            }
        }
        assertNotNull(mine);
        JsonNode answers = mine.get("consents").get(0).get("answers");
        assertEquals(2, answers.size(), "the yes and the withdrawal: " + answers);
        assertFalse(answers.get(0).path("supersededAt").isMissingNode(), "the first answer is history");
        for (JsonNode row : api.getJsonWith("/consent/groups/" + f.staffGroup(), api.authorization("SHARED_ACCOUNT")).get("children")) {
            assertTrue(row.get("consents").get(0).path("answers").isMissingNode(), "the department's tablet: photo yes/no only");
        }
        // the news and the plans of the unit
        HttpResponse<String> news = api.send("POST", "/diary/posts", api.authorization("UNIT_ADMIN"), "{\"kind\": \"NEWS\", \"unitId\": " + f.staffUnit()
                + ", \"title\": \"Sommerfest\", \"text\": \"Velkommen!\"}");
        assertEquals(201, news.statusCode(), news.body());
        long newsId = Api.JSON.readTree(news.body()).get("id").asLong();
        boolean listed = false;
        for (JsonNode p : api.getJsonWith("/diary/posts", guardian)) {
            listed |= p.get("id").asLong() == newsId;
        }
        assertTrue(listed, "the unit's news reaches the guardians of its children");
        HttpResponse<String> plan = postBytes("/diary/plans?period=YEAR&startsOn=" + year + "-08-01&title=%C3%85rsplan&unitId=" + f.staffUnit(),
                api.authorization("UNIT_ADMIN"), StorageFixtures.pdf(4096));
        assertEquals(201, plan.statusCode(), plan.body());
        assertEquals("application/pdf", Api.JSON.readTree(plan.body()).get("contentType").asText());
        HttpResponse<byte[]> doc = StorageFixtures.download(api.baseUrl(), "/diary/plans/" + Api.JSON.readTree(plan.body()).get("id").asLong()
                + "/document", guardian);
        assertEquals(200, doc.statusCode());
        assertEquals(4096, doc.body().length);
    }

    private static HttpResponse<String> postBytes(String path, String authorization, byte[] content) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ranselpost.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void waitForStatus(String path, String authorization, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = StorageFixtures.download(ranselpost.baseUrl(), path, authorization).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(250);
        }
        assertEquals(status, last, path);
    }

    private static void assertProblem(HttpResponse<String> r, int status) throws IOException {
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0], r.body());
        JsonNode p = Api.JSON.readTree(r.body());
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

    // ------------------------------------------------------------------ timetable

    /** Signs in a demo timetable account (local sign-in, no second factor). */
    private static String signIn(String username, String password) throws Exception {
        HttpResponse<String> r = api.send("POST", "/auth/login", null, Api.JSON.writeValueAsString(Map.of("username", username, "password", password)));
        assertEquals(200, r.statusCode(), r.body());
        return "Bearer " + Api.JSON.readTree(r.body()).get("token").asText();
    }

    private static HttpResponse<String> feed(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ranselpost.baseUrl().replaceFirst("/api/v1$", "") + path));
        headers.forEach(b::header);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The school administration system's timetable for the demo school, uploaded as the CSV adapter reads it: the good rows
     * apply through the registry SPI, the unknown teacher, the unknown group and the overlapping lesson are rejected with their
     * lines. The pupil's guardian and the teacher see the week in Oslo time, subscribe to their feeds (parsed here by a strict
     * reader of our own, not ical4j), get 304 for an unchanged feed, and a revoked link answers 404 at once. The OneRoster export
     * of the demo kommune has the binding's columns, and every enrollment's class and user exist.
     */
    @Test
    @Order(9)
    void aTimetableImportedFromTheSchoolSystemShowsInTheWeeksAndFeedsAndTheOneRosterExportHolds() throws Exception {
        TimetableFixtures.Demo d = TimetableFixtures.demo(ranselpost.home());
        String sysadmin = api.authorization("SYSTEM_ADMIN");
        HttpResponse<String> upload = api.send("PUT", "/imports/timetable/file", sysadmin, TimetableFixtures.export(d));
        assertEquals(200, upload.statusCode(), upload.body());
        JsonNode run = Api.JSON.readTree(upload.body());
        assertEquals("PARTIAL", run.get("status").asText(), run.toString());
        assertEquals(5, run.get("created").asInt(), "a subject group and four lessons: " + run);
        Map<String, String> rejected = new java.util.HashMap<>();
        run.get("rejections").forEach(r -> rejected.put(r.get("key").asText(), r.get("reason").asText()));
        assertTrue(rejected.getOrDefault("line 7", "").contains("unknown teacher"), rejected.toString());
        assertTrue(rejected.getOrDefault("line 8", "").contains("unknown group"), rejected.toString());
        assertTrue(rejected.getOrDefault("line 9", "").contains("overlaps"), rejected.toString());

        // the pupil's week, as the pupil's guardian sees it: next week, Thursday's lesson cancelled
        String guardian = signIn(d.guardianUser(), d.guardianPassword());
        java.time.LocalDate nextMonday = TimetableFixtures.thisMonday().plusWeeks(1);
        HttpResponse<String> pupilWeek = api.send("GET", "/timetable/pupils/" + d.pupilId() + "/week?date=" + nextMonday.plusDays(2), guardian, null);
        assertEquals(200, pupilWeek.statusCode(), pupilWeek.body());
        JsonNode week = Api.JSON.readTree(pupilWeek.body());
        assertEquals("Europe/Oslo", week.get("timeZone").asText());
        assertEquals(nextMonday.toString(), week.get("monday").asText());
        List<String> subjects = new ArrayList<>();
        week.get("entries").forEach(e -> subjects.add(e.get("subjectCode").asText()));
        assertEquals(List.of("NOR", "ENG"), subjects, "Tuesday's Norsk and Friday's Engelsk; Thursday is cancelled: " + week);
        JsonNode norsk = week.get("entries").get(0);
        java.time.ZonedDateTime tuesday = java.time.ZonedDateTime.of(nextMonday.plusDays(1), java.time.LocalTime.of(8, 30), TimetableFixtures.OSLO);
        assertEquals(tuesday.toOffsetDateTime().toInstant(), java.time.OffsetDateTime.parse(norsk.get("startsAt").asText()).toInstant(),
                "08:30 Oslo time, whatever the season");
        assertEquals("Lilly Lektor", norsk.get("teacherName").asText());
        assertEquals(403, api.send("GET", "/timetable/pupils/" + fixture().neighbourChild() + "/week", guardian, null).statusCode(),
                "never another family's child");

        // the teacher's week: the class's lessons and the subject group's
        String teacher = signIn(d.teacherUser(), d.teacherPassword());
        JsonNode teacherWeek = Api.JSON.readTree(api.send("GET", "/timetable/teachers/" + d.teacherPersonId() + "/week?date=" + nextMonday,
                teacher, null).body());
        assertEquals(3, teacherWeek.get("entries").size(), teacherWeek.toString());
        assertEquals(403, api.send("GET", "/timetable/teachers/" + d.teacherPersonId() + "/week", guardian, null).statusCode());

        // both feeds, fetched without credentials and read by a strict parser of our own
        for (String owner : List.of(guardian, teacher)) {
            HttpResponse<String> created = api.send("POST", "/timetable/feed", owner, null);
            assertEquals(201, created.statusCode(), created.body());
            String path = Api.JSON.readTree(created.body()).get("path").asText();
            HttpResponse<String> ics = feed(path, Map.of());
            assertEquals(200, ics.statusCode(), ics.body());
            assertTrue(ics.headers().firstValue("Content-Type").orElse("").startsWith("text/calendar"));
            IcsParser.Calendar cal = IcsParser.parse(ics.body());
            assertEquals("Europe/Oslo", cal.timeZones().get(0).value("TZID"), "the VTIMEZONE says Europe/Oslo");
            assertFalse(ics.body().contains("Berlin"));
            int expected = owner.equals(guardian) ? 3 : 4;
            assertEquals(expected, cal.events().size(), ics.body());
            java.util.Set<String> uids = new java.util.HashSet<>();
            for (IcsParser.Component e : cal.events()) {
                assertEquals("Europe/Oslo", e.param("DTSTART", "TZID"));
                assertTrue(e.value("RRULE").startsWith("FREQ=WEEKLY;UNTIL=") && e.value("RRULE").endsWith("Z"), e.value("RRULE"));
                assertTrue(uids.add(e.value("UID")));
                assertEquals("0", e.value("SEQUENCE"));
            }
            assertFalse(java.util.regex.Pattern.compile("\\d{11}").matcher(ics.body()).find(), "no national id in the feed");
            // the same again: 304 with the entity tag
            String etag = ics.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> unchanged = feed(path, Map.of("If-None-Match", etag));
            assertEquals(304, unchanged.statusCode());
            assertEquals(etag, unchanged.headers().firstValue("ETag").orElse(""));
            // revoked: 404 at once
            assertEquals(204, api.send("DELETE", "/timetable/feed", owner, null).statusCode());
            HttpResponse<String> gone = feed(path, Map.of());
            assertEquals(404, gone.statusCode());
            assertProblem(gone, 404);
        }

        // the export for Feide and learning tools, read by the integration account bound to feide
        HttpResponse<String> account = api.send("POST", "/integration-accounts", sysadmin,
                "{\"username\": \"bb-feide\", \"sourceId\": \"feide\"}");
        assertEquals(201, account.statusCode(), account.body());
        String feide = "Basic " + Base64.getEncoder().encodeToString(("bb-feide:" + Api.JSON.readTree(account.body()).get("password").asText())
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> made = api.send("POST", "/timetable/exports/oneroster", sysadmin, null);
        assertEquals(201, made.statusCode(), made.body());
        assertEquals(403, api.send("POST", "/timetable/exports/oneroster", feide, null).statusCode(), "the integration reads, it does not run");
        HttpResponse<byte[]> zip = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ranselpost.baseUrl()
                + "/timetable/exports/oneroster/latest.zip")).header("Authorization", feide).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, zip.statusCode());
        Map<String, List<List<String>>> files = OneRosterCheck.read(zip.body());
        assertEquals(List.of(), OneRosterCheck.problems(files), "the binding's columns, and every reference exists");
        int users = files.get("users.csv").size() - 1;
        int enrollments = files.get("enrollments.csv").size() - 1;
        System.out.println("[blackbox] OneRoster export of the demo kommune: " + users + " users, " + enrollments + " enrollments, "
                + (files.get("classes.csv").size() - 1) + " classes");
        assertTrue(users > 50 && enrollments >= users, "the demo kommune's pupils: " + users);
        assertTrue(files.get("enrollments.csv").stream().anyMatch(r -> r.get(5).equals("user-" + d.teacherPersonId()) && r.get(6).equals("teacher")),
                "the teacher is enrolled in the classes they teach");
    }
}
