package no.ranselpost.registry.hrxml.internal;

import static no.ranselpost.registry.hrxml.internal.HrFiles.employee;
import static no.ranselpost.registry.hrxml.internal.HrFiles.employees;
import static no.ranselpost.registry.hrxml.internal.HrFiles.lineOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.persistence.entity.EmploymentEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.persistence.internal.JpaSourceRunHistory;
import no.ranselpost.persistence.internal.JpaSourceStateStore;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.registry.api.ChildRecord;
import no.ranselpost.registry.api.ContactRecord;
import no.ranselpost.registry.api.EmploymentRecord;
import no.ranselpost.registry.api.EnrolmentRecord;
import no.ranselpost.registry.api.FileImportSource;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.imports.internal.ImportEngine;

/**
 * The HR XML source reading files from its pickup directory, applied by the real import engine
 * on the real persistence unit, audit trail and access policy (as in ImportRulesTest).
 */
class HrXmlSourceTest {

    private static final LocalDate TODAY = new no.ranselpost.core.api.time.OsloClock().today();
    /** The sample's school. */
    static final String SAMPLE_SCHOOL = "974600951";
    static final String KG = HrFiles.org(91000000);
    /** A school and its SFO sharing one organisation number. */
    static final String SCHOOL = HrFiles.org(92000000);
    static final String NO_SUCH_UNIT = HrFiles.org(93000000);
    private static final Pattern ELEVEN_DIGITS = Pattern.compile("\\d{11}");
    private static final AuthenticatedPrincipal SYSADMIN = new AuthenticatedPrincipal(1, no.ranselpost.core.api.identity.AccountKind.STAFF, "sys", "Sys", null,
            List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), 1, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);

    @TempDir
    Path tmp;
    private Path pickup;
    private TestDatabase db;
    private ImportEngine engine;
    private HrXmlSource hr;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
        RuleBasedAccessPolicy access = new RuleBasedAccessPolicy(db.transactions(), audit, new no.ranselpost.core.api.time.OsloClock()).declare(new no.ranselpost.core.internal.CoreAccessDeclaration(db.transactions(), new no.ranselpost.core.api.time.OsloClock()), new no.ranselpost.registry.imports.internal.ImportAccessDeclaration());
        engine = new ImportEngine(db.transactions(), audit, access, () -> true, new JpaSourceStateStore(db.transactions()),
                new JpaSourceRunHistory(db.transactions()), new no.ranselpost.core.api.time.OsloClock());
        db.transactions().run(em -> {
            em.persist(unit(SAMPLE_SCHOOL, UnitType.SCHOOL, "Sample skole"));
            em.persist(unit(KG, UnitType.KINDERGARTEN, "Demo barnehage"));
            em.persist(unit(SCHOOL, UnitType.SCHOOL, "Demo skole"));
            em.persist(unit(SCHOOL, UnitType.SFO, "Demo skole SFO"));
        });
        pickup = tmp.resolve("import/hr");
        hr = source("7951=LEADER,7954=EMPLOYEE", 50L * 1024 * 1024);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    // ------------------------------------------------------------------ helpers

    private HrXmlSource source(String table, long maxBytes) {
        if (hr != null) {
            engine.unbindSource(hr);
        }
        hr = new HrXmlSource(new HrXmlConfig(pickup, HrXmlConfig.positionTable(List.of(table)), maxBytes), Clock.systemUTC());
        engine.bindSource(hr);
        return hr;
    }

    private static UnitEntity unit(String org, UnitType type, String name) {
        UnitEntity u = new UnitEntity();
        u.setOrgNumber(org);
        u.setUnitType(type);
        u.setName(name);
        return u;
    }

    private ImportRun run() {
        ImportRun run = engine.run(SYSADMIN, "hr");
        for (ImportRun.Rejection r : run.rejections()) {
            assertFalse(ELEVEN_DIGITS.matcher(r.reason()).find(), "no national id in a reason: " + r.reason());
            assertFalse(ELEVEN_DIGITS.matcher(r.key()).find(), "no national id in a key: " + r.key());
        }
        if (run.message() != null) {
            assertFalse(ELEVEN_DIGITS.matcher(run.message()).find());
        }
        return run;
    }

    private Path drop(String name, String content) throws Exception {
        return HrFiles.write(pickup, name, content, 0);
    }

    private List<EmploymentEntity> employments() {
        return db.transactions().inTransaction(em -> em.createQuery("select e from EmploymentEntity e join fetch e.person join fetch e.unit "
                + "order by e.id", EmploymentEntity.class).getResultList());
    }

    private long persons() {
        return db.transactions().inTransaction(em -> em.createQuery("select count(p) from PersonEntity p", Long.class).getSingleResult());
    }

    private EmploymentEntity employmentOf(String nationalId) {
        List<EmploymentEntity> list = employments().stream().filter(e -> e.getPerson().getNationalId().equals(nationalId)).toList();
        assertEquals(1, list.size(), "one employment");
        return list.get(0);
    }

    private long changeRecords() {
        return db.transactions().inTransaction(em -> em.createQuery(
                "select count(r) from AuditRecordEntity r where r.outcome = 'CHANGED' and r.objectType <> 'source-run'", Long.class).getSingleResult());
    }

    private static String sample() throws Exception {
        try (InputStream in = HrXmlSourceTest.class.getResourceAsStream("/hr/hr-exportinfo-sample.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> names(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Records what a source hands on, for the tests that call the source directly. */
    static final class Recording implements ImportSink {
        final List<EmploymentRecord> employments = new ArrayList<>();
        final List<ImportRun.Rejection> rejections = new ArrayList<>();
        final Map<String, String> state = new java.util.HashMap<>();

        @Override
        public boolean child(ChildRecord record) {
            throw new AssertionError("an HR source hands no children");
        }

        @Override
        public void enrolment(EnrolmentRecord record) {
            throw new AssertionError("an HR source hands no enrolments");
        }

        @Override
        public void contact(ContactRecord record) {
            throw new AssertionError("an HR source hands no contacts");
        }

        @Override
        public void employment(EmploymentRecord record) {
            employments.add(record);
        }

        @Override
        public void reject(String key, String reason) {
            rejections.add(new ImportRun.Rejection(key, reason));
        }

        @Override
        public void notice(String key, String message) {
            rejections.add(new ImportRun.Rejection(key, message));
        }

        @Override
        public void state(String key, String value) {
            state.put(key, value);
        }

        @Override
        public void state(Map<String, String> values) {
            values.forEach((k, v) -> {
                if (v == null) {
                    state.remove(k);
                } else {
                    state.put(k, v);
                }
            });
        }

        @Override
        public void protect(String nationalId) {
            throw new AssertionError("an HR source describes no family");
        }

        @Override
        public void record(no.ranselpost.registry.api.CapabilityRecord record) {
            throw new AssertionError("an HR source hands no capability's records");
        }
    }

    // ------------------------------------------------------------------ (a) the sample

    @Test
    void theSampleImportsOntoItsUnitWithTheRoleFromThePositionTable() throws Exception {
        drop("export-2026-11-01.xml", sample());

        ImportRun run = run();

        assertEquals(ImportRun.Status.SUCCEEDED, run.status(), String.valueOf(run.message()));
        assertEquals(List.of(), run.rejections());
        EmploymentEntity e = employmentOf("12857812326");
        assertEquals(SAMPLE_SCHOOL, e.getUnit().getOrgNumber());
        assertEquals(UnitType.SCHOOL, e.getUnit().getUnitType());
        assertEquals(Role.EMPLOYEE, e.getRole());
        assertEquals("7954", e.getPositionCode());
        assertEquals("Lektor", e.getPositionTitle());
        assertEquals(LocalDate.of(2019, 8, 1), e.getStartDate());
        assertNull(e.getEndDate());
        assertNull(e.getLeaveFrom());
        PersonEntity p = e.getPerson();
        assertEquals("Lilly", p.getGivenName());
        assertEquals("Lektor", p.getFamilyName());
        // the population register owns addresses: HR only names a person the registers have not described yet
        assertNull(p.getStreetAddress());
        assertEquals(LocalDate.of(1978, 5, 12), p.getBirthDate());
        // the file is done with
        assertEquals(List.of(), names(pickup));
        assertTrue(names(pickup.resolve("done")).stream().allMatch(n -> n.endsWith("-export-2026-11-01.xml")));
        assertEquals(1, names(pickup.resolve("done")).size());
    }

    @Test
    void anUnmappedPositionCodeKeepsTheEmploymentWithoutRoleAndIsReported() throws Exception {
        source("7951=LEADER", 50L * 1024 * 1024);
        drop("export.xml", sample());

        ImportRun run = run();

        assertEquals(ImportRun.Status.SUCCEEDED, run.status());
        assertEquals(List.of(), run.rejections(), "an unmapped code rejects nothing");
        assertEquals(List.of(new ImportRun.Rejection("line 6",
                "position code 7954 is not mapped to a role (employment kept without role)")), run.notices());
        EmploymentEntity e = employmentOf("12857812326");
        assertNull(e.getRole());

        // mapped later: the same file gives the employment its role
        source("7951=LEADER,7954=LEADER", 50L * 1024 * 1024);
        drop("export.xml", sample());
        ImportRun again = run();
        assertEquals(List.of(), again.rejections());
        assertEquals(1, again.updated());
        assertEquals(Role.LEADER, employmentOf("12857812326").getRole());
    }

    @Test
    void thePositionTableAllowsLeaderAndEmployeeOnly() {
        assertEquals(Map.of("7951", Role.LEADER, "7954", Role.EMPLOYEE, "1", Role.EMPLOYEE),
                HrXmlConfig.positionTable(List.of("7951=LEADER, 7954 = employee", "1=EMPLOYEE")));
        assertThrows(IllegalArgumentException.class, () -> HrXmlConfig.positionTable(List.of("7951=SYSTEM_ADMIN")));
        assertThrows(IllegalArgumentException.class, () -> HrXmlConfig.positionTable(List.of("7951=UNIT_ADMIN")));
        assertThrows(IllegalArgumentException.class, () -> HrXmlConfig.positionTable(List.of("7951")));
        assertThrows(IllegalArgumentException.class, () -> HrXmlConfig.positionTable(List.of("7951=LEADER,7951=EMPLOYEE")));
        assertThrows(IllegalArgumentException.class, () -> new HrXmlConfig(pickup, Map.of("1", Role.GUARDIAN), 1));
    }

    @Test
    void unitTypeIsOptionalAndLeaveIsMapped() throws Exception {
        List<HrFiles.Resource> list = List.of(
                new HrFiles.Resource("R1", HrFiles.nationalId(1), "Ada", "Lovelace", null, null, null, null, null,
                        List.of(new HrFiles.Employment("R1-1", KG, null, "7951", "Styrer", LocalDate.of(2020, 1, 1), null,
                                List.of(new HrFiles.Leave(TODAY.minusYears(2), TODAY.minusYears(1), "old"),
                                        new HrFiles.Leave(TODAY.minusDays(3), TODAY.plusDays(30), "now"),
                                        new HrFiles.Leave(TODAY.plusMonths(6), null, "later"))))),
                new HrFiles.Resource("R2", HrFiles.nationalId(2), "Bo", "Berg", null, null, null, null, null,
                        List.of(new HrFiles.Employment("R2-1", SCHOOL, "SFO", "7954", "Assistent", LocalDate.of(2021, 1, 1),
                                TODAY.plusMonths(2), List.of()))));
        drop("export.xml", HrFiles.document(list));

        ImportRun run = run();

        assertEquals(List.of(), run.rejections());
        EmploymentEntity ada = employmentOf(HrFiles.nationalId(1));
        assertEquals(UnitType.KINDERGARTEN, ada.getUnit().getUnitType());
        assertEquals(Role.LEADER, ada.getRole());
        assertEquals(TODAY.minusDays(3), ada.getLeaveFrom());
        assertEquals(TODAY.plusDays(30), ada.getLeaveTo());
        assertNull(ada.getPerson().getStreetAddress(), "HR gives no address to store");
        EmploymentEntity bo = employmentOf(HrFiles.nationalId(2));
        assertEquals(UnitType.SFO, bo.getUnit().getUnitType());
        assertEquals(TODAY.plusMonths(2), bo.getEndDate());
    }

    // ------------------------------------------------------------------ (b) scale and replay

    @Test
    void threeThousandResourcesImportAndTheSameFileAgainChangesNothing() throws Exception {
        List<HrFiles.Resource> list = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            list.add(switch (i % 3) {
                case 0 -> employee(i, KG, null, "7954");
                case 1 -> employee(i, SCHOOL, "SCHOOL", i % 30 == 1 ? "7951" : "7954");
                default -> employee(i, SCHOOL, "SFO", "7954");
            });
        }
        String xml = HrFiles.document(list);
        drop("big.xml", xml);

        long t0 = System.nanoTime();
        ImportRun first = run();
        long firstMillis = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(ImportRun.Status.SUCCEEDED, first.status(), String.valueOf(first.message()));
        assertEquals(0, first.rejected(), String.valueOf(first.rejections()));
        assertEquals(6000, first.created(), "3000 persons and 3000 employments");
        List<EmploymentEntity> all = employments();
        assertEquals(3000, all.size());
        assertEquals(100, all.stream().filter(e -> e.getRole() == Role.LEADER).count());
        assertEquals(1000, all.stream().filter(e -> e.getUnit().getUnitType() == UnitType.SFO).count());
        long audit = changeRecords();

        drop("big.xml", xml);
        t0 = System.nanoTime();
        ImportRun second = run();
        long secondMillis = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(ImportRun.Status.SUCCEEDED, second.status());
        assertEquals(0, second.created());
        assertEquals(0, second.updated());
        assertEquals(0, second.ended());
        assertEquals(0, second.rejected());
        assertEquals(3000, second.unchanged());
        assertEquals(audit, changeRecords(), "the same file again writes no audit record");
        assertEquals(2, names(pickup.resolve("done")).size(), "both runs' files are kept in done/");
        System.out.printf("HR XML, 3000 Resources: first run %d ms, replay %d ms%n", firstMillis, secondMillis);
    }

    // ------------------------------------------------------------------ (c) one invalid Resource

    @Test
    void aResourceInvalidAgainstTheSchemaIsRejectedAloneWithItsLine() throws Exception {
        List<HrFiles.Resource> list = new ArrayList<>(employees(6, KG, "KINDERGARTEN", "7954"));
        // a national id one digit short, and an element the schema does not know
        HrFiles.Resource shortId = list.get(2);
        list.set(2, new HrFiles.Resource(shortId.resourceId(), shortId.nationalId().substring(0, 10), shortId.givenName(),
                shortId.familyName(), shortId.street(), shortId.zipCode(), shortId.place(), shortId.email(), shortId.mobile(),
                shortId.employments()));
        String xml = HrFiles.document(list).replace("<GivenName>Given4</GivenName>",
                "<GivenName>Given4</GivenName><Nickname>Fire</Nickname>");
        drop("export.xml", xml);

        ImportRun run = run();

        assertEquals(ImportRun.Status.PARTIAL, run.status(), "applied, with rejections: the status says so");
        assertEquals(2, run.rejected(), String.valueOf(run.rejections()));
        ImportRun.Rejection bad = run.rejections().get(0);
        assertEquals("line " + lineOf(xml, "<Resource>", 2), bad.key());
        assertTrue(bad.reason().startsWith("the Resource does not follow hr-exportinfo.xsd"), bad.reason());
        assertFalse(bad.reason().contains(shortId.nationalId().substring(0, 10)), "the bad number is not repeated: " + bad.reason());
        ImportRun.Rejection unknown = run.rejections().get(1);
        assertEquals("line " + lineOf(xml, "<Resource>", 4), unknown.key());
        assertTrue(unknown.reason().contains("Nickname"), unknown.reason());
        assertEquals(4, employments().size(), "the four others apply");
        assertEquals(4, persons());
    }

    @Test
    void anInvalidNationalIdIsRejectedByTheEngineWithoutRepeatingIt() throws Exception {
        List<HrFiles.Resource> list = new ArrayList<>(employees(3, KG, null, "7954"));
        HrFiles.Resource r = list.get(1);
        String bad = r.nationalId().substring(0, 10) + ((r.nationalId().charAt(10) - '0' + 1) % 10);
        list.set(1, new HrFiles.Resource(r.resourceId(), bad, r.givenName(), r.familyName(), null, null, null, null, null,
                r.employments()));
        String xml = HrFiles.document(list);
        drop("export.xml", xml);

        ImportRun run = run();

        assertEquals(1, run.rejected());
        assertEquals("line " + lineOf(xml, "<Resource>", 1), run.rejections().get(0).key());
        assertTrue(run.rejections().get(0).reason().startsWith("employee: invalid national identity number"),
                run.rejections().get(0).reason());
        assertEquals(2, employments().size());
    }

    // ------------------------------------------------------------------ (d) unreadable files apply nothing

    static Stream<Arguments> unreadable() {
        String valid = HrFiles.document(employees(5, KG, null, "7954"));
        return Stream.of(
                Arguments.of("malformed (cut short after valid Resources)", valid.substring(0, valid.lastIndexOf("</Resources>") - 3)),
                Arguments.of("malformed (mismatched end tag)", valid.replace("</FamilyName>", "</Family>")),
                Arguments.of("not XML at all", "SSN;name\n12857812326;Lilly\n"),
                Arguments.of("billion laughs", """
                        <?xml version="1.0"?>
                        <!DOCTYPE ExportInfo [
                          <!ENTITY lol "lol">
                          <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                          <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
                          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                          <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
                          <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
                          <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
                          <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
                          <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
                          <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
                        ]>
                        """ + valid.substring(valid.indexOf("<ExportInfo")).replace("<Source>HR</Source>", "<Source>&lol9;</Source>")),
                Arguments.of("external entity", """
                        <?xml version="1.0"?>
                        <!DOCTYPE ExportInfo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
                        """ + valid.substring(valid.indexOf("<ExportInfo")).replace("<GivenName>Given1</GivenName>",
                        "<GivenName>&xxe;</GivenName>")),
                Arguments.of("external DTD", """
                        <?xml version="1.0"?>
                        <!DOCTYPE ExportInfo SYSTEM "file:///etc/passwd">
                        """ + valid.substring(valid.indexOf("<ExportInfo"))),
                Arguments.of("DOCTYPE without entities", "<?xml version=\"1.0\"?>\n<!DOCTYPE ExportInfo>\n"
                        + valid.substring(valid.indexOf("<ExportInfo"))),
                Arguments.of("wrong root", valid.replace("ExportInfo", "Export")),
                Arguments.of("header against the schema", valid.replace("<Source>HR</Source>", "")),
                Arguments.of("too deep", valid.replace("<GivenName>Given1</GivenName>",
                        "<GivenName>" + "<a>".repeat(100) + "</a>".repeat(100) + "</GivenName>")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadable")
    void anUnreadableFileAppliesNothingAndTheRunFails(String what, String content) throws Exception {
        drop("bad.xml", content);

        ImportRun run = run();

        assertEquals(ImportRun.Status.FAILED, run.status(), what);
        assertNotNull(run.message());
        assertEquals(0, run.created());
        assertEquals(0, employments().size(), "nothing applied");
        assertEquals(0, persons(), "nothing applied");
        assertEquals(List.of(), names(pickup));
        assertEquals(1, names(pickup.resolve("failed")).size());
        assertTrue(names(pickup.resolve("failed")).get(0).endsWith("-bad.xml"));
        assertTrue(run.message().startsWith("The file could not be read: "), run.message());

        // the source itself says why, with nothing from the file, and hands nothing
        Recording sink = new Recording();
        Path file = HrFiles.write(tmp.resolve("direct"), "bad.xml", content, 0);
        FileImportSource.UnreadableFileException e = assertThrows(FileImportSource.UnreadableFileException.class,
                () -> hr.pull(sink, key -> java.util.Optional.empty(), file));
        assertEquals(List.of(), sink.employments);
        assertEquals(List.of(), sink.rejections);
        assertFalse(ELEVEN_DIGITS.matcher(e.getMessage()).find(), e.getMessage());
        assertFalse(e.getMessage().contains("root:"), e.getMessage());
        assertFalse(e.getMessage().contains("lol"), e.getMessage());
        assertFalse(e.getMessage().contains("Given"), e.getMessage());
        System.out.println("HR XML unreadable (" + what + "): " + e.getMessage());
    }

    @Test
    void aFileLargerThanTheLimitAppliesNothing() throws Exception {
        String xml = HrFiles.document(employees(50, KG, null, "7954"));
        source("7954=EMPLOYEE", xml.length() - 1);
        drop("big.xml", xml);

        ImportRun run = run();

        assertEquals(ImportRun.Status.FAILED, run.status());
        assertEquals(0, employments().size());
        assertTrue(names(pickup.resolve("failed")).get(0).endsWith("-big.xml"));
    }

    // ------------------------------------------------------------------ (e) full snapshot, unknown unit

    @Test
    void aResourceThatDisappearsFromTheNextFileEndsItsEmployment() throws Exception {
        List<HrFiles.Resource> list = new ArrayList<>(employees(20, KG, null, "7954"));
        drop("day1.xml", HrFiles.document(list));
        assertEquals(20, run().created() / 2);

        HrFiles.Resource gone = list.remove(7);
        drop("day2.xml", HrFiles.document(list));
        ImportRun run = run();

        assertEquals(ImportRun.Status.SUCCEEDED, run.status(), String.valueOf(run.message()));
        assertEquals(1, run.ended());
        assertEquals(19, run.unchanged());
        EmploymentEntity ended = employmentOf(gone.nationalId());
        assertEquals(TODAY.minusDays(1), ended.getEndDate());
        assertEquals("gone-from-source", ended.getEndReason());
        assertEquals(19, employments().stream().filter(e -> e.getEndDate() == null).count());
        List<String> done = names(pickup.resolve("done"));
        assertEquals(2, done.size());
        assertTrue(done.get(0).endsWith("-day1.xml") && done.get(1).endsWith("-day2.xml"), done.toString());
    }

    @Test
    void anUnknownUnitRejectsTheRowAndTheOthersApply() throws Exception {
        List<HrFiles.Resource> list = new ArrayList<>(employees(4, KG, null, "7954"));
        list.set(1, employee(1, NO_SUCH_UNIT, null, "7954"));
        list.set(2, employee(2, SCHOOL, null, "7954")); // school and SFO share the number: the type is needed
        String xml = HrFiles.document(list);
        drop("export.xml", xml);

        ImportRun run = run();

        assertEquals(ImportRun.Status.PARTIAL, run.status());
        assertEquals(2, run.rejected());
        assertEquals(new ImportRun.Rejection("line " + lineOf(xml, "<Resource>", 1), "unit: unknown (the enrolment source creates units)"),
                run.rejections().get(0));
        assertEquals("line " + lineOf(xml, "<Resource>", 2), run.rejections().get(1).key());
        assertTrue(run.rejections().get(1).reason().contains("unit type"), run.rejections().get(1).reason());
        assertEquals(2, employments().size());
    }

    // ------------------------------------------------------------------ the pickup directory

    @Test
    void theNewestFileIsReadOlderOnesAreSupersededAndWithoutAnyFileTheRunFails() throws Exception {
        Recording none = new Recording();
        assertThrows(FileImportSource.UnreadableFileException.class, () -> hr.pull(none, key -> java.util.Optional.empty()),
                "no pickup directory, nothing read before");
        assertEquals(List.of(), none.employments);
        ImportRun empty = run();
        assertEquals(ImportRun.Status.FAILED, empty.status(), "an empty run would end everything");
        assertEquals("The file could not be read: no *.xml file in the pickup directory, and none read before", empty.message());

        HrFiles.write(pickup, "old.xml", HrFiles.document(employees(2, KG, null, "7954")), 3600);
        HrFiles.write(pickup, "new.xml", HrFiles.document(employees(3, KG, null, "7954")), 60);
        HrFiles.write(pickup, "notes.txt", "not an export", 0);
        Recording sink = new Recording();
        hr.pull(sink, key -> java.util.Optional.empty());

        assertEquals(3, sink.employments.size());
        List<String> done = names(pickup.resolve("done"));
        assertEquals(2, done.size());
        assertTrue(done.stream().anyMatch(n -> n.endsWith("-superseded-old.xml")), done.toString());
        assertTrue(done.stream().anyMatch(n -> n.endsWith("-new.xml") && n.equals(sink.state.get(HrXmlSource.LAST_FILE))), done.toString());
        assertEquals(List.of("notes.txt"), names(pickup));
        EmploymentRecord first = sink.employments.get(0);
        assertEquals("R0", first.employeeId());
        assertEquals("e0@example.kommune.no", first.email());
        assertEquals("40000000", first.mobile());
        assertEquals("Skoleveien 1", first.person().address().street());
        assertNull(first.unitType());
        assertEquals("line 6", first.key());
    }

    @Test
    void withNoNewFileTheLastOneIsReadAgainAndChangesNothing() throws Exception {
        drop("day1.xml", HrFiles.document(employees(10, KG, null, "7954")));
        run();
        long audit = changeRecords();

        ImportRun again = run();

        assertEquals(ImportRun.Status.SUCCEEDED, again.status(), String.valueOf(again.message()));
        assertEquals(10, again.unchanged());
        assertEquals(0, again.ended());
        assertEquals(audit, changeRecords());
    }

    @Test
    void aHeldRunIsConfirmedOnTheFileThatWasHeld() throws Exception {
        List<HrFiles.Resource> list = new ArrayList<>(employees(10, KG, null, "7954"));
        drop("day1.xml", HrFiles.document(list));
        run();
        list.remove(9);
        list.remove(8);
        drop("day2.xml", HrFiles.document(list));

        ImportRun held = run();
        assertEquals(ImportRun.Status.HELD, held.status(), "2 of 10 would end: more than 10 %");
        assertEquals(10, employments().stream().filter(e -> e.getEndDate() == null).count());

        ImportRun confirmed = engine.confirm(SYSADMIN, "hr", held.id());

        assertEquals(ImportRun.Status.SUCCEEDED, confirmed.status(), String.valueOf(confirmed.message()));
        assertEquals(2, confirmed.ended(), "the two that disappeared from the held file, not everyone");
        assertEquals(8, employments().stream().filter(e -> e.getEndDate() == null).count());
    }
}
