package no.ranselpost.itests.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The black-box suite's core on PostgreSQL: a throwaway PostgreSQL server from the machine's
 * binaries, the distribution unpacked afresh (target/blackbox-pg) and switched to it exactly as
 * the README's "Switching to PostgreSQL" says (the feature ranselpost-datasource-postgresql in
 * featuresBoot, etc/org.ops4j.datasource-ranselpost.cfg), the demo on it (allowAnyDatabase), then
 * over HTTP: health, the demo accounts, the demo-registry import, the whole authorization matrix,
 * SIGKILL and restart. Ranselpost's tables are looked up in that PostgreSQL database, so the run
 * cannot pass on Derby by mistake. Without the binaries it says so loudly and is skipped (CI fails
 * on that line).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresBlackBoxIT {

    static final String SKIPPED = "[blackbox] SKIPPED: PostgreSQL binaries not found; the PostgreSQL run did not happen";

    private static PostgresServer postgres;
    private static RanselpostProcess ranselpost;
    private static Duration firstStart;
    private static Api api;
    private static AuthorizationMatrix.Fixture fixture;
    private static FakeIdPorten idporten;
    /** Notifications: the SMTP server the distribution's e-mail adapter sends to. */
    private static com.icegreen.greenmail.util.GreenMail smtp;

    @BeforeAll
    static void start() throws Exception {
        if (!PostgresServer.available()) {
            System.out.println(SKIPPED);
            System.err.println(SKIPPED);
            Assumptions.abort(SKIPPED);
        }
        long t0 = System.nanoTime();
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        postgres = PostgresServer.start(Path.of("target/blackbox-pg-db").toAbsolutePath(), "ranselpost", "ranselpost", password);
        System.out.println("[blackbox-pg] PostgreSQL " + postgres.psql("postgres", "SHOW server_version") + " from "
                + PostgresServer.binaries().orElseThrow() + " on 127.0.0.1:" + postgres.port() + ", up after " + ms(t0) + " ms");

        Path tarGz = Path.of(System.getProperty("ranselpost.distribution", "target/dist/ranselpost.tar.gz"));
        ranselpost = RanselpostProcess.unpack(tarGz, Path.of("target/blackbox-pg").toAbsolutePath());
        switchToPostgresql(ranselpost.home(), postgres);
        idporten = IdPortenSignIn.configure(ranselpost);
        smtp = NotificationFixtures.configure(ranselpost);
        // a test environment: the demo kommune, synthetic people, into this PostgreSQL
        RanselpostProcess.setProperty(ranselpost.home().resolve("etc/no.ranselpost.demo.cfg"), "allowAnyDatabase", "true");
        firstStart = ranselpost.start(Duration.ofSeconds(180));
        System.out.println("[blackbox-pg] first start on PostgreSQL (fresh install, demo load) answered UP after " + firstStart.toMillis() + " ms");
        api = new Api(ranselpost.baseUrl(), waitForFile(ranselpost.home().resolve("data/demo-accounts.txt")));
        IdPortenSignIn.registerMatrixGuardians(api, idporten, ranselpost.home());
    }

    /** The README's "Switching to PostgreSQL", non-interactive variant (before the first start). */
    static void switchToPostgresql(Path home, PostgresServer pg) throws Exception {
        RanselpostProcess.addBootFeature(home.resolve("etc/org.apache.karaf.features.cfg"), "ranselpost-datasource-postgresql");
        Files.writeString(home.resolve("etc/org.ops4j.datasource-ranselpost.cfg"), """
                osgi.jdbc.driver.name = PostgreSQL JDBC Driver
                dataSourceName = ranselpost
                url = %s
                user = %s
                password = %s
                pool = dbcp2
                xa = false
                jdbc.pool.maxTotal = 16
                """.formatted(pg.jdbcUrl(), pg.user(), pg.password()));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (ranselpost != null) {
                ranselpost.kill();
            }
            if (idporten != null) {
                idporten.close();
            }
            if (smtp != null) {
                smtp.stop();
            }
        } finally {
            if (postgres != null) {
                long t0 = System.nanoTime();
                postgres.close();
                System.out.println("[blackbox-pg] PostgreSQL stopped after " + ms(t0) + " ms");
            }
        }
    }

    private static AuthorizationMatrix.Fixture fixture() throws Exception {
        if (fixture == null) {
            fixture = new AuthorizationMatrix(api).fixture(staffUnit());
            AuthorizationMatrix.timetableTeacher = TimetableFixtures.demo(ranselpost.home()).teacherPersonId();
        }
        return fixture;
    }

    private static long staffUnit() throws Exception {
        return AuthorizationMatrix.staffUnit(ranselpost.home().resolve("data/demo-accounts.txt"));
    }

    /**
     * The drift test on PostgreSQL: the migrations (one set, with the dialect's properties) make
     * exactly the schema OpenJPA's PostgreSQL dictionary derives from the entities (types, sizes,
     * nullability, keys, unique sets, named indexes, foreign keys), in two fresh databases of the
     * suite's server.
     */
    @Test
    @Order(6)
    void theMigratedSchemaOnPostgresqlIsExactlyWhatTheEntitiesNeed() throws Exception {
        postgres.psql("postgres", "CREATE DATABASE drift_entities");
        postgres.psql("postgres", "CREATE DATABASE drift_migrated");
        org.postgresql.ds.PGSimpleDataSource entities = new org.postgresql.ds.PGSimpleDataSource();
        entities.setURL("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/drift_entities");
        entities.setUser("postgres");
        org.postgresql.ds.PGSimpleDataSource migrated = new org.postgresql.ds.PGSimpleDataSource();
        migrated.setURL("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/drift_migrated");
        migrated.setUser("postgres");
        try (no.ranselpost.persistence.testing.TestDatabase a = new no.ranselpost.persistence.testing.TestDatabase(entities, ds -> ds,
                no.ranselpost.persistence.testing.TestDatabase.Schema.FROM_ENTITIES);
             no.ranselpost.persistence.testing.TestDatabase b = new no.ranselpost.persistence.testing.TestDatabase(migrated, ds -> ds,
                     no.ranselpost.persistence.testing.TestDatabase.Schema.MIGRATED)) {
            a.transactions().inTransaction(em -> em.createQuery("select count(p) from PersonEntity p").getSingleResult());
            b.transactions().inTransaction(em -> em.createQuery("select count(p) from PersonEntity p").getSingleResult());
            // OpenJPA's PostgreSQL dictionary leaves required relations' join columns nullable; the migrations say NOT NULL
            String expected = no.ranselpost.persistence.testing.SchemaDescription.describe(entities, false);
            String actual = no.ranselpost.persistence.testing.SchemaDescription.describe(migrated, false);
            assertTrue(expected.contains("== rp_person") && expected.contains("bytea"), expected);
            Files.writeString(Path.of("target/drift-entities.txt"), expected);
            Files.writeString(Path.of("target/drift-migrated.txt"), actual);
            assertEquals(expected, actual, "on PostgreSQL, an entity and the migrations disagree: add a migration (db/changelog)");
            System.out.println("[blackbox-pg] drift test: the migrated schema equals the entities' (" + expected.split("== ").length + " tables)");
        }
    }

    @Test
    @Order(1)
    void answersUpAndKeepsItsTablesAndTheDemoKommuneInThatPostgresqlDatabase() throws Exception {
        HttpResponse<String> health = api.send("GET", "/health", null, null);
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("UP"), health.body());
        Set<String> tables = ranselpostTables();
        System.out.println("[blackbox-pg] Ranselpost's tables in PostgreSQL database '" + postgres.database() + "': " + tables.size() + " " + tables);
        Set<String> upper = new TreeSet<>();
        tables.forEach(t -> upper.add(t.substring(t.indexOf('.') + 1).toUpperCase(Locale.ROOT)));
        assertTrue(upper.containsAll(Set.of("RP_PERSON", "RP_UNIT", "RP_STAFF_ACCOUNT", "RP_AUDIT_RECORD", "RP_SESSION")), "tables: " + tables);
        assertTrue(rows("RP_PERSON") >= 300, "the demo kommune's people are in PostgreSQL");
        // one per role, and the demo timetable's teacher and pupil's guardian (data/demo-timetable.txt, once written)
        TimetableFixtures.demo(ranselpost.home());
        assertEquals(AuthorizationMatrix.ROLES.size() + 2, rows("RP_STAFF_ACCOUNT"), "the demo's accounts, one per role and the timetable's two");
        assertFalse(Files.exists(ranselpost.home().resolve("data/derby/ranselpost")), "no embedded Derby database was created");
        String log = Files.readString(ranselpost.home().resolve("data/log/karaf.log"));
        assertFalse(log.contains("The demo kommune loads only into embedded Derby"), "the demo was not refused");
    }

    @Test
    @Order(2)
    void theDemoAccountsSignIn() throws Exception {
        assertEquals(Set.copyOf(AuthorizationMatrix.ROLES), api.accounts().keySet());
        for (String role : AuthorizationMatrix.ROLES) {
            HttpResponse<String> me = api.send("GET", "/auth/me", api.authorization(role), null);
            assertEquals(200, me.statusCode(), role + ": " + me.body());
        }
        JsonNode units = Api.JSON.readTree(api.send("GET", "/units", api.authorization("LEADER"), null).body());
        Set<String> types = new TreeSet<>();
        units.forEach(u -> types.add(u.get("type").asText()));
        assertEquals(Set.of("KINDERGARTEN", "SCHOOL", "SFO"), types);
        assertTrue(rows("RP_SESSION") >= AuthorizationMatrix.ROLES.size() - 1, "the sessions are in PostgreSQL");
        // the matrix's objects are found in the demo kommune as loaded, before the demo registry adds its edge cases
        // (as BlackBoxIT does)
        System.out.println("[blackbox-pg] matrix objects: " + fixture());
    }

    /** Before the matrix, whose rows run the demo registry too. */
    @Test
    @Order(3)
    void theDemoRegistryImportsOverHttpReportsItsRejectionAndASecondRunChangesNothing() throws Exception {
        String sysadmin = api.authorization("SYSTEM_ADMIN");
        long t0 = System.nanoTime();
        HttpResponse<String> first = api.send("POST", "/imports/demo-registry/runs", sysadmin, null);
        assertEquals(200, first.statusCode(), first.body());
        JsonNode run = Api.JSON.readTree(first.body());
        System.out.println("[blackbox-pg] demo-registry import on PostgreSQL: " + run.get("status").asText() + ", created "
                + run.get("created").asInt() + ", rejected " + run.get("rejected").asInt() + ", " + ms(t0) + " ms");
        assertEquals("PARTIAL", run.get("status").asText(), first.body());
        assertTrue(run.get("created").asInt() > 100, first.body());
        assertEquals(1, run.get("rejected").asInt());
        assertTrue(run.get("rejections").get(0).get("reason").asText().startsWith("child: invalid national identity number"));
        long people = rows("RP_PERSON");
        JsonNode second = Api.JSON.readTree(api.send("POST", "/imports/demo-registry/runs", sysadmin, null).body());
        assertEquals(0, second.get("created").asInt() + second.get("updated").asInt() + second.get("ended").asInt(), second.toString());
        assertEquals(people, rows("RP_PERSON"), "the second run added nobody");
        JsonNode history = Api.JSON.readTree(api.send("GET", "/imports/demo-registry/runs", sysadmin, null).body());
        assertEquals(second.get("id").asLong(), history.get(0).get("id").asLong());
    }

    /**
     * Daily life on the database a kommune runs: a guardian's report in the group's day overview,
     * another family's child and bad input refused with nothing stored, a sensitive free text removed
     * by staff gone from the table and absent from the audit trail, a report that can no longer be
     * changed once the unit has opened, health information for the right readers only.
     */
    @Test
    @Order(3)
    void aGuardiansAbsenceReachesTheGroupAndASensitiveTextRemovedIsGoneFromTheDatabase() throws Exception {
        AuthorizationMatrix.Fixture f = fixture();
        String guardian = api.authorization("GUARDIAN");
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Oslo"));
        String secret = "Har omgangssyke og feber, legen mistenker noe alvorlig";
        HttpResponse<String> reported = api.send("POST", "/absence/reports", guardian, "{\"childId\": " + f.ownChild() + ", \"fromDate\": \""
                + today + "\", \"kind\": \"SICK\", \"text\": \"" + secret + "\"}");
        assertEquals(200, reported.statusCode(), reported.body());
        long reportId = Api.JSON.readTree(reported.body()).get("id").asLong();

        com.fasterxml.jackson.databind.JsonNode day = api.getJson("/absence/groups/" + f.staffGroup(), "LEADER");
        com.fasterxml.jackson.databind.JsonNode entry = null;
        for (com.fasterxml.jackson.databind.JsonNode e : day.get("absent")) {
            if (e.get("report").get("id").asLong() == reportId) {
                entry = e;
            }
        }
        assertTrue(entry != null, "the report is in the group's overview: " + day);
        assertEquals(secret, entry.get("report").get("text").asText(), "the group's staff read the text");
        for (com.fasterxml.jackson.databind.JsonNode e : api.getJson("/absence/groups/" + f.staffGroup(), "SHARED_ACCOUNT").get("absent")) {
            assertTrue(e.get("report").path("text").isMissingNode() || e.get("report").get("text").isNull(), "the shared account reads no text");
        }
        assertEquals(403, api.send("GET", "/absence/groups/" + f.staffGroup() + "?date=" + today.plusDays(1), api.authorization("SHARED_ACCOUNT"),
                null).statusCode(), "the shared account: today only");

        // refused, and nothing stored
        long before = rows("RP_ABSENCE");
        for (String[] bad : new String[][] {
                {"403", "{\"childId\": " + f.neighbourChild() + ", \"fromDate\": \"" + today + "\", \"kind\": \"SICK\"}"},
                {"400", "{\"childId\": " + f.ownChild() + ", \"fromDate\": \"" + today.minusDays(1) + "\", \"kind\": \"SICK\"}"},
                {"400", "{\"childId\": " + f.ownChild() + ", \"fromDate\": \"" + today + "\", \"kind\": \"DIAGNOSIS\"}"},
                {"400", "{\"childId\": " + f.ownChild() + ", \"fromDate\": \"" + today + "\", \"kind\": \"LEAVE_GRANTED\"}"},
                {"400", "{\"childId\": " + f.ownChild() + ", \"fromDate\": \"" + today + "\", \"fromTime\": \"10:00\", \"kind\": \"SICK\"}"}}) {
            HttpResponse<String> r = api.send("POST", "/absence/reports", guardian, bad[1]);
            assertEquals(Integer.parseInt(bad[0]), r.statusCode(), bad[1] + ": " + r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        }
        assertEquals(before, rows("RP_ABSENCE"), "no refused report was stored");

        // staff remove the sensitive text: gone from the row; the audit record names the reason code, never the text
        HttpResponse<String> removed = api.send("POST", "/absence/reports/" + reportId + "/remove-text", api.authorization("LEADER"),
                "{\"reason\": \"sensitive-health\"}");
        assertEquals(200, removed.statusCode(), removed.body());
        assertTrue(Api.JSON.readTree(removed.body()).get("textRemoved").asBoolean());
        assertEquals("0", postgres.psql(postgres.database(), "SELECT count(*) FROM rp_absence WHERE free_text LIKE '%omgangssyke%'"));
        assertEquals("0", postgres.psql(postgres.database(), "SELECT count(*) FROM rp_audit_record r WHERE r::text ILIKE '%omgangssyke%'"));
        assertEquals("1", postgres.psql(postgres.database(), "SELECT count(*) FROM rp_audit_record WHERE action_code = 'absence.text.remove'"
                + " AND reason = 'sensitive-health'"));
        assertEquals("0", postgres.psql(postgres.database(), "SELECT count(*) FROM rp_audit_object o WHERE o::text ILIKE '%omgangssyke%'"));

        // once the unit has opened on the report's day, the guardian no longer changes it; staff still may
        String weekday = today.getDayOfWeek().name();
        assertEquals(200, api.send("PUT", "/absence/units/" + f.staffUnit() + "/opening-hours", api.authorization("UNIT_ADMIN"),
                "{\"days\": [{\"weekday\": \"" + weekday + "\", \"opens\": \"00:00\", \"closes\": \"23:59\"}], \"closedDates\": []}")
                .statusCode());
        HttpResponse<String> late = api.send("POST", "/absence/reports/" + reportId + "/withdraw", guardian, null);
        assertEquals(400, late.statusCode(), late.body());
        assertTrue(late.body().contains("opened"), late.body());
        assertEquals(200, api.send("POST", "/absence/reports/" + reportId + "/withdraw", api.authorization("LEADER"), null).statusCode());

        // health information: guardians at idporten-loa-high only; the shared account sees allergies, not the GP
        String health = "/child-health/" + f.ownChild();
        assertEquals(200, api.send("PUT", health, api.authorization(IdPortenSignIn.LOA_HIGH),
                "{\"allergies\": \"Peanøtter\", \"intolerances\": \"Laktose\", \"gp\": \"Dr. Demo, Ranselvik legesenter\"}").statusCode());
        HttpResponse<String> substantial = api.send("GET", health, api.authorization(IdPortenSignIn.LOA_SUBSTANTIAL), null);
        assertEquals(401, substantial.statusCode(), "a loa-substantial session is asked to step up: " + substantial.body());
        com.fasterxml.jackson.databind.JsonNode shared = api.getJson(health, "SHARED_ACCOUNT");
        assertEquals("Peanøtter", shared.get("allergies").asText());
        assertTrue(shared.path("gp").isMissingNode() || shared.get("gp").isNull(), "no GP for the shared account: " + shared);
        assertEquals("Dr. Demo, Ranselvik legesenter", api.getJson(health, "LEADER").get("gp").asText());
    }

    /**
     * Seed 000's child-welfare routine: staff mark a child as out with their knowledge without
     * checking it out; the head count shows it as out to the department's staff; its guardian sees
     * the child as present, and after the unit's closing time as checked out then, with no trace of
     * the mark. A check-out before a check-in, or a "guardian" who is not one, changes nothing.
     */
    @Test
    @Order(3)
    void aChildOutWithStaffsKnowledgeIsInvisibleToItsGuardianAndCheckedOutAtClosingTime() throws Exception {
        AuthorizationMatrix.Fixture f = fixture();
        String leader = api.authorization("LEADER");
        String child = "/attendance/children/" + f.ownChild();
        HttpResponse<String> early = api.send("POST", child + "/check-out", leader, "{\"guardianPersonId\": " + f.guardianPerson() + "}");
        assertEquals(400, early.statusCode(), "a check-out before the check-in: " + early.body());
        HttpResponse<String> stranger = api.send("POST", child + "/check-in", leader, "{\"guardianPersonId\": " + f.otherGuardian() + "}");
        assertEquals(400, stranger.statusCode(), "not this child's guardian: " + stranger.body());
        assertEquals("0", postgres.psql(postgres.database(), "SELECT count(*) FROM rp_attendance_day WHERE child_id = " + f.ownChild()
                + " AND checked_in_at IS NOT NULL"));
        HttpResponse<String> in = api.send("POST", child + "/check-in", api.authorization("SHARED_ACCOUNT"),
                "{\"guardianPersonId\": " + f.guardianPerson() + "}");
        assertEquals(200, in.statusCode(), "the department's tablet checks the child in: " + in.body());
        assertEquals("PRESENT", Api.JSON.readTree(in.body()).get("state").asText());

        HttpResponse<String> marked = api.send("POST", child + "/out-with-staff", leader, null);
        assertEquals(200, marked.statusCode(), marked.body());
        assertEquals("OUT_WITH_STAFF", Api.JSON.readTree(marked.body()).get("state").asText());
        assertEquals(403, api.send("POST", child + "/out-with-staff", api.authorization("SHARED_ACCOUNT"), null).statusCode(),
                "not the tablet's to mark");
        com.fasterxml.jackson.databind.JsonNode count = api.getJson("/attendance/groups/" + f.staffGroup() + "/head-count", "LEADER");
        boolean shownOut = false;
        for (com.fasterxml.jackson.databind.JsonNode c : count.get("children")) {
            if (c.get("childId").asLong() == f.ownChild()) {
                shownOut = c.get("state").asText().equals("OUT_WITH_STAFF");
            }
        }
        assertTrue(shownOut, "the head count shows the child as out to the department's staff: " + count);
        HttpResponse<String> seen = api.send("GET", child + "/today", api.authorization("GUARDIAN"), null);
        assertEquals(200, seen.statusCode());
        assertEquals("PRESENT", Api.JSON.readTree(seen.body()).get("state").asText(), "the guardian sees the child as present");
        assertFalse(seen.body().contains("OUT_WITH_STAFF") || seen.body().toLowerCase().contains("outwithstaff"), seen.body());

        // the unit closed at 00:01 today: the child is checked out then, and the mark is gone
        String weekday = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Oslo")).getDayOfWeek().name();
        assertEquals(200, api.send("PUT", "/absence/units/" + f.staffUnit() + "/opening-hours", api.authorization("UNIT_ADMIN"),
                "{\"days\": [{\"weekday\": \"" + weekday + "\", \"opens\": \"00:00\", \"closes\": \"00:01\"}], \"closedDates\": []}")
                .statusCode());
        com.fasterxml.jackson.databind.JsonNode after = Api.JSON.readTree(api.send("GET", child + "/today", api.authorization("GUARDIAN"), null).body());
        assertEquals("CHECKED_OUT", after.get("state").asText(), after.toString());
        assertTrue(after.get("checkedOutAt").asText().contains("T23:01") || after.get("checkedOutAt").asText().contains("T00:01")
                || after.get("checkedOutAt").asText().contains("T22:01"), "checked out at the closing time: " + after);
        assertFalse(after.toString().contains("OUT_WITH_STAFF"));
        assertEquals("CHECKED_OUT", api.getJson(child + "/today", "LEADER").get("state").asText());
        assertEquals("0", postgres.psql(postgres.database(), "SELECT count(*) FROM rp_attendance_day WHERE out_with_staff"));
    }

    @Test
    @Order(4)
    void theAuthorizationMatrixCoversEveryLiveOperationAndHolds() throws Exception {
        List<AuthorizationMatrix.Row> rows = AuthorizationMatrix.load();
        JsonNode doc = Api.JSON.readTree(api.send("GET", "/openapi.json", null, null).body());
        List<String> uncovered = AuthorizationMatrix.uncovered(doc, rows);
        assertTrue(uncovered.isEmpty(), "operations the matrix does not cover: " + uncovered);
        AuthorizationMatrix matrix = new AuthorizationMatrix(api);
        AuthorizationMatrix.Fixture f = fixture();
        long t0 = System.nanoTime();
        List<String> failures = new ArrayList<>();
        for (AuthorizationMatrix.Row row : rows) {
            String failure = matrix.run(row, f);
            if (failure != null) {
                failures.add(failure);
            }
        }
        System.out.println("[blackbox-pg] authorization matrix on PostgreSQL: " + rows.size() + " rows, " + failures.size() + " failures, "
                + ms(t0) + " ms");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    @Order(5)
    void sigkillAndRestartKeepAllData() throws Exception {
        // the matrix signed everyone out: fresh sessions (LEADER and EMPLOYEE have no TOTP)
        String token = api.freshToken("LEADER");
        String unitsBefore = api.send("GET", "/units", "Bearer " + token, null).body();
        String lastToken = api.freshToken("EMPLOYEE");
        long people = rows("RP_PERSON");
        long audit = rows("RP_AUDIT_RECORD");

        ranselpost.kill();
        Duration again = ranselpost.start(Duration.ofSeconds(180));
        System.out.println("[blackbox-pg] restart on PostgreSQL after SIGKILL answered UP after " + again.toMillis() + " ms");

        assertEquals(unitsBefore, api.send("GET", "/units", "Bearer " + token, null).body(), "the same units, same ids, not loaded twice");
        assertEquals(200, api.send("GET", "/auth/me", "Bearer " + lastToken, null).statusCode(), "the last committed sign-in survived SIGKILL");
        assertEquals(people, rows("RP_PERSON"));
        assertTrue(rows("RP_AUDIT_RECORD") >= audit, "no audit record lost");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String log = "";
        while (System.nanoTime() < deadline && !log.contains("Demo kommune already loaded")) {
            Thread.sleep(500);
            log = Files.readString(ranselpost.home().resolve("data/log/karaf.log"));
        }
        assertTrue(log.contains("Demo kommune already loaded"), "the restart says it kept the demo");
    }

    /**
     * Notifications (issue 23): 2 000 notices waiting in the outbox (guardians with fresh KRR e-mail
     * addresses), SIGKILL while the worker sends them, restart: every notice arrives, and the
     * duplicates are at most what was in flight at the kill (one claimed batch).
     */
    @Test
    @Order(8)
    void aFanOutOfTwoThousandNoticesKilledMidwayArrivesWholeAfterTheRestart() throws Exception {
        int n = 2000;
        int batch = 100;
        String person = table("RP_PERSON");
        String krr = table("RP_CONTACT_REGISTRATION");
        String outbox = table("RP_NOTIFICATION");
        boolean upper = outbox.contains("\"RP_");
        java.util.function.Function<String, String> c = col -> upper ? "\"" + col + "\"" : col;
        String db = postgres.database();
        postgres.psql(db, "INSERT INTO " + person + " (" + String.join(", ", c.apply("ID"), c.apply("NATIONAL_ID"), c.apply("GIVEN_NAME"),
                c.apply("FAMILY_NAME"), c.apply("ADDRESS_PROTECTION"), c.apply("DECEASED"), c.apply("CONTACT_RESERVED"), c.apply("EMAIL"))
                + ") SELECT 1900000000 + g, '9' || lpad(g::text, 10, '0'), 'Fan', 'Out', 'NONE', false, false, 'fanout' || g || '@example.no'"
                + " FROM generate_series(1, " + n + ") g");
        postgres.psql(db, "INSERT INTO " + krr + " (" + String.join(", ", c.apply("ID"), c.apply("PERSON_ID"), c.apply("SOURCE_ID"),
                c.apply("REGISTER_STATUS"), c.apply("NOTIFICATION_STATUS"), c.apply("PREFERRED_LANGUAGE"), c.apply("EMAIL_UPDATED_AT"),
                c.apply("CHECKED_AT")) + ") SELECT 1910000000 + g, 1900000000 + g, 'krr', 'ACTIVE', 'CAN_BE_NOTIFIED', 'nb', now(), now()"
                + " FROM generate_series(1, " + n + ") g");
        long t0 = System.nanoTime();
        postgres.psql(db, "INSERT INTO " + outbox + " (" + String.join(", ", c.apply("ID"), c.apply("PERSON_ID"), c.apply("CHANNEL"),
                c.apply("CATEGORY"), c.apply("STATE"), c.apply("ATTEMPTS"), c.apply("CREATED_AT"), c.apply("NEXT_ATTEMPT_AT"))
                + ") SELECT 1920000000 + g, 1900000000 + g, 'email', 'message', 'PENDING', 0, now(), now() FROM generate_series(1, " + n + ") g");
        long deadline = System.currentTimeMillis() + 90_000;
        long[] got = NotificationFixtures.received(smtp, "fanout");
        while (got[1] < n / 5 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            got = NotificationFixtures.received(smtp, "fanout");
        }
        ranselpost.kill();
        long[] atKill = NotificationFixtures.received(smtp, "fanout");
        System.out.println("[blackbox-pg] fan-out: " + atKill[1] + " of " + n + " notices arrived before SIGKILL (" + ms(t0) + " ms)");
        assertTrue(atKill[1] >= n / 5 && atKill[0] < n, "the kill fell in the middle of the fan-out: " + atKill[1]);
        Duration again = ranselpost.start(Duration.ofSeconds(180));
        System.out.println("[blackbox-pg] restart after SIGKILL mid-fan-out answered UP after " + again.toMillis() + " ms");
        deadline = System.currentTimeMillis() + 120_000;
        got = NotificationFixtures.received(smtp, "fanout");
        while (got[0] < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            got = NotificationFixtures.received(smtp, "fanout");
        }
        long duplicates = got[1] - got[0];
        System.out.println("[blackbox-pg] fan-out: all " + got[0] + " arrived after the restart, " + duplicates + " duplicate(s) (at most "
                + batch + " in flight at the kill)");
        assertEquals(n, got[0], "every notice arrived");
        assertTrue(duplicates <= batch, "duplicates at most one batch in flight: " + duplicates);
        // the last batch is marked just after the server accepted it
        String sentRows = "SELECT count(*) FROM " + outbox + " WHERE " + c.apply("PERSON_ID") + " > 1900000000 AND " + c.apply("STATE") + " = 'SENT'";
        deadline = System.currentTimeMillis() + 30_000;
        String marked = postgres.psql(db, sentRows).strip();
        while (!marked.equals(String.valueOf(n)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            marked = postgres.psql(db, sentRows).strip();
        }
        assertEquals(String.valueOf(n), marked, "every notice marked sent");
        // the matrix signed everyone out: a fresh session
        JsonNode queue = api.getJsonWith("/notifications/queue", "Bearer " + api.freshToken("SYSTEM_ADMIN"));
        assertEquals(0, queue.get("failed").asLong(), queue.toString());
    }

    /** The quoted schema.table of an RP_* table in the database Ranselpost was given. */
    private static String table(String name) throws Exception {
        String qualified = ranselpostTables().stream().filter(t -> t.substring(t.indexOf('.') + 1).equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in PostgreSQL"));
        String[] parts = qualified.split("\\.", 2);
        return "\"" + parts[0] + "\".\"" + parts[1] + "\"";
    }

    // ---------------------------------------------------------------------------------------

    /** schema.table of every RP_* table (either case) in the PostgreSQL database Ranselpost was given. */
    private static Set<String> ranselpostTables() throws Exception {
        String out = postgres.psql(postgres.database(), "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                + " WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')"
                + " AND upper(table_name) LIKE 'RP\\_%'");
        Set<String> tables = new TreeSet<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank()) {
                tables.add(l.strip());
            }
        }
        return tables;
    }

    /** Rows in the table named so (in whichever case it was created). */
    /**
     * The binary store on PostgreSQL, in Karaf: the test capability's attachment (deployed for this
     * case) keeps a photo without its metadata and a PDF of several chunks byte for byte, in the
     * same database; removing it leaves no chunk behind.
     */
    @Test
    @Order(7)
    void theBinaryStoreKeepsContentInPostgresql() throws Exception {
        Set<String> before = ranselpost.operationIds();
        // what other capabilities keep in the store already (the diary's photos and plans of the matrix)
        long chunksBefore = rows("RP_STORED_CHUNK");
        long contentBefore = rows("RP_STORED_CONTENT");
        Path feature = StorageFixtures.deployTestCapability(ranselpost.home());
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!ranselpost.operationIds().contains("getTestNoteAttachment")) {
                assertTrue(System.nanoTime() < deadline, "the test capability's operations did not come");
                Thread.sleep(500);
            }
            String leader = "Bearer " + api.freshToken("LEADER");
            String path = "/testcap/notes/" + fixture().staffGroup() + "/attachment";
            HttpResponse<String> photo = StorageFixtures.upload(ranselpost.baseUrl(), path, leader, "image/jpeg", StorageFixtures.jpegWithGpsXmpIptc());
            assertEquals(200, photo.statusCode(), photo.body());
            StorageFixtures.assertNoMetadataAndUpright(StorageFixtures.download(ranselpost.baseUrl(), path, leader).body());

            byte[] pdf = StorageFixtures.pdf(3 * 1024 * 1024 + 17);
            HttpResponse<String> up = StorageFixtures.upload(ranselpost.baseUrl(), path, leader, "application/octet-stream", pdf);
            assertEquals(200, up.statusCode(), up.body());
            JsonNode stored = Api.JSON.readTree(up.body());
            assertEquals("application/pdf", stored.get("contentType").asText());
            assertEquals(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(pdf)), stored.get("sha256").asText());
            assertEquals(chunksBefore + 13, rows("RP_STORED_CHUNK"), "3 MiB in 256 KiB chunks (the photo and its thumbnail went with it)");
            HttpResponse<byte[]> down = StorageFixtures.download(ranselpost.baseUrl(), path, leader);
            assertEquals(200, down.statusCode());
            assertEquals("application/pdf", down.headers().firstValue("Content-Type").orElse(""));
            assertTrue(java.util.Arrays.equals(pdf, down.body()), "the PDF comes back byte for byte");

            assertEquals(204, api.send("DELETE", path, leader, null).statusCode());
            assertEquals(chunksBefore, rows("RP_STORED_CHUNK"));
            assertEquals(contentBefore, rows("RP_STORED_CONTENT"));
        } finally {
            Files.delete(feature);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!ranselpost.operationIds().equals(before)) {
            assertTrue(System.nanoTime() < deadline, "the test capability's operations did not go");
            Thread.sleep(500);
        }
    }

    private static long rows(String table) throws Exception {
        String qualified = ranselpostTables().stream()
                .filter(t -> t.substring(t.indexOf('.') + 1).equalsIgnoreCase(table))
                .findFirst().orElseThrow(() -> new AssertionError(table + " is not in PostgreSQL"));
        String[] parts = qualified.split("\\.", 2);
        return Long.parseLong(postgres.psql(postgres.database(), "SELECT count(*) FROM \"" + parts[0] + "\".\"" + parts[1] + "\""));
    }

    private static Path waitForFile(Path file) throws InterruptedException {
        for (int i = 0; i < 240 && !Files.exists(file); i++) {
            Thread.sleep(250);
        }
        assertTrue(Files.exists(file), file + " exists");
        return file;
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
