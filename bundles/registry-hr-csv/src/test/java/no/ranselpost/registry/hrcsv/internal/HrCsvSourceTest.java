package no.ranselpost.registry.hrcsv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.persistence.entity.EmploymentEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.persistence.internal.JpaSourceRunHistory;
import no.ranselpost.persistence.internal.JpaSourceStateStore;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.imports.internal.ImportEngine;

/** The HR CSV source, applied by the real import engine on the real persistence unit (units created first, as the enrolment source does). */
class HrCsvSourceTest {

    static final String HEADER = String.join(";", HrCsvSource.HEADER);
    static final Map<String, Role> ROLES = HrCsvSource.positionRoles("7951=LEADER,7954=EMPLOYEE");
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
        engine.bindSource(new HrCsvSource(pickup, ROLES, 50L * 1024 * 1024));
        // the units the sample names; the enrolment source creates units, HR only refers to them
        unit("974600951", UnitType.SCHOOL, "Skåredalen skole");
        unit("991000003", UnitType.KINDERGARTEN, "Bakken barnehage");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    // ------------------------------------------------------------------ helpers

    private void unit(String org, UnitType type, String name) {
        db.transactions().run(em -> {
            UnitEntity u = new UnitEntity();
            u.setOrgNumber(org);
            u.setUnitType(type);
            u.setName(name);
            em.persist(u);
        });
    }

    private ImportRun run() {
        return engine.run(SYSADMIN, HrCsvSource.SOURCE_ID_HR);
    }

    private Path drop(byte[] content) throws IOException {
        Path file = pickup.resolve("hr-" + (++fileNo) + ".csv");
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(fileNo)));
        return file;
    }

    private Path drop(List<String> lines) throws IOException {
        return drop((String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    static String row(String employeeId, String nationalId, String org, String unitType, String code, String start, String end) {
        return String.join(";", employeeId, nationalId, "Ansatt", "Nummer" + employeeId, "a" + employeeId + "@example.kommune.no",
                "99999999", org, unitType, code, "Stilling " + code, "100", start, end, "", "");
    }

    /** n employments, alternating between the two units and the two mapped codes. */
    static List<String> generated(int n) {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (int i = 0; i < n; i++) {
            boolean school = i % 2 == 0;
            lines.add(row(Integer.toString(200000 + i), SyntheticIds.id(i), school ? "974600951" : "991000003",
                    school ? "SCHOOL" : "", i % 7 == 0 ? "7951" : "7954", "2020-08-01", ""));
        }
        return lines;
    }

    private long count(String entity) {
        return db.transactions().inTransaction(em -> em.createQuery("select count(x) from " + entity + " x", Long.class).getSingleResult());
    }

    private long currentEmployments() {
        return db.transactions().inTransaction(em -> em.createQuery(
                "select count(e) from EmploymentEntity e where e.endDate is null or e.endDate >= :today", Long.class)
                .setParameter("today", TODAY).getSingleResult());
    }

    private List<EmploymentEntity> employments() {
        return db.transactions().inTransaction(em -> em.createQuery("select e from EmploymentEntity e join fetch e.unit order by e.id",
                EmploymentEntity.class).getResultList());
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

    // ------------------------------------------------------------------ settings

    @Test
    void thePositionTableMapsToLeaderOrEmployeeOnly() {
        assertEquals(Map.of("7951", Role.LEADER, "7954", Role.EMPLOYEE), ROLES);
        assertThrows(IllegalArgumentException.class, () -> HrCsvSource.positionRoles("7951=UNIT_ADMIN"));
        assertThrows(IllegalArgumentException.class, () -> HrCsvSource.positionRoles("7951=LEADER,7951=EMPLOYEE"));
        assertThrows(IllegalArgumentException.class, () -> HrCsvSource.positionRoles("7951"));
        assertTrue(HrCsvSource.positionRoles("").isEmpty());
    }

    // ------------------------------------------------------------------ (a) the sample file

    @Test
    void theSampleFileImportsItsEmployments() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/hr-visma.csv")) {
            assertNotNull(in);
            drop(in.readAllBytes());
        }
        ImportRun run = run();
        assertEquals(ImportRun.Status.SUCCEEDED, run.status(), run.message());
        assertEquals(0, run.rejected(), run.rejections().toString());
        List<EmploymentEntity> all = employments();
        assertEquals(2, all.size());
        EmploymentEntity lektor = all.stream().filter(e -> "7954".equals(e.getPositionCode())).findFirst().orElseThrow();
        assertEquals(Role.EMPLOYEE, lektor.getRole());
        assertEquals(UnitType.SCHOOL, lektor.getUnit().getUnitType());
        assertEquals(LocalDate.of(2019, 8, 1), lektor.getStartDate());
        assertNull(lektor.getEndDate());
        EmploymentEntity leder = all.stream().filter(e -> "7951".equals(e.getPositionCode())).findFirst().orElseThrow();
        assertEquals(Role.LEADER, leder.getRole());
        assertEquals("Pedagogisk leder", leder.getPositionTitle());
        assertEquals(LocalDate.of(2026, 9, 1), leder.getLeaveFrom());
        assertEquals(LocalDate.of(2027, 6, 30), leder.getLeaveTo());
        assertEquals(2, count("PersonEntity"));
        assertEquals(1, in("done").size(), "the file moves to done/");

        // no new file: the last one is read again, and changes nothing
        ImportRun again = run();
        assertEquals(ImportRun.Status.SUCCEEDED, again.status(), again.message());
        assertEquals(0, again.created() + again.updated() + again.ended());
    }

    // ------------------------------------------------------------------ (b) thousands of rows, twice

    @Test
    void aGeneratedFileOfThreeThousandRowsImportsAndTheSameFileAgainChangesNothing() throws IOException {
        List<String> lines = generated(3000);
        drop(lines);
        ImportRun first = run();
        assertEquals(ImportRun.Status.SUCCEEDED, first.status(), first.message());
        assertEquals(0, first.rejected(), first.rejections().toString());
        assertEquals(3000, count("EmploymentEntity"));
        assertEquals(3000, count("PersonEntity"));

        drop(lines);
        ImportRun second = run();
        assertEquals(ImportRun.Status.SUCCEEDED, second.status(), second.message());
        assertEquals(0, second.created());
        assertEquals(0, second.updated());
        assertEquals(0, second.ended());
        assertEquals(3000, second.unchanged());
        assertEquals(3000, currentEmployments());
    }

    // ------------------------------------------------------------------ (c) a bad row alone

    @Test
    void aBadRowIsRejectedWithItsLineWhileTheGoodRowsApply() throws IOException {
        unit("974600951", UnitType.SFO, "Skåredalen SFO");
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.add(row("1", SyntheticIds.id(1), "974600951", "SCHOOL", "7954", "2020-08-01", ""));          // 2 good
        lines.add(row("2", SyntheticIds.id(2), "974600952", "SCHOOL", "7954", "2020-08-01", ""));          // 3 bad org number
        lines.add(row("3", SyntheticIds.id(3), "991000003", "", "7954", "1.8.2020", ""));                  // 4 bad date
        lines.add(row("4", SyntheticIds.id(4), "974760673", "", "7954", "2020-08-01", ""));                // 5 unknown unit
        lines.add(row("5", SyntheticIds.id(5), "974600951", "", "7954", "2020-08-01", ""));                // 6 shared org number, no type
        lines.add(row("6", SyntheticIds.id(6), "991000003", "BARNEHAGE", "7954", "2020-08-01", ""));       // 7 bad unit type
        lines.add(row("7", "12345678901", "991000003", "", "7954", "2020-08-01", ""));                     // 8 bad national id
        lines.add(row("8", SyntheticIds.id(8), "991000003", "", "9999", "2020-08-01", ""));                // 9 unmapped code: kept
        lines.add("9;" + SyntheticIds.id(9) + ";too;few");                                                 // 10 too few fields
        lines.add(row("10", SyntheticIds.id(10), "974600951", "SFO", "7951", "2020-08-01", ""));           // 11 good
        drop(lines);

        ImportRun run = run();
        assertEquals(ImportRun.Status.PARTIAL, run.status(), run.message());
        Map<String, String> rejected = rejections(run);
        assertEquals(List.of("line 10", "line 3", "line 4", "line 5", "line 6", "line 7", "line 8"),
                rejected.keySet().stream().sorted().toList(), rejected.toString());
        assertTrue(rejected.get("line 3").contains("organisation number"), rejected.get("line 3"));
        assertTrue(rejected.get("line 4").contains("start_date"), rejected.get("line 4"));
        assertTrue(rejected.get("line 5").contains("unit: unknown"), rejected.get("line 5"));
        assertTrue(rejected.get("line 6").contains("several units"), rejected.get("line 6"));
        assertTrue(rejected.get("line 7").contains("unit_type"), rejected.get("line 7"));
        assertTrue(rejected.get("line 8").contains("national identity number"), rejected.get("line 8"));
        assertEquals(List.of(new ImportRun.Rejection("line 9", "position code 9999 is not mapped to a role (employment kept without role)")),
                run.notices(), "an unmapped code is a notice: the employment is kept");
        assertTrue(rejected.get("line 10").contains("fields"), rejected.get("line 10"));
        noNationalIdIn(run);

        List<EmploymentEntity> applied = employments();
        assertEquals(3, applied.size(), "lines 2, 9 (without role) and 11");
        assertNull(applied.stream().filter(e -> "9999".equals(e.getPositionCode())).findFirst().orElseThrow().getRole());
        assertEquals(UnitType.SFO, applied.stream().filter(e -> "7951".equals(e.getPositionCode())).findFirst().orElseThrow()
                .getUnit().getUnitType());
    }

    // ------------------------------------------------------------------ (d) an unreadable file applies nothing

    @Test
    void aWrongHeaderAppliesNothing() throws IOException {
        List<String> lines = generated(20);
        lines.set(0, HEADER.replace(";leave_to", ""));
        drop(lines);
        ImportRun run = run();
        assertEquals(ImportRun.Status.FAILED, run.status());
        assertTrue(run.message().contains("header"), run.message());
        assertEquals(0, count("EmploymentEntity"));
        assertEquals(0, count("PersonEntity"));
        assertEquals(1, in("failed").size(), "the file moves to failed/");
    }

    @Test
    void brokenEncodingAppliesNothingNotEvenTheRowsBeforeIt() throws IOException {
        List<String> lines = generated(30);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            out.write(i == 25 ? line.replace("Ansatt", "\u00c5sa").getBytes(StandardCharsets.ISO_8859_1) : line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        drop(out.toByteArray());
        ImportRun run = run();
        assertEquals(ImportRun.Status.FAILED, run.status());
        assertTrue(run.message().contains("UTF-8 (line 26)"), run.message());
        noNationalIdIn(run);
        assertEquals(0, count("EmploymentEntity"));
        assertEquals(0, count("PersonEntity"));
    }

    // ------------------------------------------------------------------ (e) full snapshot

    @Test
    void aRowThatDisappearsEndsItsEmploymentAndMoreThanTenPercentIsHeld() throws IOException {
        List<String> lines = generated(20);
        drop(lines);
        assertEquals(ImportRun.Status.SUCCEEDED, run().status());
        assertEquals(20, currentEmployments());

        List<String> nineteen = new ArrayList<>(lines);
        nineteen.remove(20);
        drop(nineteen);
        ImportRun one = run();
        assertEquals(ImportRun.Status.SUCCEEDED, one.status(), one.message());
        assertEquals(1, one.ended());
        assertEquals(19, currentEmployments());
        EmploymentEntity ended = db.transactions().inTransaction(em -> em.createQuery(
                "select e from EmploymentEntity e where e.endReason = 'gone-from-source'", EmploymentEntity.class).getSingleResult());
        assertEquals(TODAY.minusDays(1), ended.getEndDate());

        drop(new ArrayList<>(nineteen.subList(0, 16)));
        ImportRun held = run();
        assertEquals(ImportRun.Status.HELD, held.status(), held.message());
        assertEquals(0, held.ended());
        assertEquals(19, currentEmployments());
        noNationalIdIn(held);

        ImportRun confirmed = engine.confirm(SYSADMIN, HrCsvSource.SOURCE_ID_HR, held.id());
        assertEquals(ImportRun.Status.SUCCEEDED, confirmed.status(), confirmed.message());
        assertEquals(4, confirmed.ended());
        assertEquals(15, currentEmployments());
    }

    @Test
    void aConfirmedUploadAppliesItsOwnFileWhileAnotherWaitsInThePickupDirectory() throws IOException {
        List<String> lines = generated(20);
        drop(lines);
        assertEquals(ImportRun.Status.SUCCEEDED, run().status());

        // an upload that would end 8 of 20: held
        byte[] upload = (String.join("\r\n", lines.subList(0, 13)) + "\r\n").getBytes(StandardCharsets.UTF_8);
        ImportRun held = engine.upload(SYSADMIN, HrCsvSource.SOURCE_ID_HR, new java.io.ByteArrayInputStream(upload));
        assertEquals(ImportRun.Status.HELD, held.status(), held.message());
        // meanwhile a newer export lands in the pickup directory, ending only one
        List<String> nineteen = new ArrayList<>(lines);
        nineteen.remove(20);
        Path waiting = drop(nineteen);

        ImportRun confirmed = engine.confirm(SYSADMIN, HrCsvSource.SOURCE_ID_HR, held.id());
        assertEquals(ImportRun.Status.SUCCEEDED, confirmed.status(), confirmed.message());
        assertEquals(8, confirmed.ended(), "exactly the held upload was applied");
        assertEquals(12, currentEmployments());
        assertTrue(Files.exists(waiting), "the waiting file was neither read nor moved");
    }
}
