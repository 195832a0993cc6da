package no.ranselpost.registry.timetablecsv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.entity.EmploymentEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.LessonEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.persistence.internal.JpaSourceRunHistory;
import no.ranselpost.persistence.internal.JpaSourceStateStore;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.imports.internal.ImportEngine;
import no.ranselpost.timetable.internal.TimetableRecords;

/**
 * The timetable CSV source applied by the real import engine, which hands its records to the
 * timetable's handler through the registry SPI's extension point, on the real persistence unit.
 */
class TimetableCsvSourceTest {

    static final String HEADER = String.join(";", TimetableCsvSource.HEADER);
    static final String SCHOOL = "974600951";
    private static final AuthenticatedPrincipal SYSADMIN = new AuthenticatedPrincipal(1, AccountKind.STAFF, "sys", "Sys", null,
            List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), 1, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);

    @TempDir
    Path work;
    private TestDatabase db;
    private ImportEngine engine;
    private int fileNo;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        OsloClock clock = new OsloClock();
        JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
        RuleBasedAccessPolicy access = new RuleBasedAccessPolicy(db.transactions(), audit, clock).declare(
                new no.ranselpost.core.internal.CoreAccessDeclaration(db.transactions(), clock),
                new no.ranselpost.registry.imports.internal.ImportAccessDeclaration());
        engine = new ImportEngine(db.transactions(), audit, access, () -> true, new JpaSourceStateStore(db.transactions()),
                new JpaSourceRunHistory(db.transactions()), clock);
        engine.bindHandler(new TimetableRecords(db.transactions(), audit, clock));
        engine.bindSource(new TimetableCsvSource(work.resolve("pickup"), 1024 * 1024));
        // the school with its classes (the enrolment source's) and two teachers (the HR source's)
        db.transactions().run(em -> {
            UnitEntity u = new UnitEntity();
            u.setOrgNumber(SCHOOL);
            u.setUnitType(UnitType.SCHOOL);
            u.setName("Skåredalen skole");
            em.persist(u);
            for (String code : List.of("8A", "8B")) {
                GroupEntity g = new GroupEntity();
                g.setUnit(u);
                g.setCode(code);
                g.setName(code);
                g.setGroupType(GroupType.CLASS);
                em.persist(g);
            }
            int n = 0;
            for (String employee : List.of("T1001", "T1002")) {
                PersonEntity p = new PersonEntity();
                p.setNationalId(String.format("%011d", 1000 + n++));
                p.setGivenName("Lilly" + n);
                p.setFamilyName("Lektor");
                em.persist(p);
                em.flush();
                EmploymentEntity e = new EmploymentEntity();
                e.setPerson(p);
                e.setUnit(u);
                e.setStartDate(LocalDate.of(2020, 8, 1));
                e.setSourceId("hr");
                e.setSourceKey(employee + "|" + p.getId() + "|" + u.getId() + "|7954|2020-08-01");
                e.setRole(Role.EMPLOYEE);
                em.persist(e);
            }
        });
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private ImportRun upload(List<String> lines) throws IOException {
        Path file = work.resolve("upload-" + (++fileNo) + ".csv");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        try (InputStream in = Files.newInputStream(file)) {
            return engine.upload(SYSADMIN, TimetableCsvSource.SOURCE_ID_TIMETABLE, in);
        }
    }

    static List<String> sample() throws IOException {
        try (InputStream in = TimetableCsvSource.class.getResourceAsStream("/timetable-csv/sample.csv")) {
            assertNotNull(in, "the sample is in the bundle");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private Map<String, LessonEntity> lessons() {
        return db.transactions().inTransaction(em -> em.createQuery("select l from LessonEntity l join fetch l.group", LessonEntity.class)
                .getResultList().stream().collect(Collectors.toMap(LessonEntity::getSourceKey, l -> l)));
    }

    private long count(String entity) {
        return db.transactions().inTransaction(em -> em.createQuery("select count(x) from " + entity + " x", Long.class).getSingleResult());
    }

    private static String lesson(String id, String group, String teacher, String weekday, String start, String end) {
        return String.join(";", "LESSON", SCHOOL, "SCHOOL", group, "", "NOR", "Norsk", id, teacher, "Rom 1", weekday, start, end, "2026-08-17",
                "2027-06-18", "");
    }

    @Test
    void theCommittedSampleAppliesWholeThroughTheExtensionPoint() throws IOException {
        List<String> sample = sample();
        assertEquals(HEADER, sample.get(0), "the sample's header is the schema's");
        ImportRun run = upload(sample);
        assertEquals(ImportRun.Status.SUCCEEDED, run.status(), String.valueOf(run.rejections()));
        assertEquals(6, run.created(), "one subject group and five lessons");
        Map<String, LessonEntity> lessons = lessons();
        assertEquals(5, lessons.size());
        LessonEntity sam = lessons.get("L-8SAM-1");
        assertEquals("8-SAM", sam.getGroup().getCode(), "a lesson of the subject group the same file brought");
        assertEquals(GroupType.SUBJECT_GROUP, sam.getGroup().getGroupType());
        assertEquals("2026-10-06", lessons.get("L-8A-NOR-1").getCancelledDates());
        assertEquals(1, count("SubjectGroupEntity"));
        // the same file again changes nothing
        ImportRun again = upload(sample);
        assertEquals(ImportRun.Status.SUCCEEDED, again.status());
        assertEquals(0, again.created() + again.updated() + again.ended());
        assertEquals(6, again.unchanged());
    }

    @Test
    void unknownTeacherUnknownGroupAndOverlapsAreRejectedWithTheirLineAndTheRestApplies() throws IOException {
        List<String> lines = new ArrayList<>(List.of(HEADER,
                lesson("A", "8A", "T1001", "MON", "08:30", "09:30"),
                lesson("B", "8A", "T9999", "MON", "10:30", "11:30"),     // line 3: unknown teacher
                lesson("C", "9Z", "T1001", "TUE", "08:30", "09:30"),     // line 4: unknown group
                lesson("D", "8A", "T1002", "MON", "09:00", "10:00"),     // line 5: overlaps A in the group
                lesson("E", "8B", "T1001", "MON", "09:15", "10:15"),     // line 6: overlaps A for the teacher
                lesson("F", "8B", "T1002", "MON", "09:30", "10:30"),     // back to back with A: fine
                lesson("G", "8B", "T1002", "XYZ", "09:30", "10:30")));   // line 8: unreadable weekday
        ImportRun run = upload(lines);
        assertEquals(ImportRun.Status.PARTIAL, run.status());
        assertEquals(2, run.created());
        Map<String, String> rejected = run.rejections().stream().collect(Collectors.toMap(ImportRun.Rejection::key, ImportRun.Rejection::reason));
        assertEquals(5, rejected.size(), rejected.toString());
        assertTrue(rejected.get("line 3").contains("unknown teacher"), rejected.toString());
        assertTrue(rejected.get("line 4").contains("unknown group"), rejected.toString());
        assertTrue(rejected.get("line 5").contains("overlaps another lesson of the group"), rejected.toString());
        assertTrue(rejected.get("line 6").contains("overlaps another lesson of the teacher"), rejected.toString());
        assertTrue(rejected.get("line 8").contains("weekday"), rejected.toString());
        assertEquals(List.of("A", "F"), lessons().keySet().stream().sorted().toList());
    }

    @Test
    void aLessonThatDisappearsEndsAChangedOneRaisesItsSequenceAndRejectionsEndNothing() throws IOException {
        List<String> first = new ArrayList<>(List.of(HEADER));
        for (int i = 0; i < 12; i++) {
            first.add(lesson("L" + i, i % 2 == 0 ? "8A" : "8B", i % 2 == 0 ? "T1001" : "T1002", "MON", String.format("%02d:00", 8 + i / 2),
                    String.format("%02d:45", 8 + i / 2)));
        }
        assertEquals(ImportRun.Status.SUCCEEDED, upload(first).status());
        String uid = lessons().get("L2").getCalendarUid();
        // L0 gone, L2 moves to another room: one of twelve ends (under the 10 % hold? 1/12 = 8 %)
        List<String> second = new ArrayList<>(first);
        second.remove(1);
        second.set(2, second.get(2).replace("Rom 1", "Rom 9"));
        // with a rejected row nothing ends
        List<String> broken = new ArrayList<>(second);
        broken.add(lesson("X", "8A", "T9999", "FRI", "08:00", "09:00"));
        ImportRun partial = upload(broken);
        assertEquals(ImportRun.Status.PARTIAL, partial.status());
        assertEquals(0, partial.ended());
        assertTrue(lessons().containsKey("L0"), "a rejected row is not a disappeared one: " + partial.message());
        ImportRun run = upload(second);
        assertEquals(ImportRun.Status.SUCCEEDED, run.status(), run.message());
        assertEquals(1, run.ended());
        Map<String, LessonEntity> now = lessons();
        assertTrue(!now.containsKey("L0"));
        assertEquals("Rom 9", now.get("L2").getRoom());
        assertEquals(1, now.get("L2").getSequence(), "SEQUENCE goes up when a lesson changes");
        assertEquals(uid, now.get("L2").getCalendarUid(), "the UID stays");
    }

    @Test
    void aFileThatWouldEndMostLessonsIsHeldUntilConfirmed() throws IOException {
        List<String> first = new ArrayList<>(List.of(HEADER));
        for (int i = 0; i < 10; i++) {
            first.add(lesson("L" + i, "8A", "T1001", i < 5 ? "MON" : "TUE", String.format("%02d:00", 8 + i % 5), String.format("%02d:45", 8 + i % 5)));
        }
        assertEquals(ImportRun.Status.SUCCEEDED, upload(first).status());
        ImportRun held = upload(List.of(HEADER, first.get(1)));
        assertEquals(ImportRun.Status.HELD, held.status());
        assertTrue(held.message().contains("9 of 10 timetable.lesson"), held.message());
        assertEquals(10, lessons().size(), "nothing ended while held");
        ImportRun confirmed = engine.confirm(SYSADMIN, TimetableCsvSource.SOURCE_ID_TIMETABLE, held.id());
        assertEquals(9, confirmed.ended());
        assertEquals(List.of("L0"), List.copyOf(lessons().keySet()));
    }

    @Test
    void aFileThatCannotBeReadAppliesNothing() throws IOException {
        ImportRun run = upload(List.of("record_type;unit", "LESSON;" + SCHOOL));
        assertEquals(ImportRun.Status.FAILED, run.status());
        assertTrue(run.message().contains("wrong header"), run.message());
        assertEquals(0, count("LessonEntity"));
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
