package no.ranselpost.registry.enrolment.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.OrgNumber;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.internal.JpaSourceRunHistory;
import no.ranselpost.persistence.internal.JpaSourceStateStore;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.imports.internal.ImportEngine;

/** The enrolment CSV source, applied by the real import engine on the real persistence unit. */
class EnrolmentCsvSourceTest {

    static final String HEADER = String.join(";", EnrolmentCsvSource.HEADER);
    private static final LocalDate TODAY = new no.ranselpost.core.api.time.OsloClock().today();
    private static final Pattern ELEVEN_DIGITS = Pattern.compile("\\d{11}");
    private static final AuthenticatedPrincipal SYSADMIN = new AuthenticatedPrincipal(1, no.ranselpost.core.api.identity.AccountKind.STAFF, "sys", "Sys", null,
            List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), 1, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);

    @TempDir
    Path pickup;
    private TestDatabase db;
    private ImportEngine engine;
    private int fileNo;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
        RuleBasedAccessPolicy access = new RuleBasedAccessPolicy(db.transactions(), audit, new no.ranselpost.core.api.time.OsloClock()).declare(new no.ranselpost.core.internal.CoreAccessDeclaration(db.transactions(), new no.ranselpost.core.api.time.OsloClock()), new no.ranselpost.registry.imports.internal.ImportAccessDeclaration());
        engine = new ImportEngine(db.transactions(), audit, access, () -> true, new JpaSourceStateStore(db.transactions()),
                new JpaSourceRunHistory(db.transactions()), new no.ranselpost.core.api.time.OsloClock());
        engine.bindSource(new EnrolmentCsvSource(pickup, 50L * 1024 * 1024));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    // ------------------------------------------------------------------ helpers

    private ImportRun run() {
        return engine.run(SYSADMIN, EnrolmentCsvSource.SOURCE_ID_ENROLMENT);
    }

    /** Drops a file, newer than any before it. */
    private Path drop(byte[] content) throws IOException {
        Path file = pickup.resolve("export-" + (++fileNo) + ".csv");
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(fileNo)));
        return file;
    }

    private Path drop(List<String> lines) throws IOException {
        return drop((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static String row(String child, String org, String unitName, String unitType, String group, String groupType, String start, String end) {
        return String.join(";", child, org, unitName, unitType, group, group == null || group.isEmpty() ? "" : "Gruppe " + group, groupType,
                start, end);
    }

    /** n children in one kindergarten, ten departments. */
    static List<String> generated(int n) {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (int i = 0; i < n; i++) {
            lines.add(row(SyntheticIds.id(i), "991000003", "Bakken barnehage", "KINDERGARTEN", "AVD" + (i % 10), "DEPARTMENT",
                    "2024-08-01", ""));
        }
        return lines;
    }

    private long count(String entity) {
        return db.transactions().inTransaction(em -> em.createQuery("select count(x) from " + entity + " x", Long.class).getSingleResult());
    }

    private long currentEnrolments() {
        return db.transactions().inTransaction(em -> em.createQuery(
                "select count(e) from EnrolmentEntity e where e.endDate is null or e.endDate >= :today", Long.class)
                .setParameter("today", TODAY).getSingleResult());
    }

    private List<Path> in(String sub) throws IOException {
        Path dir = pickup.resolve(sub);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static Map<String, String> rejections(ImportRun run) {
        return run.rejections().stream().collect(Collectors.toMap(ImportRun.Rejection::key, ImportRun.Rejection::reason));
    }

    private static void noNationalIdIn(ImportRun run) {
        for (ImportRun.Rejection r : run.rejections()) {
            assertFalse(ELEVEN_DIGITS.matcher(r.key() + " " + r.reason()).find(), r.toString());
        }
        if (run.message() != null) {
            assertFalse(ELEVEN_DIGITS.matcher(run.message()).find(), run.message());
        }
    }

    // ------------------------------------------------------------------ (a) the sample file

    @Test
    void theSampleFileImportsUnitsGroupsAndEnrolments() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/enrolments.csv")) {
            assertNotNull(in);
            drop(in.readAllBytes());
        }
        ImportRun run = run();
        assertEquals(ImportRun.Status.SUCCEEDED, run.status(), run.message());
        assertEquals(0, run.rejected(), run.rejections().toString());
        assertEquals(3, count("EnrolmentEntity"));
        // the SFO shares its school's org number: two units by org number + type
        assertEquals(3, count("UnitEntity"));
        assertEquals(3, count("GroupEntity"));
        assertEquals(2, count("PersonEntity"));
        assertEquals(1, in("done").size(), "the file moves to done/");
        assertTrue(in("failed").isEmpty());

        // no new file: the last one is read again, and changes nothing
        ImportRun again = run();
        assertEquals(ImportRun.Status.SUCCEEDED, again.status(), again.message());
        assertEquals(0, again.created() + again.updated() + again.ended());
        assertEquals(3, again.unchanged());
    }

    // ------------------------------------------------------------------ (b) thousands of rows, twice

    @Test
    void aGeneratedFileOfThreeThousandRowsImportsAndTheSameFileAgainChangesNothing() throws IOException {
        List<String> lines = generated(3000);
        drop(lines);
        ImportRun first = run();
        assertEquals(ImportRun.Status.SUCCEEDED, first.status(), first.message());
        assertEquals(0, first.rejected(), first.rejections().toString());
        assertEquals(3000, count("EnrolmentEntity"));
        assertEquals(3000, count("PersonEntity"));
        assertEquals(1, count("UnitEntity"));
        assertEquals(10, count("GroupEntity"));

        drop(lines);
        ImportRun second = run();
        assertEquals(ImportRun.Status.SUCCEEDED, second.status(), second.message());
        assertEquals(0, second.created());
        assertEquals(0, second.updated());
        assertEquals(0, second.ended());
        assertEquals(3000, second.unchanged());
        assertEquals(3000, count("EnrolmentEntity"));
        assertEquals(3000, currentEnrolments());
    }

    // ------------------------------------------------------------------ (c) a bad row alone

    @Test
    void aBadRowIsRejectedWithItsLineWhileTheGoodRowsApply() throws IOException {
        String badOrg = OrgNumber.withCheckDigit("99100001").substring(0, 8) + "9";
        assertTrue(OrgNumber.rejectionReason(badOrg) != null || badOrg.equals(OrgNumber.withCheckDigit("99100001")));
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.add(row(SyntheticIds.id(1), "991000003", "Bakken barnehage", "KINDERGARTEN", "BLA", "DEPARTMENT", "2024-08-01", ""));
        lines.add(row(SyntheticIds.id(2), "991000004", "Bakken barnehage", "KINDERGARTEN", "BLA", "DEPARTMENT", "2024-08-01", ""));
        lines.add(row(SyntheticIds.id(3), "991000003", "Bakken barnehage", "KINDERGARTEN", "BLA", "DEPARTMENT", "01.08.2024", ""));
        lines.add(row(SyntheticIds.id(4), "991000003", "Bakken barnehage", "BARNEHAGE", "BLA", "DEPARTMENT", "2024-08-01", ""));
        lines.add(row(SyntheticIds.id(5), "991000003", "Bakken barnehage", "KINDERGARTEN", "BLA", "AVDELING", "2024-08-01", ""));
        lines.add(SyntheticIds.id(6) + ";991000003;too few fields");
        lines.add(row("12345678901", "991000003", "Bakken barnehage", "KINDERGARTEN", "BLA", "DEPARTMENT", "2024-08-01", ""));
        lines.add(row(SyntheticIds.id(7), "991000003", "Bakken barnehage", "KINDERGARTEN", "BLA", "DEPARTMENT", "2024-08-01", "2024-07-01"));
        lines.add(row(SyntheticIds.id(8), "991000003", "Bakken barnehage", "KINDERGARTEN", "", "", "2024-08-01", ""));
        // the last line has no line break after it
        drop((String.join("\n", lines)).getBytes(StandardCharsets.UTF_8));

        ImportRun run = run();
        assertEquals(ImportRun.Status.PARTIAL, run.status(), run.message());
        Map<String, String> rejected = rejections(run);
        assertEquals(List.of("line 3", "line 4", "line 5", "line 6", "line 7", "line 8", "line 9"),
                rejected.keySet().stream().sorted().toList(), rejected.toString());
        assertTrue(rejected.get("line 3").contains("organisation number"), rejected.get("line 3"));
        assertTrue(rejected.get("line 4").contains("start_date"), rejected.get("line 4"));
        assertTrue(rejected.get("line 5").contains("unit_type"), rejected.get("line 5"));
        assertTrue(rejected.get("line 6").contains("group_type"), rejected.get("line 6"));
        assertTrue(rejected.get("line 7").contains("fields"), rejected.get("line 7"));
        assertTrue(rejected.get("line 8").contains("national identity number"), rejected.get("line 8"));
        assertTrue(rejected.get("line 9").contains("end"), rejected.get("line 9"));
        noNationalIdIn(run);
        // lines 2 and 10 (a child without a group) apply
        assertEquals(2, count("EnrolmentEntity"));
    }

    // ------------------------------------------------------------------ (d) an unreadable file applies nothing

    @Test
    void aWrongHeaderAppliesNothing() throws IOException {
        List<String> lines = generated(20);
        lines.set(0, HEADER.replace("group_code", "groupcode"));
        drop(lines);
        ImportRun run = run();
        assertEquals(ImportRun.Status.FAILED, run.status());
        assertTrue(run.message().contains("header"), run.message());
        noNationalIdIn(run);
        assertNothingInTheDatabase();
        assertEquals(1, in("failed").size(), "the file moves to failed/");
    }

    @Test
    void brokenEncodingInTheMiddleAppliesNothingNotEvenTheRowsBeforeIt() throws IOException {
        List<String> lines = generated(50);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 40) {
                // Latin-1 'å' in a UTF-8 file
                line = line.replace("Bakken", "B\u00e5kken");
                out.write(line.getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.write(line.getBytes(StandardCharsets.UTF_8));
            }
            out.write('\n');
        }
        drop(out.toByteArray());
        ImportRun run = run();
        assertEquals(ImportRun.Status.FAILED, run.status());
        assertTrue(run.message().contains("UTF-8 (line 41)"), run.message());
        noNationalIdIn(run);
        assertNothingInTheDatabase();
    }

    @Test
    void anUnterminatedQuoteAFileTooLargeAndNoFileAtAllApplyNothing() throws IOException {
        List<String> lines = generated(20);
        lines.set(10, lines.get(10).replace("Bakken", "\"Bakken"));
        drop(lines);
        assertEquals(ImportRun.Status.FAILED, run().status());

        engine.bindSource(new EnrolmentCsvSource(pickup, 100));
        drop(generated(20));
        ImportRun tooLarge = run();
        assertEquals(ImportRun.Status.FAILED, tooLarge.status());
        assertTrue(tooLarge.message().contains("larger"), tooLarge.message());

        ImportRun none = run();
        assertEquals(ImportRun.Status.FAILED, none.status());
        assertNothingInTheDatabase();
        assertEquals(2, in("failed").size());
    }

    private void assertNothingInTheDatabase() {
        assertEquals(0, count("EnrolmentEntity"));
        assertEquals(0, count("UnitEntity"));
        assertEquals(0, count("GroupEntity"));
        assertEquals(0, count("PersonEntity"));
    }

    // ------------------------------------------------------------------ (e) full snapshot

    @Test
    void aRowThatDisappearsEndsItsEnrolmentAndMoreThanTenPercentIsHeld() throws IOException {
        List<String> lines = generated(20);
        drop(lines);
        assertEquals(ImportRun.Status.SUCCEEDED, run().status());
        assertEquals(20, currentEnrolments());

        // one of twenty (5 %) disappears: it ends, yesterday its last day
        List<String> nineteen = new ArrayList<>(lines);
        nineteen.remove(20);
        drop(nineteen);
        ImportRun one = run();
        assertEquals(ImportRun.Status.SUCCEEDED, one.status(), one.message());
        assertEquals(1, one.ended());
        assertEquals(19, currentEnrolments());
        EnrolmentEntity ended = db.transactions().inTransaction(em -> em.createQuery(
                "select e from EnrolmentEntity e where e.endReason = 'gone-from-source'", EnrolmentEntity.class).getSingleResult());
        assertEquals(LocalDate.of(2024, 8, 1).isAfter(TODAY.minusDays(1)) ? LocalDate.of(2024, 8, 1) : TODAY.minusDays(1),
                ended.getEndDate());

        // four of nineteen (21 %) disappear: held, nothing ends
        List<String> fifteen = new ArrayList<>(nineteen.subList(0, 16));
        drop(fifteen);
        ImportRun held = run();
        assertEquals(ImportRun.Status.HELD, held.status(), held.message());
        assertEquals(0, held.ended());
        assertEquals(19, currentEnrolments());
        noNationalIdIn(held);

        // confirmed: the same file (read last) is read again, and the four end
        ImportRun confirmed = engine.confirm(SYSADMIN, EnrolmentCsvSource.SOURCE_ID_ENROLMENT, held.id());
        assertEquals(ImportRun.Status.SUCCEEDED, confirmed.status(), confirmed.message());
        assertEquals(4, confirmed.ended());
        assertEquals(15, currentEnrolments());
    }
}
