package no.ranselpost.retention.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import no.ranselpost.absence.internal.AbsenceRetention;
import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.attendance.internal.AttendanceRetention;
import no.ranselpost.audit.internal.AuditSealer;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.consent.internal.ConsentRetention;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal.Assurance;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.diary.internal.DiaryRetention;
import no.ranselpost.messaging.internal.MessagingRetention;
import no.ranselpost.otheradults.internal.OtherAdultRetention;
import no.ranselpost.persistence.entity.AbsenceReportEntity;
import no.ranselpost.persistence.entity.AttendanceDayEntity;
import no.ranselpost.persistence.entity.CalendarFeedEntity;
import no.ranselpost.persistence.entity.ChildHealthEntity;
import no.ranselpost.persistence.entity.ConsentAnswerEntity;
import no.ranselpost.persistence.entity.ConsentKindEntity;
import no.ranselpost.persistence.entity.DiaryPhotoEntity;
import no.ranselpost.persistence.entity.DiaryPhotoTagEntity;
import no.ranselpost.persistence.entity.DiaryPostEntity;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.GuardianshipEntity;
import no.ranselpost.persistence.entity.MessageEntity;
import no.ranselpost.persistence.entity.MessageReadEntity;
import no.ranselpost.persistence.entity.MessageThreadEntity;
import no.ranselpost.persistence.entity.OtherAdultConsentEntity;
import no.ranselpost.persistence.entity.OtherAdultEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.PickupNoteEntity;
import no.ranselpost.persistence.entity.StaffAccountEntity;
import no.ranselpost.persistence.entity.ThreadParticipantEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.persistence.testing.Configurations;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.retention.api.RetentionRun;
import no.ranselpost.storage.internal.DatabaseContentStore;
import no.ranselpost.storage.internal.StorageSettings;
import no.ranselpost.timetable.internal.TimetableRetention;

/**
 * Every capability's participant against its real rows: a child who left long ago with a guardian
 * who has no other child; each kind goes and is counted, and the same data of a child who stays
 * is untouched.
 */
class RetentionParticipantsTest {

    @TempDir
    Path data;
    private TestDatabase db;
    private RetentionJob job;
    private DatabaseContentStore store;
    private AuthenticatedPrincipal admin;
    private long unit;
    private final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        OsloClock oslo = new OsloClock(java.time.Clock.systemUTC());
        JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
        AuditSealer sealer = new AuditSealer(db.transactions());
        sealer.configure(Duration.ZERO, 10_000, data.resolve("audit/latest-seal.txt"));
        RuleBasedAccessPolicy policy = new RuleBasedAccessPolicy(db.transactions(), audit, oslo);
        policy.addDeclaration(new RetentionAccessDeclaration());
        store = new DatabaseContentStore(db.transactions(), Configurations.of(StorageSettings.class, Map.of()));
        job = new RetentionJob(db.transactions(), policy, audit, sealer, oslo);
        job.settings(Configurations.of(RetentionSettings.class, Map.of()));
        job.addParticipant(new MessagingRetention(store));
        job.addParticipant(new AbsenceRetention());
        job.addParticipant(new AttendanceRetention());
        job.addParticipant(new ConsentRetention());
        job.addParticipant(new DiaryRetention(store));
        job.addParticipant(new TimetableRetention());
        job.addParticipant(new OtherAdultRetention());
        admin = new AuthenticatedPrincipal(1, AccountKind.STAFF, "admin", "Admin", null, List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), 1,
                Assurance.PASSWORD_AND_TOTP);
        unit = db.transactions().inTransaction(em -> {
            UnitEntity u = new UnitEntity();
            u.setOrgNumber("974760673");
            u.setUnitType(UnitType.KINDERGARTEN);
            u.setName("U");
            em.persist(u);
            em.flush();
            return u.getId();
        });
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static int ids;

    /** A child (left {@code leftDaysAgo} ago, or current when negative) with one guardian and a guardian account; every capability's rows. */
    private long[] family(int leftDaysAgo) throws Exception {
        byte[] jpeg = jpeg();
        return db.transactions().inTransaction(em -> {
            LocalDate today = LocalDate.now(OsloClock.ZONE);
            PersonEntity child = person(em, "Barn");
            PersonEntity mor = person(em, "Mor");
            PersonEntity other = person(em, "Bestemor");
            EnrolmentEntity e = new EnrolmentEntity();
            e.setChild(child);
            e.setUnit(em.find(UnitEntity.class, unit));
            e.setStartDate(today.minusYears(3));
            e.setEndDate(leftDaysAgo < 0 ? null : today.minusDays(leftDaysAgo));
            em.persist(e);
            GuardianshipEntity g = new GuardianshipEntity();
            g.setChild(child);
            g.setGuardian(mor);
            g.setRelation(GuardianRelation.MOR);
            g.setResponsibility(ParentalResponsibility.FELLES);
            g.setCurrent(true);
            em.persist(g);
            StaffAccountEntity account = new StaffAccountEntity();
            account.setUsername("g" + (++ids));
            account.setDisplayName("Mor");
            account.setPasswordHash("-");
            account.setKind(AccountKind.GUARDIAN);
            account.setCreatedAt(now);
            account.setPerson(mor);
            em.persist(account);
            em.flush();
            // absence
            AbsenceReportEntity a = new AbsenceReportEntity();
            a.setChild(child);
            a.setFromDate(today.minusDays(500));
            a.setToDate(today.minusDays(500));
            a.setKind("SICK");
            a.setFreeText("feber");
            a.setState("ACTIVE");
            a.setReporterKind("GUARDIAN");
            a.setReportedBy(account.getId());
            a.setCreatedAt(now);
            em.persist(a);
            ChildHealthEntity h = new ChildHealthEntity();
            h.setChild(child);
            h.setAllergies("nøtter");
            h.setUpdatedAt(now);
            h.setUpdatedBy(1);
            em.persist(h);
            // attendance: its own day and a pick-up note
            AttendanceDayEntity d = new AttendanceDayEntity();
            d.setChild(child);
            d.setDay(today.minusDays(500));
            em.persist(d);
            PickupNoteEntity n = new PickupNoteEntity();
            n.setChild(child);
            n.setDay(today.minusDays(500));
            n.setText("Bestemor henter");
            n.setWrittenBy(account.getId());
            n.setCreatedAt(now);
            em.persist(n);
            // consent
            ConsentKindEntity k = new ConsentKindEntity();
            k.setCode("bilder-" + (++ids));
            k.setUse("DIARY_PHOTOS");
            k.setSchoolYear(2024);
            k.setValidFrom(today.minusYears(2));
            k.setValidTo(today.plusYears(1));
            k.setTextNb("Bilder");
            k.setTextNn("Bilete");
            k.setTextEn("Photos");
            k.setCreatedAt(now);
            em.persist(k);
            ConsentAnswerEntity c = new ConsentAnswerEntity();
            c.setKind(k);
            c.setChild(child);
            c.setGuardian(mor);
            c.setGiven(true);
            c.setAnsweredBy(account.getId());
            c.setAnsweredAt(now);
            em.persist(c);
            // diary: a post with a photo of the child (stored content)
            DiaryPostEntity post = new DiaryPostEntity();
            post.setKind("DIARY");
            post.setUnit(em.find(UnitEntity.class, unit));
            post.setTitle("Tur");
            post.setBody("I skogen");
            post.setAuthorAccount(1);
            post.setCreatedAt(now);
            em.persist(post);
            em.flush();
            long content = store.store(em, "diary.photo", new ByteArrayInputStream(jpeg)).id();
            DiaryPhotoEntity photo = new DiaryPhotoEntity();
            photo.setPost(post);
            photo.setContentId(content);
            photo.setCreatedAt(now);
            em.persist(photo);
            em.flush();
            DiaryPhotoTagEntity tag = new DiaryPhotoTagEntity();
            tag.setPhoto(photo);
            tag.setChild(child);
            em.persist(tag);
            // timetable: mor's calendar feed
            CalendarFeedEntity feed = new CalendarFeedEntity();
            feed.setAccountId(account.getId());
            feed.setAccountKind("GUARDIAN");
            feed.setTokenHash("f" + account.getId() + "x".repeat(40));
            feed.setCreatedAt(now);
            em.persist(feed);
            // other adults: bestemor registered for the child with mor's consent
            OtherAdultEntity r = new OtherAdultEntity();
            r.setAdultId(other.getId());
            r.setChildId(child.getId());
            r.setUnitId(unit);
            r.setValidFrom(today.minusYears(1));
            r.setValidTo(today.plusYears(1));
            r.setRegisteredBy(1);
            r.setRegisteredAt(now);
            em.persist(r);
            em.flush();
            OtherAdultConsentEntity rc = new OtherAdultConsentEntity();
            rc.setRegistrationId(r.getId());
            rc.setCustodianId(mor.getId());
            rc.setState("GIVEN");
            em.persist(rc);
            // messaging: a thread about the child, mor taking part and having read it
            MessageThreadEntity t = new MessageThreadEntity();
            t.setKind("MESSAGE");
            t.setUnitId(unit);
            t.setChildId(child.getId());
            t.setSubject("Samtale");
            t.setCreatedAt(now);
            t.setLastMessageAt(now);
            em.persist(t);
            em.flush();
            ThreadParticipantEntity p = new ThreadParticipantEntity();
            p.setThreadId(t.getId());
            p.setPersonId(mor.getId());
            p.setAccountId(account.getId());
            p.setKind("GUARDIAN");
            em.persist(p);
            MessageEntity m = new MessageEntity();
            m.setThreadId(t.getId());
            m.setSenderKind("GUARDIAN");
            m.setSenderAccount(account.getId());
            m.setBody("Hei");
            m.setState("ACTIVE");
            m.setCreatedAt(now);
            em.persist(m);
            em.flush();
            MessageReadEntity read = new MessageReadEntity();
            read.setThreadId(t.getId());
            read.setAccountId(account.getId());
            read.setLastReadMessageId(m.getId());
            read.setFirstReadAt(now);
            read.setLastReadAt(now);
            em.persist(read);
            em.flush();
            return new long[] {child.getId(), mor.getId(), account.getId(), content};
        });
    }

    private static PersonEntity person(javax.persistence.EntityManager em, String given) {
        PersonEntity p = new PersonEntity();
        p.setNationalId(String.format("%011d", 20_000_000L + (++ids)));
        p.setGivenName(given);
        p.setFamilyName("Testesen");
        p.setAddressProtection(AddressProtection.NONE);
        em.persist(p);
        em.flush();
        return p;
    }

    private static byte[] jpeg() throws Exception {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GREEN);
        g.fillRect(0, 0, 64, 48);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    private long count(String jpql) {
        return db.transactions().inTransaction(em -> em.createQuery(jpql, Long.class).getSingleResult());
    }

    @Test
    void everyCapabilityForgetsItsOwnDataAboutTheChildAndItsGuardian() throws Exception {
        long[] gone = family(400);
        long[] stays = family(-1);
        // the forgotten guardian once fetched the staying child: the name goes, the day stays
        db.transactions().run(em -> {
            AttendanceDayEntity d = new AttendanceDayEntity();
            d.setChild(em.find(PersonEntity.class, stays[0]));
            d.setDay(LocalDate.now(OsloClock.ZONE).minusDays(3));
            d.setFetchedByPerson(gone[1]);
            d.setFetchedByName("Mor");
            em.persist(d);
        });
        RetentionRun run = job.run(admin);
        assertEquals("SUCCEEDED", run.status(), run.toString());
        Map<String, Long> c = run.counts();
        for (String kind : List.of("absence.report", "absence.health", "attendance.day", "attendance.pickup-note", "attendance.pickup-name",
                "consent.answer", "diary.photo", "diary.photo-tag", "diary.stored-content", "timetable.calendar-feed",
                "other-adults.registration", "other-adults.consent", "messaging.message", "messaging.thread", "messaging.participant",
                "messaging.read-mark", "core.child", "core.guardian", "identity.guardian-account")) {
            assertEquals(1L, c.get(kind), kind + " in " + c);
        }
        // the forgotten child's rows are gone, the staying child's are all there
        for (long[] f : List.of(gone, stays)) {
            long expected = f == gone ? 0 : 1;
            long child = f[0];
            long account = f[2];
            assertEquals(expected, count("select count(a) from AbsenceReportEntity a where a.child.id = " + child));
            assertEquals(expected, count("select count(h) from ChildHealthEntity h where h.child.id = " + child));
            assertEquals(expected, count("select count(n) from PickupNoteEntity n where n.child.id = " + child));
            assertEquals(expected, count("select count(a) from ConsentAnswerEntity a where a.child.id = " + child));
            assertEquals(expected, count("select count(t) from DiaryPhotoTagEntity t where t.child.id = " + child));
            assertEquals(expected, count("select count(f) from CalendarFeedEntity f where f.accountId = " + account));
            assertEquals(expected, count("select count(r) from OtherAdultEntity r where r.childId = " + child));
            assertEquals(expected, count("select count(t) from MessageThreadEntity t where t.childId = " + child));
            assertEquals(expected, count("select count(r) from MessageReadEntity r where r.accountId = " + account));
            assertEquals(expected == 1, store.find("diary.photo", f[3]).isPresent(), "the photo's stored content");
        }
        assertEquals(2, count("select count(p) from DiaryPostEntity p"), "the posts stay");
        assertEquals(0, count("select count(d) from AttendanceDayEntity d where d.child.id = " + gone[0]));
        assertEquals(2, count("select count(d) from AttendanceDayEntity d where d.child.id = " + stays[0]));
        assertEquals(0, count("select count(d) from AttendanceDayEntity d where d.fetchedByPerson = " + gone[1]));
        assertEquals(2, count("select count(d) from AttendanceDayEntity d where d.child.id = " + stays[0] + " and d.fetchedByName is null"
                + " and d.fetchedByPerson is null"), "the staying child's day without the forgotten guardian's name");
        assertTrue(job.run(admin).counts().isEmpty(), "a second run finds nothing");
    }
}
