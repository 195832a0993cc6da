package no.ranselpost.timetable.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.access.internal.JpaEffectiveGrants;
import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.ConflictException;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.entity.EmploymentEntity;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.GuardianAccountEntity;
import no.ranselpost.persistence.entity.GuardianUnitAccessEntity;
import no.ranselpost.persistence.entity.GuardianshipEntity;
import no.ranselpost.persistence.entity.LessonEntity;
import no.ranselpost.persistence.entity.MunicipalityEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.RoleGrantEntity;
import no.ranselpost.persistence.entity.StaffAccountEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.timetable.api.CalendarFeed;
import no.ranselpost.timetable.api.FeedContent;
import no.ranselpost.timetable.api.LessonRequest;
import no.ranselpost.timetable.api.Week;

/** The timetable service on the real persistence unit, audit trail and access policy. */
class TimetableServiceTest {

    private static final OsloClock CLOCK = OsloClock.at(LocalDate.of(2026, 12, 2), 9, 0);
    private TestDatabase db;
    private JpaTimetableService timetable;
    private long school;
    private long class8a;
    private long pupil;
    private long otherPupil;
    private long guardianAccount;
    private long guardianPerson;
    private long teacher;
    private long teacherAccount;
    private long otherTeacher;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
        RuleBasedAccessPolicy access = new RuleBasedAccessPolicy(db.transactions(), audit, CLOCK).declare(
                new no.ranselpost.core.internal.CoreAccessDeclaration(db.transactions(), CLOCK),
                new TimetableAccessDeclaration(db.transactions(), CLOCK));
        timetable = new JpaTimetableService(db.transactions(), access, audit, CLOCK, new JpaEffectiveGrants(CLOCK));
        db.transactions().run(em -> {
            MunicipalityEntity m = new MunicipalityEntity();
            m.setNumber("4601");
            m.setName("Testkommune");
            em.persist(m);
            UnitEntity u = new UnitEntity();
            u.setOrgNumber("974600951");
            u.setUnitType(UnitType.SCHOOL);
            u.setName("Skåredalen skole");
            em.persist(u);
            GroupEntity g = new GroupEntity();
            g.setUnit(u);
            g.setCode("8A");
            g.setName("8. klasse A");
            g.setGroupType(GroupType.CLASS);
            em.persist(g);
            PersonEntity child = person(em, "10101010101", "Konkurransedyktig", "Baug", AddressProtection.NONE);
            PersonEntity other = person(em, "20202020202", "Annen", "Elevsen", AddressProtection.NONE);
            PersonEntity mother = person(em, "30303030303", "Anita", "Baug", AddressProtection.NONE);
            mother.setAddress("Stranden 32", "0250", "Oslo");
            for (PersonEntity c : List.of(child, other)) {
                EnrolmentEntity e = new EnrolmentEntity();
                e.setChild(c);
                e.setUnit(u);
                e.setGroup(g);
                e.setStartDate(LocalDate.of(2026, 8, 1));
                em.persist(e);
            }
            GuardianshipEntity link = new GuardianshipEntity();
            link.setChild(child);
            link.setGuardian(mother);
            link.setRelation(GuardianRelation.MOR);
            link.setResponsibility(ParentalResponsibility.FELLES);
            link.setCurrent(true);
            em.persist(link);
            GuardianAccountEntity ga = new GuardianAccountEntity();
            ga.setPerson(mother);
            ga.setState(AccountState.ACTIVE);
            ga.setStateChangedAt(OffsetDateTime.now(ZoneOffset.UTC));
            em.persist(ga);
            GuardianUnitAccessEntity ua = new GuardianUnitAccessEntity();
            ua.setPerson(mother);
            ua.setUnit(u);
            ua.setState(AccountState.ACTIVE);
            ua.setStateChangedAt(OffsetDateTime.now(ZoneOffset.UTC));
            em.persist(ua);
            PersonEntity lilly = person(em, "40404040404", "Lilly", "Lektor", AddressProtection.NONE);
            PersonEntity lars = person(em, "50505050505", "Lars", "Leder", AddressProtection.NONE);
            for (PersonEntity t : List.of(lilly, lars)) {
                EmploymentEntity e = new EmploymentEntity();
                e.setPerson(t);
                e.setUnit(u);
                e.setStartDate(LocalDate.of(2020, 8, 1));
                e.setRole(Role.EMPLOYEE);
                e.setSourceId("hr");
                e.setSourceKey("T" + t.getNationalId().charAt(0) + "|x");
                em.persist(e);
            }
            StaffAccountEntity mine = account(em, "anita", mother, AccountKind.GUARDIAN, Role.GUARDIAN, null);
            StaffAccountEntity lillyAccount = account(em, "lilly", lilly, AccountKind.STAFF, Role.EMPLOYEE, u.getId());
            em.flush();
            school = u.getId();
            class8a = g.getId();
            pupil = child.getId();
            otherPupil = other.getId();
            guardianPerson = mother.getId();
            guardianAccount = mine.getId();
            teacher = lilly.getId();
            teacherAccount = lillyAccount.getId();
            otherTeacher = lars.getId();
        });
    }

    private static PersonEntity person(javax.persistence.EntityManager em, String id, String given, String family, AddressProtection p) {
        PersonEntity person = new PersonEntity();
        person.setNationalId(id);
        person.setGivenName(given);
        person.setFamilyName(family);
        person.setAddressProtection(p);
        em.persist(person);
        em.flush();
        return person;
    }

    private static StaffAccountEntity account(javax.persistence.EntityManager em, String username, PersonEntity person, AccountKind kind, Role role,
                                              Long unitId) {
        StaffAccountEntity a = new StaffAccountEntity();
        a.setUsername(username);
        a.setDisplayName(username);
        a.setPasswordHash("x");
        a.setKind(kind);
        a.setCreatedAt(OffsetDateTime.now(ZoneOffset.UTC));
        a.setPerson(person);
        em.persist(a);
        RoleGrantEntity g = new RoleGrantEntity();
        g.setAccount(a);
        g.setRole(role);
        g.setUnitId(unitId);
        em.persist(g);
        a.getGrants().add(g);
        return a;
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private AuthenticatedPrincipal guardian() {
        return new AuthenticatedPrincipal(guardianAccount, AccountKind.GUARDIAN, "anita", "Anita", guardianPerson,
                List.of(RoleGrant.kommuneWide(Role.GUARDIAN)), 7, AuthenticatedPrincipal.Assurance.IDPORTEN_LOA_SUBSTANTIAL);
    }

    private AuthenticatedPrincipal lilly() {
        return new AuthenticatedPrincipal(teacherAccount, AccountKind.STAFF, "lilly", "Lilly", teacher, List.of(RoleGrant.unit(Role.EMPLOYEE, school)),
                8, AuthenticatedPrincipal.Assurance.PASSWORD);
    }

    private AuthenticatedPrincipal unitAdmin() {
        return new AuthenticatedPrincipal(900, AccountKind.STAFF, "rektor", "Rektor", null, List.of(RoleGrant.unit(Role.UNIT_ADMIN, school)), 9,
                AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);
    }

    private AuthenticatedPrincipal sysadmin() {
        return new AuthenticatedPrincipal(901, AccountKind.STAFF, "sys", "Sys", null, List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), 10,
                AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);
    }

    private LessonRequest norsk(DayOfWeek day, int hour) {
        return new LessonRequest(class8a, "NOR", "Norsk", teacher, "Rom 101", day, LocalTime.of(hour, 30), LocalTime.of(hour + 1, 30),
                LocalDate.of(2026, 8, 17), LocalDate.of(2027, 6, 18), List.of(LocalDate.of(2026, 12, 1)));
    }

    @Test
    void aUnitAdminEntersLessonsAndTheGuardianAndTheTeacherSeeTheWeekInOsloTime() {
        timetable.createLesson(unitAdmin(), norsk(DayOfWeek.TUESDAY, 8));
        timetable.createLesson(unitAdmin(), norsk(DayOfWeek.THURSDAY, 8));
        Week week = timetable.pupilWeek(guardian(), pupil, LocalDate.of(2026, 12, 3));
        assertEquals(49, week.week());
        assertEquals("Europe/Oslo", week.timeZone());
        assertEquals(1, week.entries().size(), "Tuesday 1 December is cancelled: Thursday only");
        Week.Entry thu = week.entries().get(0);
        assertEquals(LocalDate.of(2026, 12, 3), thu.date());
        assertEquals("2026-12-03T08:30+01:00", thu.startsAt().toString(), "winter time in Oslo");
        assertEquals("Lilly Lektor", thu.teacherName());
        assertEquals(2, timetable.teacherWeek(lilly(), teacher, LocalDate.of(2026, 12, 10)).entries().size());
        assertEquals(2, timetable.teacherWeek(unitAdmin(), teacher, LocalDate.of(2026, 12, 10)).entries().size());
        assertThrows(AccessDeniedException.class, () -> timetable.teacherWeek(lilly(), otherTeacher, LocalDate.of(2026, 12, 10)),
                "a teacher sees their own week, not a colleague's");
        assertThrows(AccessDeniedException.class, () -> timetable.pupilWeek(guardian(), otherPupil, null), "never another family's child");
        assertThrows(AccessDeniedException.class, () -> timetable.createLesson(lilly(), norsk(DayOfWeek.MONDAY, 10)));
        assertThrows(ConflictException.class, () -> timetable.createLesson(unitAdmin(), norsk(DayOfWeek.TUESDAY, 8)), "overlaps");
    }

    @Test
    void aLessonWithoutATeacherIsEnteredChangedAndRemovedByTheUnitAdmin() {
        LessonRequest noTeacher = new LessonRequest(class8a, "NOR", "Norsk", null, null, DayOfWeek.MONDAY, LocalTime.of(8, 30),
                LocalTime.of(9, 15), LocalDate.of(2026, 12, 1), LocalDate.of(2027, 1, 30), null);
        long id = timetable.createLesson(unitAdmin(), noTeacher).id();
        assertThrows(ConflictException.class, () -> timetable.createLesson(unitAdmin(), noTeacher), "the group's lessons overlap");
        LessonRequest moved = new LessonRequest(null, "NOR", "Norsk", null, "Rom 2", DayOfWeek.TUESDAY, LocalTime.of(8, 30),
                LocalTime.of(9, 15), LocalDate.of(2026, 12, 1), LocalDate.of(2027, 1, 30), null);
        assertEquals(1, timetable.updateLesson(unitAdmin(), id, moved).sequence());
        assertEquals(1, timetable.groupWeek(unitAdmin(), class8a, LocalDate.of(2026, 12, 8)).entries().size());
        timetable.deleteLesson(unitAdmin(), id);
        assertTrue(timetable.groupLessons(unitAdmin(), class8a).isEmpty());
        assertThrows(no.ranselpost.core.api.NoSuchObjectException.class, () -> timetable.deleteLesson(unitAdmin(), id));
        assertThrows(AccessDeniedException.class, () -> timetable.deleteLesson(lilly(), id), "a role that may never: 403 whether or not it exists");
    }

    @Test
    void aLessonFromASourceIsNotChangedByHand() {
        long id = timetable.createLesson(unitAdmin(), norsk(DayOfWeek.TUESDAY, 8)).id();
        db.transactions().run(em -> em.find(LessonEntity.class, id).setSourceId("timetable"));
        assertThrows(ConflictException.class, () -> timetable.updateLesson(unitAdmin(), id, norsk(DayOfWeek.TUESDAY, 9)));
        assertThrows(ConflictException.class, () -> timetable.createLesson(unitAdmin(), norsk(DayOfWeek.FRIDAY, 9)),
                "the group's timetable belongs to the source");
    }

    @Test
    void theGuardiansFeedCarriesTheOwnChildsLessonsAndNothingPersonalAndARevokedTokenAnswersNothing() {
        long id = timetable.createLesson(unitAdmin(), norsk(DayOfWeek.TUESDAY, 8)).id();
        CalendarFeed feed = timetable.createFeed(guardian());
        assertTrue(feed.path().startsWith("/api/v1/timetable/feeds/") && feed.path().endsWith(".ics"));
        FeedContent content = timetable.feed(feed.token()).orElseThrow();
        IcsParser.Calendar cal = IcsParser.parse(content.calendar());
        assertEquals(1, cal.events().size());
        IcsParser.Component e = cal.events().get(0);
        assertTrue(e.value("SUMMARY").contains("Norsk") && e.value("SUMMARY").contains("Konkurransedyktig"), e.value("SUMMARY"));
        assertEquals("0", e.value("SEQUENCE"));
        String uid = e.value("UID");
        for (String secret : List.of("10101010101", "30303030303", "Stranden", "Annen", "Elevsen")) {
            assertFalse(content.calendar().contains(secret), "the feed carries no national id, address or other child's name: " + secret);
        }
        assertEquals(content.etag(), timetable.feed(feed.token()).orElseThrow().etag(), "unchanged: the same entity tag");
        timetable.updateLesson(unitAdmin(), id, norsk(DayOfWeek.TUESDAY, 9));
        FeedContent changed = timetable.feed(feed.token()).orElseThrow();
        assertFalse(changed.etag().equals(content.etag()));
        IcsParser.Component after = IcsParser.parse(changed.calendar()).events().get(0);
        assertEquals(uid, after.value("UID"), "a stable UID");
        assertEquals("1", after.value("SEQUENCE"), "SEQUENCE on change");
        // the teacher's own feed
        CalendarFeed lillys = timetable.createFeed(lilly());
        assertEquals(1, IcsParser.parse(timetable.feed(lillys.token()).orElseThrow().calendar()).events().size());
        // renewal revokes the old link; revocation answers nothing at once
        CalendarFeed renewed = timetable.createFeed(guardian());
        assertTrue(timetable.feed(feed.token()).isEmpty());
        assertTrue(timetable.feed(renewed.token()).isPresent());
        timetable.revokeFeed(guardian());
        assertTrue(timetable.feed(renewed.token()).isEmpty());
        assertTrue(timetable.feed("x".repeat(43)).isEmpty());
    }

    @Test
    void aStrengtFortroligPupilIsNotShownWhereItIsToAGuardianWhoDoesNotShareTheProtection() {
        timetable.createLesson(unitAdmin(), norsk(DayOfWeek.TUESDAY, 8));
        db.transactions().run(em -> em.find(PersonEntity.class, pupil).setAddressProtection(AddressProtection.STRICTLY_CONFIDENTIAL));
        assertTrue(timetable.pupilWeek(guardian(), pupil, LocalDate.of(2026, 12, 8)).entries().isEmpty());
        CalendarFeed feed = timetable.createFeed(guardian());
        assertTrue(IcsParser.parse(timetable.feed(feed.token()).orElseThrow().calendar()).events().isEmpty());
        db.transactions().run(em -> em.find(PersonEntity.class, guardianPerson).setAddressProtection(AddressProtection.STRICTLY_CONFIDENTIAL));
        assertEquals(1, timetable.pupilWeek(guardian(), pupil, LocalDate.of(2026, 12, 8)).entries().size(), "a guardian who shares it sees it");
    }

    @Test
    void theOneRosterExportHasTheBindingsColumnsAndEveryReferenceExists() throws Exception {
        timetable.createLesson(unitAdmin(), norsk(DayOfWeek.TUESDAY, 8));
        db.transactions().run(em -> em.find(PersonEntity.class, otherPupil).setAddressProtection(AddressProtection.STRICTLY_CONFIDENTIAL));
        assertEquals(4, timetable.runExport(sysadmin()).users(), "two pupils, two teachers");
        Map<String, List<List<String>>> files = OneRosterCheck.read(timetable.latestExport(sysadmin()));
        assertEquals(List.of(), OneRosterCheck.problems(files));
        String users = files.get("users.csv").toString();
        assertTrue(users.contains("{nin:10101010101}"), "Feide matches pupils on their national id");
        assertFalse(users.contains("20202020202"), "not a strengt fortrolig pupil's");
        assertEquals(3, files.get("enrollments.csv").size() - 1, "two pupils and the teacher in 8A");
        AuthenticatedPrincipal feide = new AuthenticatedPrincipal(77, AccountKind.INTEGRATION, "feide", "Feide", null,
                List.of(RoleGrant.integration("feide")), 0, AuthenticatedPrincipal.Assurance.INTEGRATION_BASIC);
        AuthenticatedPrincipal hr = new AuthenticatedPrincipal(78, AccountKind.INTEGRATION, "hr", "HR", null,
                List.of(RoleGrant.integration("hr")), 0, AuthenticatedPrincipal.Assurance.INTEGRATION_BASIC);
        assertTrue(timetable.latestExport(feide).length > 0, "the integration bound to feide reads its export");
        assertThrows(AccessDeniedException.class, () -> timetable.latestExport(hr));
        assertThrows(AccessDeniedException.class, () -> timetable.runExport(feide));
    }
}
