package no.ranselpost.itests.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Production's shape (issue 30): two nodes from the built distribution on one PostgreSQL, as the
 * README's "Production" says (the same datasource, a shared pickup directory and published
 * seal, leases with a short time to live here). Both run the import pickup and the sealer (the
 * outbox's claims are shown by NotificationsTest, two workers on one database); a session signed in on one node is served by the other, and its sign-out counts on
 * both; the node holding an import's lease is killed with SIGKILL mid-run and the other takes
 * the lease over after its time to live and resumes the run, every record applied once; the
 * trail verifies. Then a pg_dump taken while an import writes restores into an empty database,
 * and a node started on it verifies its trail against the seal published at the backup's time.
 * Without PostgreSQL binaries it is skipped loudly, as PostgresBlackBoxIT.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesPostgresIT {

    static final String SKIPPED = "[blackbox-2n] SKIPPED: PostgreSQL binaries not found; the two-node run did not happen";
    private static final int TTL_SECONDS = 10;
    private static final int CHILDREN = 4000;
    private static final int MORE_CHILDREN = 1500;

    private static PostgresServer postgres;
    private static RanselpostProcess a;
    private static RanselpostProcess b;
    private static Api apiA;
    private static Api apiB;
    private static Path shared;
    /** The holders of the sealer's lease seen while the suite runs. */
    private static final Set<String> sealerHolders = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean watching = new AtomicBoolean(true);
    private static Thread watcher;
    private static String admin;
    private static RanselpostProcess survivor;
    private static Api survivorApi;
    private static RanselpostProcess killed;
    private static long start = System.nanoTime();

    @BeforeAll
    static void startTwoNodes() throws Exception {
        if (!PostgresServer.available()) {
            System.out.println(SKIPPED);
            System.err.println(SKIPPED);
            Assumptions.abort(SKIPPED);
        }
        start = System.nanoTime();
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        postgres = PostgresServer.start(Path.of("target/twonodes-db").toAbsolutePath(), "ranselpost", "ranselpost", password);
        shared = Path.of("target/twonodes-shared").toAbsolutePath();
        if (Files.exists(shared)) {
            try (var walk = Files.walk(shared)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(shared.resolve("import/enrolment"));
        Files.createDirectories(shared.resolve("audit"));
        Path tarGz = Path.of(System.getProperty("ranselpost.distribution", "target/dist/ranselpost.tar.gz"));
        a = RanselpostProcess.unpack(tarGz, Path.of("target/twonodes-a").toAbsolutePath());
        b = RanselpostProcess.unpack(tarGz, Path.of("target/twonodes-b").toAbsolutePath());
        configureNode(a, "node-a", true);
        configureNode(b, "node-b", false);
        // node a loads the demo kommune into the empty database; node b starts on what it finds there
        Duration first = a.start(Duration.ofSeconds(180));
        Duration second = b.start(Duration.ofSeconds(180));
        System.out.println("[blackbox-2n] PostgreSQL on 127.0.0.1:" + postgres.port() + "; node a up after " + first.toMillis()
                + " ms (demo load), node b after " + second.toMillis() + " ms");
        Path accounts = waitForFile(a.home().resolve("data/demo-accounts.txt"));
        apiA = new Api(a.baseUrl(), accounts);
        apiB = new Api(b.baseUrl(), accounts);
        admin = "Bearer " + apiA.freshToken("SYSTEM_ADMIN");
        watcher = new Thread(() -> {
            while (watching.get()) {
                try {
                    String holder = postgres.psql("ranselpost", "SELECT locked_by FROM rp_lease WHERE name = 'audit-sealer'");
                    if (!holder.isBlank()) {
                        sealerHolders.add(holder.strip());
                    }
                    Thread.sleep(300);
                } catch (Exception e) {
                    return;
                }
            }
        }, "sealer-lease-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The README's "Production": one database, the shared directory, the node's name, short leases for the test. */
    private static void configureNode(RanselpostProcess node, String name, boolean demo) throws Exception {
        PostgresBlackBoxIT.switchToPostgresql(node.home(), postgres);
        Path etc = node.home().resolve("etc");
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.demo.cfg"), "enabled", Boolean.toString(demo));
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.demo.cfg"), "allowAnyDatabase", "true");
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.leases.cfg"), "ttlSeconds", Integer.toString(TTL_SECONDS));
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.leases.cfg"), "nodeName", name);
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.audit.cfg"), "sealIntervalSeconds", "2");
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.audit.cfg"), "sealMarginSeconds", "2");
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.audit.cfg"), "sealFile", shared.resolve("audit/latest-seal.txt").toString());
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.registry.import.cfg"), "pickupIntervalSeconds", "2");
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.registry.import.cfg"), "progressEvery", "100");
        RanselpostProcess.addBootFeature(etc.resolve("org.apache.karaf.features.cfg"), "ranselpost-registry-enrolment");
        // the feature's default configuration of the source, written before the first start (never overwritten by it)
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.registry.enrolment-default.cfg"), "pickupDirectory",
                shared.resolve("import/enrolment").toString());
    }

    @AfterAll
    static void stop() throws Exception {
        watching.set(false);
        try {
            for (RanselpostProcess n : new RanselpostProcess[] {a, b}) {
                if (n != null) {
                    n.kill();
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
            System.out.println("[blackbox-2n] the two-node suite took " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
    }

    @Test
    @Order(1)
    void aSessionSignedInOnOneNodeIsServedByTheOtherAndItsSignOutCountsOnBoth() throws Exception {
        assertEquals(200, apiB.send("GET", "/health", null, null).statusCode());
        assertEquals(200, apiB.send("GET", "/auth/me", admin, null).statusCode(), "a's session on b");
        String leader = "Bearer " + apiB.freshToken("LEADER");
        HttpResponse<String> onA = apiA.send("GET", "/units", leader, null);
        assertEquals(200, onA.statusCode(), "b's session on a: " + onA.body());
        assertEquals(apiB.send("GET", "/units", leader, null).body(), onA.body(), "the same answer from either node");
        assertEquals(204 / 100, apiA.send("POST", "/auth/logout", leader, null).statusCode() / 100, "signed out on a");
        assertEquals(401, apiB.send("GET", "/units", leader, null).statusCode(), "and b no longer serves it: no session kept in b's memory");
        assertEquals("1", postgres.psql("ranselpost", "SELECT count(*) FROM pg_tables WHERE tablename = 'rp_lease'"), "the leases' table");
    }

    @Test
    @Order(2)
    void theImportLeaseHolderKilledMidRunIsTakenOverAndTheRunResumedWithEveryRecordAppliedOnce() throws Exception {
        String org = orgNumber(93100000);
        drop(enrolments(new String[] {org}, new int[] {CHILDREN}), "export-1");
        // one node picks it up under the source's lease; catch that run while it is going
        JsonNode running = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (running == null && System.nanoTime() < deadline) {
            for (JsonNode r : Api.JSON.readTree(apiB.send("GET", "/imports/enrolment/runs", admin, null).body())) {
                if (r.get("status").asText().equals("RUNNING") && r.get("created").asInt() > 0) {
                    running = r;
                }
            }
            Thread.sleep(100);
        }
        assertNotNull(running, "caught the pickup run while it was going");
        long runId = running.get("id").asLong();
        String holder = postgres.psql("ranselpost", "SELECT locked_by FROM rp_lease WHERE name = 'import:enrolment'");
        assertTrue(holder.equals("node-a") || holder.equals("node-b"), "the lease holder: " + holder);
        killed = holder.equals("node-a") ? a : b;
        survivor = killed == a ? b : a;
        survivorApi = killed == a ? apiB : apiA;
        long killedAt = System.nanoTime();
        killed.kill();
        System.out.println("[blackbox-2n] " + holder + " held import:enrolment with run " + runId + " at " + running.get("created").asInt()
                + " created: killed with SIGKILL");

        // after the time to live the other node takes the lease, interrupts the run and resumes it
        JsonNode resumed = null;
        JsonNode interrupted = null;
        deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (resumed == null && System.nanoTime() < deadline) {
            for (JsonNode r : Api.JSON.readTree(survivorApi.send("GET", "/imports/enrolment/runs", admin, null).body())) {
                if (r.get("id").asLong() == runId) {
                    interrupted = r;
                }
                // ids come in blocks per node: the resumed run is known by what it says, not by a higher id
                if (r.path("message").asText("").startsWith("Resumes run " + runId) && !r.get("status").asText().equals("RUNNING")) {
                    resumed = r;
                }
            }
            Thread.sleep(500);
        }
        assertNotNull(resumed, "the run was resumed on the other node");
        long takeover = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.println("[blackbox-2n] resumed by the other node " + takeover + " ms after the kill: " + resumed);
        assertEquals("INTERRUPTED", interrupted.get("status").asText(), interrupted.toString());
        assertEquals("SUCCEEDED", resumed.get("status").asText(), resumed.toString());
        assertTrue(resumed.get("message").asText().startsWith("Resumes run " + runId), resumed.toString());
        // renewed every third of the time to live: it ran out between two thirds of it and all of it after the kill
        assertTrue(takeover >= TTL_SECONDS * 1000L * 2 / 3 - 1000, "not before the lease ran out: " + takeover + " ms");

        // every child once, every enrolment once, each with one audit record of its creation
        String unit = "(SELECT id FROM rp_unit WHERE org_number = '" + org + "')";
        assertEquals(Integer.toString(CHILDREN), postgres.psql("ranselpost", "SELECT count(*) FROM rp_enrolment WHERE unit_id = " + unit));
        assertEquals(Integer.toString(CHILDREN), postgres.psql("ranselpost",
                "SELECT count(DISTINCT child_id) FROM rp_enrolment WHERE unit_id = " + unit));
        String records = "FROM rp_audit_object o JOIN rp_audit_record r ON r.id = o.record_id WHERE r.object_type = 'enrolment' "
                + "AND o.object_id IN (SELECT id FROM rp_enrolment WHERE unit_id = " + unit + ")";
        assertEquals("0", postgres.psql("ranselpost", "SELECT count(*) FROM (SELECT o.object_id " + records
                + " GROUP BY o.object_id HAVING count(*) <> 1) x"), "one creation record per enrolment, none twice, none missing");
        assertEquals(Integer.toString(CHILDREN), postgres.psql("ranselpost", "SELECT count(*) " + records));
        // one run of the file and its resumption: neither node ran it again
        Thread.sleep(5000);
        JsonNode history = Api.JSON.readTree(survivorApi.send("GET", "/imports/enrolment/runs", admin, null).body());
        assertEquals(resumed.get("id").asLong(), history.get(0).get("id").asLong(), "no further run of the same file: " + history);
        assertEquals(runId, history.get(1).get("id").asLong(), history.toString());
        assertEquals(2, history.size(), "one run of the file and its resumption: " + history);
    }

    @Test
    @Order(3)
    void theSealerRanOnBothNodesAndTheSurvivorSealsOnWithTheTrailIntact() throws Exception {
        String sealsBefore = postgres.psql("ranselpost", "SELECT count(*) FROM rp_audit_seal");
        HttpResponse<String> sealed = survivorApi.send("POST", "/audit/seals", admin, null);
        assertTrue(sealed.statusCode() / 100 == 2, sealed.body());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode report = null;
        while (System.nanoTime() < deadline) {
            report = Api.JSON.readTree(survivorApi.send("GET", "/audit/verify", admin, null).body());
            if (report.get("intact").asBoolean() && report.get("unsealedRecords").asLong() < 50) {
                break;
            }
            Thread.sleep(1000);
        }
        assertTrue(report.get("intact").asBoolean(), report.toString());
        String seals = postgres.psql("ranselpost", "SELECT count(*) || '|' || count(DISTINCT seal_no) || '|' || max(seal_no) FROM rp_audit_seal");
        String[] s = seals.split("\\|");
        assertEquals(s[0], s[1], "no seal number twice: " + seals);
        assertEquals(s[0], s[2], "no gap: " + seals);
        assertTrue(Long.parseLong(s[0]) > Long.parseLong(sealsBefore) - 1, seals);
        String published = Files.readString(shared.resolve("audit/latest-seal.txt"));
        System.out.println("[blackbox-2n] seals " + seals + "; the sealer's lease held by " + sealerHolders + "; published " + published.strip());
        assertTrue(sealerHolders.contains("node-a") && sealerHolders.contains("node-b"), "both nodes sealed, by turns: " + sealerHolders);
    }

    @Test
    @Order(5)
    void aPgDumpTakenWhileAnImportWritesRestoresIntoAnEmptyDatabaseAndVerifiesAgainstItsPublishedSeal() throws Exception {
        // write load: the next export, the same children and 1500 more at another kindergarten
        String org = orgNumber(93100000);
        String more = orgNumber(93200000);
        drop(enrolments(new String[] {org, more}, new int[] {CHILDREN, MORE_CHILDREN}), "export-2");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String moreUnit = "(SELECT id FROM rp_unit WHERE org_number = '" + more + "')";
        while (System.nanoTime() < deadline
                && Integer.parseInt(postgres.psql("ranselpost", "SELECT count(*) FROM rp_enrolment WHERE unit_id = " + moreUnit)) < 100) {
            Thread.sleep(100);
        }
        Path backup = Path.of("target/twonodes-backup").toAbsolutePath();
        Files.createDirectories(backup);
        // the README's backup: the published seal first, then pg_dump (one consistent snapshot; writers go on)
        Files.copy(shared.resolve("audit/latest-seal.txt"), backup.resolve("latest-seal.txt"), StandardCopyOption.REPLACE_EXISTING);
        Path dump = postgres.directory().resolve("ranselpost.dump");
        long t0 = System.nanoTime();
        postgres.tool("pg_dump", "-h 127.0.0.1 -p " + postgres.port() + " -U postgres -d ranselpost -Fc -f " + PostgresServer.quoted(dump));
        long dumpMs = (System.nanoTime() - t0) / 1_000_000;
        int writtenAtEnd = Integer.parseInt(postgres.psql("ranselpost", "SELECT count(*) FROM rp_enrolment WHERE unit_id = " + moreUnit));
        System.out.println("[blackbox-2n] pg_dump took " + dumpMs + " ms while the import wrote (" + writtenAtEnd + " of " + MORE_CHILDREN + ")");
        // restore into an empty database owned by the application's role
        postgres.psql("postgres", "CREATE DATABASE restored OWNER ranselpost");
        t0 = System.nanoTime();
        postgres.tool("pg_restore", "-h 127.0.0.1 -p " + postgres.port() + " -U ranselpost -d restored --no-owner --no-privileges --exit-on-error "
                + PostgresServer.quoted(dump));
        System.out.println("[blackbox-2n] pg_restore took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        String restoredMore = postgres.psql("restored", "SELECT count(*) FROM rp_enrolment WHERE unit_id = " + moreUnit);
        assertTrue(Integer.parseInt(restoredMore) > 0 && Integer.parseInt(restoredMore) <= MORE_CHILDREN, restoredMore);

        // the killed node comes back on the restored database, with the backup's seal as the published one
        Path etc = killed.home().resolve("etc");
        RanselpostProcess.setProperty(etc.resolve("org.ops4j.datasource-ranselpost.cfg"), "url",
                "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/restored");
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.audit.cfg"), "sealIntervalSeconds", "0");
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.audit.cfg"), "sealFile", backup.resolve("latest-seal.txt").toString());
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.registry.import.cfg"), "pickupIntervalSeconds", "0");
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.demo.cfg"), "enabled", "false");
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.registry.enrolment-default.cfg"), "pickupDirectory",
                killed.home().resolve("data/import/enrolment").toString());
        killed.start(Duration.ofSeconds(180));
        Api restoredApi = new Api(killed.baseUrl(), a.home().resolve("data/demo-accounts.txt"));
        JsonNode report = Api.JSON.readTree(restoredApi.send("GET", "/audit/verify", admin, null).body());
        System.out.println("[blackbox-2n] the restored trail against the backup's seal: " + report);
        assertTrue(report.get("intact").asBoolean(), report.toString());
        assertTrue(report.get("sealsChecked").asLong() > 0, report.toString());
        // the live database went on meanwhile and still verifies too
        JsonNode live = Api.JSON.readTree(survivorApi.send("GET", "/audit/verify", admin, null).body());
        assertTrue(live.get("intact").asBoolean(), live.toString());
        assertFalse(postgres.psql("restored", "SELECT count(*) FROM rp_audit_seal").equals("0"));
    }

    /** Writes the export under another name and renames it, as the README says. */
    private static void drop(String csv, String name) throws Exception {
        Path part = shared.resolve("import/enrolment/" + name + ".part");
        Files.writeString(part, csv);
        Files.move(part, shared.resolve("import/enrolment/" + name + ".csv"), StandardCopyOption.ATOMIC_MOVE);
    }

    private static String orgNumber(int base) {
        String org = null;
        for (int b = base; org == null; b++) {
            org = no.ranselpost.core.api.OrgNumber.withCheckDigit(Integer.toString(b));
        }
        return org;
    }

    /**
     * An admission export of generated children (synthetic D-numbers), {@code counts[i]} at the
     * kindergarten {@code orgs[i]}; the same first rows for the same first unit, every child once.
     */
    private static String enrolments(String[] orgs, int[] counts) {
        StringBuilder csv = new StringBuilder("child_national_id;unit_org_number;unit_name;unit_type;group_code;group_name;group_type;"
                + "start_date;end_date\n");
        Set<String> ids = new LinkedHashSet<>();
        int individual = 500;
        int i = 0;
        for (int u = 0; u < orgs.length; u++) {
            for (int k = 0; k < counts[u]; k++, i++) {
                java.time.LocalDate born = java.time.LocalDate.of(2019 + i % 5, 1 + i % 12, 1 + i % 28);
                java.util.Optional<no.ranselpost.core.api.NationalId> id = java.util.Optional.empty();
                while (id.isEmpty() || !ids.add(id.get().value())) {
                    id = no.ranselpost.core.api.NationalId.compose(born, individual++ % 500 + 500,
                            no.ranselpost.core.api.NationalId.Kind.D_NUMBER, true);
                }
                csv.append(id.get().value()).append(';').append(orgs[u]).append(";Generert barnehage ").append(u).append(";KINDERGARTEN;AVD")
                        .append(k % 6).append(";Avdeling ").append(k % 6).append(";DEPARTMENT;2026-08-15;\n");
            }
        }
        return csv.toString();
    }

    private static Path waitForFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(Files.exists(file), file + " was written");
        return file;
    }
}
