package no.ranselpost.retention.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.AuditSealer;
import no.ranselpost.audit.internal.JpaAuditTrail;
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
import no.ranselpost.persistence.entity.EmploymentEntity;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.GuardianshipEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.RoleGrantEntity;
import no.ranselpost.persistence.entity.SessionEntity;
import no.ranselpost.persistence.entity.SourceRejectionEntity;
import no.ranselpost.persistence.entity.SourceRunEntity;
import no.ranselpost.persistence.entity.StaffAccountEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.persistence.testing.Configurations;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.retention.api.RetentionActions;
import no.ranselpost.retention.api.RetentionParticipant;
import no.ranselpost.retention.api.RetentionRun;
import no.ranselpost.retention.api.RetentionScope;

/** The job on the real persistence unit, audit trail and access policy: who is due and who is not, counts, idempotence, resumption. */
class RetentionJobTest {

    @TempDir
    Path data;
    private TestDatabase db;
    private MovableClock clock;
    private JpaAuditTrail audit;
    private AuditSealer sealer;
    private RetentionJob job;
    private AuthenticatedPrincipal admin;
    private long unit;
    private static int ids;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        clock = new MovableClock(Instant.parse("2026-12-02T10:00:00Z"));
        OsloClock oslo = new OsloClock(clock);
        audit = new JpaAuditTrail(db.transactions());
        sealer = new AuditSealer(db.transactions());
        sealer.configure(Duration.ZERO, 10_000, data.resolve("audit/latest-seal.txt"));
        RuleBasedAccessPolicy policy = new RuleBasedAccessPolicy(db.transactions(), audit, oslo);
        policy.addDeclaration(new RetentionAccessDeclaration());
        job = new RetentionJob(db.transactions(), policy, audit, sealer, oslo);
        job.settings(Configurations.of(RetentionSettings.class, Map.of()));
        unit = db.transactions().inTransaction(em -> {
            UnitEntity u = new UnitEntity();
            u.setOrgNumber("974760673");
            u.setUnitType(UnitType.KINDERGARTEN);
            u.setName("U");
            em.persist(u);
            em.flush();
            return u.getId();
        });
        admin = staff(Role.SYSTEM_ADMIN);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private LocalDate today() {
        return new OsloClock(clock).today();
    }

    private AuthenticatedPrincipal staff(Role role) {
        long account = db.transactions().inTransaction(em -> {
            StaffAccountEntity a = new StaffAccountEntity();
            a.setUsername("s" + (++ids));
            a.setDisplayName("S");
            a.setPasswordHash("-");
            a.setKind(AccountKind.STAFF);
            a.setCreatedAt(OffsetDateTime.now(ZoneOffset.UTC));
            RoleGrantEntity g = new RoleGrantEntity();
            g.setRole(role);
            g.setUnitId(role == Role.SYSTEM_ADMIN ? null : unit);
            a.addGrant(g);
            em.persist(a);
            em.flush();
            return a.getId();
        });
        RoleGrant grant = role == Role.SYSTEM_ADMIN ? RoleGrant.kommuneWide(role) : RoleGrant.unit(role, unit);
        return new AuthenticatedPrincipal(account, AccountKind.STAFF, "s", "S", null, List.of(grant), 1, Assurance.PASSWORD_AND_TOTP);
    }

    private long person(String given) {
        return db.transactions().inTransaction(em -> {
            PersonEntity p = new PersonEntity();
            p.setNationalId(String.format("%011d", 10_000_000L + (++ids)));
            p.setGivenName(given);
            p.setFamilyName("Testesen");
            p.setAddressProtection(AddressProtection.NONE);
            p.setAddress("Gate 1", "5003", "Bergen");
            p.setMobile("90000000");
            em.persist(p);
            em.flush();
            return p.getId();
        });
    }

    /** A child enrolled from two years ago until {@code endDate} (null: still enrolled). */
    private long child(LocalDate endDate) {
        long c = person("Barn");
        db.transactions().run(em -> {
            EnrolmentEntity e = new EnrolmentEntity();
            e.setChild(em.find(PersonEntity.class, c));
            e.setUnit(em.find(UnitEntity.class, unit));
            e.setStartDate(today().minusYears(2));
            e.setEndDate(endDate);
            em.persist(e);
        });
        return c;
    }

    private void link(long child, long guardian) {
        db.transactions().run(em -> {
            GuardianshipEntity g = new GuardianshipEntity();
            g.setChild(em.find(PersonEntity.class, child));
            g.setGuardian(em.find(PersonEntity.class, guardian));
            g.setRelation(GuardianRelation.MOR);
            g.setResponsibility(ParentalResponsibility.FELLES);
            g.setCurrent(true);
            em.persist(g);
        });
    }

    private long guardianAccount(long person) {
        return db.transactions().inTransaction(em -> {
            StaffAccountEntity a = new StaffAccountEntity();
            a.setUsername("g." + person);
            a.setDisplayName("Mor");
            a.setPasswordHash("-");
            a.setKind(AccountKind.GUARDIAN);
            a.setCreatedAt(OffsetDateTime.now(ZoneOffset.UTC));
            a.setPerson(em.find(PersonEntity.class, person));
            em.persist(a);
            em.flush();
            SessionEntity s = new SessionEntity();
            s.setAccount(a);
            s.setTokenHash("t" + a.getId() + "x".repeat(30));
            s.setCreatedAt(OffsetDateTime.now(ZoneOffset.UTC));
            s.setExpiresAt(OffsetDateTime.now(ZoneOffset.UTC).plusHours(1));
            s.setAssurance("IDPORTEN_LOA_SUBSTANTIAL");
            em.persist(s);
            return a.getId();
        });
    }

    private PersonEntity load(long id) {
        return db.transactions().inTransaction(em -> em.find(PersonEntity.class, id));
    }

    private long count(String jpql) {
        return db.transactions().inTransaction(em -> em.createQuery(jpql, Long.class).getSingleResult());
    }

    @Test
    void aChildWhoLeftMoreThanTheYearAgoIsForgottenOneWhoLeft364DaysAgoStays() {
        long gone = child(today().minusDays(366));
        long exactlyAYear = child(today().minusDays(365));
        long recent = child(today().minusDays(364));
        long current = child(null);
        long future = child(today().minusDays(400));
        db.transactions().run(em -> {
            // the same child comes back: a later enrolment keeps it
            EnrolmentEntity e = new EnrolmentEntity();
            e.setChild(em.find(PersonEntity.class, future));
            e.setUnit(em.find(UnitEntity.class, unit));
            e.setStartDate(today().plusDays(10));
            em.persist(e);
        });

        RetentionRun run = job.run(admin);
        assertEquals("SUCCEEDED", run.status());
        assertEquals(1L, run.counts().get("core.child"), run.counts().toString());

        PersonEntity p = load(gone);
        assertNotNull(p.getAnonymisedAt());
        assertNull(p.getGivenName());
        assertNull(p.getFamilyName());
        assertNull(p.getStreetAddress());
        assertNull(p.getMobile());
        assertEquals(CoreForgetting.anonymousId(gone), p.getNationalId());
        assertEquals(0, count("select count(e) from EnrolmentEntity e where e.child.id = " + gone));
        for (long stays : new long[] {exactlyAYear, recent, current, future}) {
            assertNull(load(stays).getAnonymisedAt(), "child " + stays + " stays");
            assertEquals("Barn", load(stays).getGivenName());
        }
    }

    @Test
    void aGuardianGoesWithTheirLastChildButStaysWhileAnotherChildRemains() {
        long leftA = child(today().minusDays(500));
        long leftB = child(today().minusDays(400));
        long stays = child(null);
        long onlyChildren = person("Mor");
        link(leftA, onlyChildren);
        link(leftB, onlyChildren);
        long account = guardianAccount(onlyChildren);
        long withAnother = person("Far");
        link(leftA, withAnother);
        link(stays, withAnother);
        long employed = person("Ansatt");
        link(leftB, employed);
        db.transactions().run(em -> {
            EmploymentEntity m = new EmploymentEntity();
            m.setPerson(em.find(PersonEntity.class, employed));
            m.setUnit(em.find(UnitEntity.class, unit));
            m.setStartDate(today().minusYears(1));
            em.persist(m);
        });

        RetentionRun run = job.run(admin);
        assertEquals(2L, run.counts().get("core.child"));
        assertEquals(1L, run.counts().get("core.guardian"));
        assertNotNull(load(onlyChildren).getAnonymisedAt(), "no child of theirs remains");
        assertNull(load(withAnother).getAnonymisedAt(), "a current child remains");
        assertEquals("Far", load(withAnother).getGivenName());
        assertNull(load(employed).getAnonymisedAt(), "staff stay");
        assertEquals(1, count("select count(g) from GuardianshipEntity g where g.guardian.id = " + withAnother),
                "the link to the child who remains stays");
        StaffAccountEntity a = db.transactions().inTransaction(em -> em.find(StaffAccountEntity.class, account));
        assertTrue(a.isDisabled());
        assertEquals("anonymised." + account, a.getUsername());
        assertNull(a.getPerson());
        assertEquals(0, count("select count(s) from SessionEntity s where s.account.id = " + account));
    }

    @Test
    void countsGoToTheAuditTrailWithoutPersonalDataAndASecondRunDoesNothing() {
        long c = child(today().minusDays(800));
        long g = person("Mor");
        link(c, g);
        RetentionRun first = job.run(admin);
        assertEquals("SUCCEEDED", first.status());
        List<Object[]> records = db.transactions().inTransaction(em -> em.createQuery(
                "select r.objectType, r.reason, r.objectIds, r.principal from AuditRecordEntity r where r.action = :a", Object[].class)
                .setParameter("a", RetentionActions.DELETED).getResultList());
        assertFalse(records.isEmpty());
        for (Object[] r : records) {
            assertTrue(((String) r[1]).startsWith("count:"), (String) r[1]);
            assertEquals(String.valueOf(first.id()), r[2], "the record names the run, not a person");
            assertEquals("account:" + admin.accountId(), r[3]);
        }
        assertTrue(records.stream().anyMatch(r -> "core.child".equals(r[0]) && "count:1".equals(r[1])));
        assertTrue(records.stream().anyMatch(r -> "core.guardianship".equals(r[0])));

        RetentionRun second = job.run(admin);
        assertEquals("SUCCEEDED", second.status());
        assertTrue(second.counts().isEmpty(), () -> "nothing left to do: " + second.counts());
        assertEquals(2, job.runs(admin, 10).size());
        assertEquals(second.id(), job.runs(admin, 10).get(0).id(), "newest first");
    }

    @Test
    void anInterruptedRunRollsItsBatchBackAndTheNextRunFinishesIt() {
        long c = child(today().minusDays(800));
        RetentionParticipant failing = new RetentionParticipant() {
            @Override
            public String capability() {
                return "failing";
            }

            @Override
            public Map<String, Long> forget(EntityManager em, RetentionScope scope) {
                em.createQuery("delete from EnrolmentEntity e where e.child.id in :c").setParameter("c", List.copyOf(scope.childIds()))
                        .executeUpdate();
                throw new IllegalStateException("the node stopped");
            }
        };
        job.addParticipant(failing);
        RetentionRun broken = job.run(admin);
        assertEquals("FAILED", broken.status());
        assertNull(load(c).getAnonymisedAt());
        assertEquals(1, count("select count(e) from EnrolmentEntity e where e.child.id = " + c), "the batch rolled back whole");

        job.removeParticipant(failing);
        RetentionRun again = job.run(admin);
        assertEquals("SUCCEEDED", again.status());
        assertNotNull(load(c).getAnonymisedAt());
    }

    @Test
    void participantsGetTheBatchAndTheirCountsAreRecorded() {
        long c = child(today().minusDays(800));
        long g = person("Mor");
        link(c, g);
        long account = guardianAccount(g);
        RetentionScope[] seen = new RetentionScope[1];
        job.addParticipant(new RetentionParticipant() {
            @Override
            public String capability() {
                return "testcap";
            }

            @Override
            public Map<String, Long> forget(EntityManager em, RetentionScope scope) {
                seen[0] = scope;
                return Map.of("testcap.note", 3L, "testcap.empty", 0L);
            }
        });
        RetentionRun run = job.run(admin);
        assertEquals(List.of(c), List.copyOf(seen[0].childIds()));
        assertEquals(List.of(g), List.copyOf(seen[0].personIds()));
        assertEquals(List.of(account), List.copyOf(seen[0].accountIds()));
        assertEquals(3L, run.counts().get("testcap.note"));
        assertFalse(run.counts().containsKey("testcap.empty"));
    }

    @Test
    void oldSessionsRejectionsAndAuditRecordsGoByAge() throws Exception {
        long s = person("Ansatt");
        long account = guardianAccount(s);
        long run = db.transactions().inTransaction(em -> {
            SourceRunEntity r = new SourceRunEntity();
            r.setSourceId("hr");
            r.setStartedAt(OffsetDateTime.now(ZoneOffset.UTC));
            r.setStatus("PARTIAL");
            em.persist(r);
            em.flush();
            SourceRejectionEntity j = new SourceRejectionEntity();
            j.setRunId(r.getId());
            j.setRecordKey("row-2");
            j.setReason("invalid");
            em.persist(j);
            return r.getId();
        });
        audit.read(no.ranselpost.audit.api.Actor.account(1, "LEADER"), "core.child.read", "child", List.of(1L), null);
        Thread.sleep(5);
        sealer.sealNow().orElseThrow();
        audit.read(no.ranselpost.audit.api.Actor.account(1, "LEADER"), "core.child.read", "child", List.of(2L), null);
        Thread.sleep(5);
        sealer.sealNow().orElseThrow();

        assertTrue(job.run(admin).counts().isEmpty(), "nothing is old yet");
        clock.advance(Duration.ofDays(400));
        RetentionRun later = job.run(admin);
        assertEquals(1L, later.counts().get("identity.session"), later.counts().toString());
        assertEquals(1L, later.counts().get("imports.rejection"));
        assertEquals(0, count("select count(x) from SessionEntity x where x.account.id = " + account));
        assertEquals(0, count("select count(j) from SourceRejectionEntity j where j.runId = " + run));

        clock.advance(Duration.ofDays(5 * 366));
        while (sealer.sealNow().isPresent()) {
            // seal the runs' records
        }
        RetentionRun fiveYears = job.run(admin);
        assertTrue(fiveYears.counts().get("audit.record") >= 2, fiveYears.counts().toString());
        assertTrue(sealer.verify().intact(), () -> sealer.verify().problems().toString());
        assertTrue(sealer.latestCheckpoint().isPresent());
    }

    @Test
    void onlyTheSystemAdministratorRunsOrReadsRetention() {
        AuthenticatedPrincipal unitAdmin = staff(Role.UNIT_ADMIN);
        assertThrows(AccessDeniedException.class, () -> job.run(unitAdmin));
        assertThrows(AccessDeniedException.class, () -> job.runs(unitAdmin, 5));
        assertEquals(0, count("select count(r) from RetentionRunEntity r"));
        assertTrue(count("select count(r) from AuditRecordEntity r where r.outcome = 'DENIED'") >= 2, "each denial recorded");
    }

    @Test
    void countsAreCodesWithoutFiveDigitsInARow() {
        assertEquals("count:7", RetentionJob.countCode(7));
        assertEquals("count:999", RetentionJob.countCode(999));
        assertEquals("count:1.000", RetentionJob.countCode(1000));
        assertEquals("count:12.345", RetentionJob.countCode(12_345));
        assertEquals("count:1.234.567", RetentionJob.countCode(1_234_567));
        assertTrue(no.ranselpost.audit.api.AuditCodes.isCode(RetentionJob.countCode(98_765_432)));
    }

    /** A clock the test moves. */
    static final class MovableClock extends java.time.Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return OsloClock.ZONE;
        }

        @Override
        public java.time.Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /**
     * Two nodes on one database: while one node's run holds the retention lease, the other's
     * is refused (409) and leaves that run alone (not marked interrupted); once it is released the
     * other node runs, and a run its dead holder left RUNNING is then interrupted.
     */
    @Test
    void onlyTheNodeHoldingTheLeaseRunsRetention() throws Exception {
        OsloClock oslo = new OsloClock(clock);
        RuleBasedAccessPolicy policy = new RuleBasedAccessPolicy(db.transactions(), audit, oslo);
        policy.addDeclaration(new RetentionAccessDeclaration());
        no.ranselpost.persistence.internal.ShedLockLeases nodeA = new no.ranselpost.persistence.internal.ShedLockLeases(db.dataSource(),
                db.transactions(), "node-a", Duration.ofSeconds(30));
        no.ranselpost.persistence.internal.ShedLockLeases nodeB = new no.ranselpost.persistence.internal.ShedLockLeases(db.dataSource(),
                db.transactions(), "node-b", Duration.ofSeconds(30));
        RetentionJob onB = new RetentionJob(db.transactions(), policy, audit, sealer, oslo, nodeB);
        onB.settings(Configurations.of(RetentionSettings.class, Map.of()));
        java.util.concurrent.atomic.AtomicReference<Throwable> refused = new java.util.concurrent.atomic.AtomicReference<>();
        // node a is in the middle of a run: its lease held, its run RUNNING
        nodeA.run(RetentionJob.LEASE, lease -> {
            db.transactions().run(em -> {
                no.ranselpost.persistence.entity.RetentionRunEntity r = new no.ranselpost.persistence.entity.RetentionRunEntity();
                r.setStartedAt(clock.instant().atOffset(java.time.ZoneOffset.UTC));
                r.setStatus("RUNNING");
                r.setTrigger("SCHEDULE");
                r.setStartedBy("system:retention");
                em.persist(r);
            });
            try {
                onB.run(admin);
            } catch (Throwable t) {
                refused.set(t);
            }
            assertEquals(1L, (long) db.transactions().inTransaction(em -> em.createQuery(
                    "select count(r) from RetentionRunEntity r where r.status = 'RUNNING'", Long.class).getSingleResult()),
                    "node a's run is left alone");
        });
        assertTrue(refused.get() instanceof no.ranselpost.core.api.ConflictException, String.valueOf(refused.get()));
        // node a died without finishing its run (its lease now free): node b runs, and the run left RUNNING is interrupted
        RetentionRun run = onB.run(admin);
        assertEquals("SUCCEEDED", run.status());
        assertEquals(1L, (long) db.transactions().inTransaction(em -> em.createQuery(
                "select count(r) from RetentionRunEntity r where r.status = 'INTERRUPTED'", Long.class).getSingleResult()));
    }
}
