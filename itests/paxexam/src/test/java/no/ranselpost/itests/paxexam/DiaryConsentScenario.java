package no.ranselpost.itests.paxexam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;
import javax.persistence.EntityManager;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.consent.api.ChildConsent;
import no.ranselpost.consent.api.ConsentKind;
import no.ranselpost.consent.api.ConsentService;
import no.ranselpost.consent.api.ConsentUse;
import no.ranselpost.consent.api.NewConsentKind;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.ConflictException;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.identity.SessionService;
import no.ranselpost.core.api.identity.StaffAccountService;
import no.ranselpost.diary.api.DiaryService;
import no.ranselpost.diary.api.NewPost;
import no.ranselpost.diary.api.Photo;
import no.ranselpost.diary.api.Post;
import no.ranselpost.diary.api.PostKind;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.GuardianUnitAccessEntity;
import no.ranselpost.persistence.entity.GuardianshipEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.UnitEntity;

/**
 * Consent enforced when a photo is served, from inside the container with the real services and
 * over real HTTP for the direct photo URL. A school class of its own: child A (8) with custodians
 * A1 and A2; pupil B (15) with custodians B1 and B2; child C with strengt fortrolig address, with
 * custodian C1 who shares the protection and C2 who does not. Every guardian signs in with a
 * local account (password), the class's leader too, the kommune's system administrator with TOTP.
 */
final class DiaryConsentScenario {

    private final BundleContext context;
    private final Transactions tx;
    private final StaffAccountService accounts;
    private final SessionService sessions;
    private ConsentService consent;
    private DiaryService diary;

    DiaryConsentScenario(BundleContext context, Transactions tx, StaffAccountService accounts, SessionService sessions) {
        this.context = context;
        this.tx = tx;
        this.accounts = accounts;
        this.sessions = sessions;
    }

    private record Signed(AuthenticatedPrincipal principal, String token) {
    }

    private record Family(long child, long first, long second) {
    }

    void run() throws Exception {
        consent = service(ConsentService.class);
        diary = service(DiaryService.class);
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/Oslo"));

        long[] ug = tx.inTransaction(em -> {
            UnitEntity u = new UnitEntity();
            u.setOrgNumber("998877665");
            u.setUnitType(UnitType.SCHOOL);
            u.setName("Samtykke skole");
            em.persist(u);
            GroupEntity g = new GroupEntity();
            g.setUnit(u);
            g.setCode("8A");
            g.setName("8A");
            g.setGroupType(GroupType.CLASS);
            em.persist(g);
            em.flush();
            return new long[] {u.getId(), g.getId()};
        });
        long unit = ug[0];
        long group = ug[1];
        Family a = family(unit, group, today.minusYears(8), AddressProtection.NONE, AddressProtection.NONE, AddressProtection.NONE);
        Family b = family(unit, group, today.minusYears(15).minusDays(3), AddressProtection.NONE, AddressProtection.NONE, AddressProtection.NONE);
        Family c = family(unit, group, today.minusYears(9), AddressProtection.STRICTLY_CONFIDENTIAL, AddressProtection.STRICTLY_CONFIDENTIAL,
                AddressProtection.NONE);

        // the kommune defines the kind (a system administrator as the suite's other cases act)
        Signed admin = new Signed(new AuthenticatedPrincipal(1, no.ranselpost.core.api.identity.AccountKind.STAFF, "itest", "Itest", null,
                List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), 1, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP), null);
        Signed leader = signIn(accounts.create("system:itest", "consent.leader", null, null, List.of(RoleGrant.group(Role.LEADER, unit, group))), null);
        Signed a1 = guardian(a.first(), "a1");
        Signed a2 = guardian(a.second(), "a2");
        Signed b1 = guardian(b.first(), "b1");
        Signed b2 = guardian(b.second(), "b2");
        Signed c1 = guardian(c.first(), "c1");
        Signed c2 = guardian(c.second(), "c2");
        List<Signed> everyGuardian = List.of(a1, a2, b1, b2, c1, c2);

        ConsentKind kind = consent.defineKind(admin.principal(), new NewConsentKind("bildedeling-dagbok", ConsentUse.DIARY_PHOTOS, null,
                "Bilder i dagboken", "Bilete i dagboka", "Photos in the diary"));
        long k = kind.id();

        Post post = diary.createPost(leader.principal(), new NewPost(PostKind.DIARY, null, group, "Tur til skogen", "Vi var i skogen i dag."));
        long photoA = diary.addPhoto(leader.principal(), post.id(), List.of(a.child()), jpeg()).id();
        long photoB = diary.addPhoto(leader.principal(), post.id(), List.of(b.child()), jpeg()).id();
        long untagged = diary.addPhoto(leader.principal(), post.id(), List.of(), jpeg()).id();
        long photoC = diary.addPhoto(leader.principal(), post.id(), List.of(c.child()), jpeg()).id();
        assertEquals("staff see every photo", 4, diary.post(leader.principal(), post.id()).photos().size());

        // nobody has answered: every guardian gets the post's text, no photo
        for (Signed g : everyGuardian) {
            Post seen = diary.post(g.principal(), post.id());
            assertEquals("Vi var i skogen i dag.", seen.text());
            assertTrue(seen.photos().isEmpty());
            assertEquals(4, seen.withheldPhotos());
            assertEquals(404, status("/api/v1/diary/photos/" + photoA, g.token()));
        }

        // A's custodians both say yes: A's photo reaches every guardian of the class; B's (no consent yet) none, the text still all
        consent.answer(a1.principal(), a.child(), k, true);
        assertEquals("one custodian's yes is not enough", Set.of(), photos(a1, post.id()));
        consent.answer(a2.principal(), a.child(), k, true);
        for (Signed g : everyGuardian) {
            assertEquals(Set.of(photoA), photos(g, post.id()));
            assertEquals("Vi var i skogen i dag.", diary.post(g.principal(), post.id()).text());
            assertEquals(200, status("/api/v1/diary/photos/" + photoA, g.token()));
            assertEquals("a photo of a child without consent is refused to every guardian", 404, status("/api/v1/diary/photos/" + photoB, g.token()));
        }

        // one custodian's "no" (a withdrawal) hides it from the very next request on, the direct URL included
        consent.answer(a2.principal(), a.child(), k, false);
        for (Signed g : everyGuardian) {
            assertEquals(Set.of(), photos(g, post.id()));
            assertEquals(404, status("/api/v1/diary/photos/" + photoA, g.token()));
            assertEquals(404, status("/api/v1/diary/photos/" + photoA + "/thumbnail", g.token()));
        }
        assertEquals("staff still see it", 200, status("/api/v1/diary/photos/" + photoA, leader.token()));
        consent.answer(a2.principal(), a.child(), k, true);
        assertEquals(200, status("/api/v1/diary/photos/" + photoA, b1.token()));

        // the 15-year-old: both custodians say yes, then the pupil's own "no" (recorded by staff) outweighs them
        consent.answer(b1.principal(), b.child(), k, true);
        consent.answer(b2.principal(), b.child(), k, true);
        assertEquals(Set.of(photoA, photoB), photos(a1, post.id()));
        assertThrows("a child under 15 answers through its custodians", InvalidRequestException.class,
                () -> consent.recordPupilAnswer(leader.principal(), a.child(), k, false, "pupil-in-person"));
        assertThrows("a reason code is required", InvalidRequestException.class,
                () -> consent.recordPupilAnswer(leader.principal(), b.child(), k, false, null));
        ChildConsent pupil = consent.recordPupilAnswer(leader.principal(), b.child(), k, false, "pupil-in-person");
        assertTrue(pupil.answeredByPupil());
        assertEquals(false, pupil.holds());
        for (Signed g : everyGuardian) {
            assertEquals(Set.of(photoA), photos(g, post.id()));
            assertEquals(404, status("/api/v1/diary/photos/" + photoB, g.token()));
        }
        assertThrows("the custodians' answer no longer counts", ConflictException.class, () -> consent.answer(b1.principal(), b.child(), k, true));

        // an untagged photo shows the whole class: it needs A's, B's and C's consent
        consent.answer(c1.principal(), c.child(), k, true);
        consent.answer(c2.principal(), c.child(), k, true);
        assertEquals(404, status("/api/v1/diary/photos/" + untagged, a1.token()));
        consent.recordPupilAnswer(leader.principal(), b.child(), k, true, "pupil-in-writing");
        assertTrue(photos(a1, post.id()).contains(photoB));
        // C's photos reach only the custodian who shares C's strengt fortrolig protection
        assertEquals(Set.of(photoA, photoB), photos(a1, post.id()));
        assertEquals(Set.of(photoA, photoB), photos(c2, post.id()));
        assertEquals(Set.of(photoA, photoB, untagged, photoC), photos(c1, post.id()));
        assertEquals(200, status("/api/v1/diary/photos/" + untagged, c1.token()));
        assertEquals(404, status("/api/v1/diary/photos/" + photoC, c2.token()));
        assertEquals(200, status("/api/v1/diary/photos/" + photoC, leader.token()));
        consent.answer(a1.principal(), a.child(), k, false);
        assertEquals("one child's withdrawal hides the untagged photo", Set.of(photoB, photoC), photos(c1, post.id()));
        assertEquals(404, status("/api/v1/diary/photos/" + untagged, c1.token()));

        // guardians never see another child's answers (nor who else answered for their own)
        assertThrows(AccessDeniedException.class, () -> consent.child(a1.principal(), b.child()));
        assertThrows(AccessDeniedException.class, () -> consent.group(a1.principal(), group));
        assertEquals(403, status("/api/v1/consent/children/" + b.child(), a1.token()));
        assertEquals(403, status("/api/v1/consent/groups/" + group, a1.token()));
        ChildConsent own = consent.child(a2.principal(), a.child()).stream().filter(x -> x.kindId() == k).findFirst().orElseThrow();
        assertNull("a custodian sees no answers but their own", own.answers());
        assertEquals(Boolean.TRUE, own.ownAnswer());
        assertEquals(false, own.holds());
        // staff see per group who has consented to what, and the history of every answer
        var rows = consent.group(leader.principal(), group).children();
        assertEquals(3, rows.size());
        ChildConsent staffA = rows.stream().filter(r -> r.childId() == a.child()).findFirst().orElseThrow().consents().get(0);
        assertNotNull(staffA.answers());
        assertEquals("A's history: a1 yes, a2 yes, a2 no, a2 yes, a1 no", 5, staffA.answers().size());
        assertEquals(2, staffA.answers().stream().filter(x -> x.supersededAt() == null).count());
        long audited = tx.inTransaction((EntityManager em) -> em.createQuery("select count(r) from AuditRecordEntity r where r.action = :a",
                Long.class).setParameter("a", "consent.child.answer").getSingleResult());
        assertTrue("every answer audited: " + audited, audited >= 9);
        long withheld = tx.inTransaction((EntityManager em) -> em.createQuery("select count(r) from AuditRecordEntity r where r.action = :a"
                + " and r.reason = :r", Long.class).setParameter("a", "diary.post.read").setParameter("r", "consent-lacking").getSingleResult());
        assertTrue("every photo refused for want of consent is recorded as a denial: " + withheld, withheld >= 10);
    }

    private Set<Long> photos(Signed reader, long post) {
        return diary.post(reader.principal(), post).photos().stream().map(Photo::id).collect(Collectors.toSet());
    }

    private <T> T service(Class<T> type) throws Exception {
        ServiceTracker<T, T> t = new ServiceTracker<>(context, type, null);
        t.open();
        T s = t.waitForService(60_000);
        assertNotNull(type.getSimpleName() + " is up", s);
        return s;
    }

    private Signed signIn(StaffAccountService.CreatedAccount account, String totp) {
        String token = sessions.login(account.username(), account.password().toCharArray(), totp).token();
        return new Signed(sessions.resolve(token).orElseThrow(), token);
    }

    private Signed guardian(long person, String name) {
        return signIn(accounts.create("system:itest", "consent.guardian." + name, null, person, List.of(RoleGrant.kommuneWide(Role.GUARDIAN))), null);
    }

    private int individual = 137;

    /** A child enrolled in the class today, with two custodians (felles) whose access the school activated. */
    private Family family(long unit, long group, LocalDate birth, AddressProtection child, AddressProtection first, AddressProtection second) {
        return tx.inTransaction(em -> {
            PersonEntity c = person(em, birth, "Barn", child);
            PersonEntity m = person(em, birth.minusYears(30), "Mor", first);
            PersonEntity f = person(em, birth.minusYears(32), "Far", second);
            for (PersonEntity g : List.of(m, f)) {
                GuardianshipEntity link = new GuardianshipEntity();
                link.setChild(c);
                link.setGuardian(g);
                link.setRelation(g == m ? GuardianRelation.MOR : GuardianRelation.FAR);
                link.setResponsibility(ParentalResponsibility.FELLES);
                link.setCurrent(true);
                em.persist(link);
                GuardianUnitAccessEntity ua = new GuardianUnitAccessEntity();
                ua.setPerson(g);
                ua.setUnit(em.find(UnitEntity.class, unit));
                ua.setState(AccountState.ACTIVE);
                ua.setStateChangedAt(OffsetDateTime.now());
                em.persist(ua);
            }
            EnrolmentEntity e = new EnrolmentEntity();
            e.setChild(c);
            e.setUnit(em.find(UnitEntity.class, unit));
            e.setGroup(em.find(GroupEntity.class, group));
            e.setStartDate(LocalDate.now().minusMonths(1));
            em.persist(e);
            em.flush();
            return new Family(c.getId(), m.getId(), f.getId());
        });
    }

    private PersonEntity person(EntityManager em, LocalDate birth, String given, AddressProtection protection) {
        while (true) {
            // the individual number tells the century: 500-999 for 2000-2039, 000-499 for 1900-1999
            var id = NationalId.compose(birth, (birth.getYear() >= 2000 ? 500 : 0) + individual++ % 500, NationalId.Kind.FODSELSNUMMER, true);
            if (id.isPresent() && em.createQuery("select count(p) from PersonEntity p where p.nationalId = :n", Long.class)
                    .setParameter("n", id.get().value()).getSingleResult() == 0) {
                PersonEntity p = new PersonEntity();
                p.setNationalId(id.get().value());
                p.setGivenName(given);
                p.setFamilyName("Samtykkesen");
                p.setBirthDate(birth);
                p.setAddressProtection(protection);
                em.persist(p);
                return p;
            }
        }
    }

    /** A small photo, made here. */
    private static ByteArrayInputStream jpeg() throws IOException {
        BufferedImage img = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GREEN);
        g.fillRect(0, 0, 32, 16);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return new ByteArrayInputStream(out.toByteArray());
    }

    private static int status(String path, String token) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://localhost:" + System.getProperty("ranselpost.test.httpPort") + path).openConnection();
        c.setRequestProperty("Authorization", "Bearer " + token);
        c.setConnectTimeout(2000);
        c.setReadTimeout(20000);
        int s = c.getResponseCode();
        try (var in = s < 400 ? c.getInputStream() : c.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        c.disconnect();
        return s;
    }
}
