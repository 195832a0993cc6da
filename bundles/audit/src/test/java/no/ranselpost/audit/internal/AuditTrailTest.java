package no.ranselpost.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditActions;
import no.ranselpost.audit.api.AuditCodes;
import no.ranselpost.audit.api.AuditRecord;
import no.ranselpost.audit.api.Outcome;
import no.ranselpost.audit.api.Seal;
import no.ranselpost.audit.api.VerifyReport;
import no.ranselpost.core.api.CoreActions;
import no.ranselpost.core.api.identity.IdentityActions;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.persistence.testing.TestDatabase;

class AuditTrailTest {

    @TempDir
    Path data;
    private TestDatabase db;
    private JpaAuditTrail trail;
    private AuditSealer sealer;
    private final Actor leader = Actor.account(7, "LEADER");

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        trail = new JpaAuditTrail(db.transactions());
        sealer = new AuditSealer(db.transactions());
        sealer.configure(Duration.ZERO, 10_000, data.resolve("audit/latest-seal.txt"));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private long records() {
        return db.transactions().inTransaction(em -> em.createQuery("select count(r) from AuditRecordEntity r", Long.class).getSingleResult());
    }

    private long createUnit(String org) {
        return db.transactions().inTransaction(em -> {
            UnitEntity u = new UnitEntity();
            u.setOrgNumber(org);
            u.setUnitType(no.ranselpost.core.api.UnitType.SCHOOL);
            u.setName("U");
            em.persist(u);
            em.flush();
            trail.change(em, leader, "unit.create", "unit", u.getId(), u.getId(), null);
            return u.getId();
        });
    }

    @Test
    void aChangeCommitsWithItsRecordAndARolledBackChangeLeavesNone() {
        long unit = createUnit("964338531");
        assertEquals(1, records());
        assertEquals(Outcome.CHANGED, trail.aboutObject(unit, null, null, null, 10).get(0).outcome());

        assertThrows(IllegalStateException.class, () -> db.transactions().run(em -> {
            UnitEntity u = em.find(UnitEntity.class, unit);
            u.setName("Renamed");
            trail.change(em, leader, "unit.rename", "unit", unit, unit, null);
            em.flush();
            throw new IllegalStateException("the change fails after its record was written");
        }));
        assertEquals(1, records(), "no record of a change that rolled back");
        assertEquals("U", db.transactions().inTransaction(em -> em.find(UnitEntity.class, unit).getName()));
    }

    @Test
    void aDenialIsRecordedThoughNothingChangedAndItsCallerRollsBack() {
        assertThrows(IllegalStateException.class, () -> db.transactions().run(em -> {
            trail.denial(leader, "child.read", "child", List.of(42L), 3L, "not-in-scope");
            throw new IllegalStateException("the caller's own transaction fails");
        }));
        AuditRecord r = trail.aboutObject(42, null, null, null, 10).get(0);
        assertEquals(Outcome.DENIED, r.outcome());
        assertEquals("not-in-scope", r.reason());
        assertEquals("account:7", r.principal());
    }

    @Test
    void aReadIsOneRecordListingTheChildIdsReturned() {
        trail.read(leader, "group.children.read", "child", List.of(5L, 3L, 4L, 3L), 9L);
        assertEquals(1, records());
        AuditRecord r = trail.byPrincipal("account:7", null, null, null, 10).get(0);
        assertEquals(List.of(3L, 4L, 5L), r.objectIds());
        assertEquals(1, trail.aboutObject(4, null, null, Set.of(9L), 10).size());
        assertEquals(0, trail.aboutObject(4, null, null, Set.of(8L), 10).size(), "another unit's admin does not see it");
        OffsetDateTime later = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1);
        assertEquals(0, trail.aboutObject(4, later, null, null, 10).size());
    }

    @Test
    void aNationalIdOrANameIsNeverACode() {
        for (String bad : List.of("27850998855", "12345", "child-12345", "Kari.Nordmann", "Kari", "kari nordmann", "Nordmann",
                "KARI.NORDMANN", "", "a".repeat(101), "æøå", "reason\n", "account:27850998855x")) {
            assertFalse(AuditCodes.isCode(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> trail.denial(leader, "child.read", "child", List.of(), null, bad), bad);
        }
        for (String bad : List.of("Kari.Nordmann", "27850998855", "account:", "account:abc", "account:1 2", "system:Kari.Nordmann",
                "system:27850998855", "user:7", "ANONYMOUS")) {
            assertThrows(IllegalArgumentException.class, () -> new Actor(bad, "LEADER"), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new Actor("account:7", "Kari.Nordmann"));
        assertEquals(0, records());
    }

    /** Every kind of code the product writes (grep of AuditCodes.require, Actor and audit.change/read/denial). */
    @Test
    void everyCodeTheProductWritesIsACode() {
        List<String> codes = List.of(
                // action ids (Action.ID) and the older action codes
                CoreActions.CHILD_READ, CoreActions.GROUP_CHILDREN_READ, CoreActions.OWN_CHILDREN_READ, CoreActions.GUARDIAN_BLOCK,
                CoreActions.GUARDIAN_UNBLOCK, CoreActions.GUARDIAN_ACCESS_ACTIVATE, CoreActions.GUARDIAN_ACCESS_DEACTIVATE,
                "imports.source.run", "imports.source.reset", "imports.source.upload", AuditActions.QUERY, AuditActions.SEAL,
                IdentityActions.SIGN_OUT, "unknown", "SIGN_IN", "IMPORT", "ACCOUNT_CREATE", "DEMO_LOAD", "LOAD_TEST",
                // roles
                "NONE", "LEADER", "SYSTEM_JOB", "SELF", "SYSTEM_ADMIN+LEADER", "EMPLOYEE+SUBSTITUTE+UNIT_ADMIN",
                // every staff role at once (a guardian session never carries one; SYSTEM_JOB is never granted)
                String.join("+", java.util.Arrays.stream(no.ranselpost.core.api.Role.values())
                        .filter(r -> r != no.ranselpost.core.api.Role.GUARDIAN && r != no.ranselpost.core.api.Role.SYSTEM_JOB)
                        .map(Enum::name).sorted().toList()),
                // object types
                "child", "session", "staff-account", "source-run", "source-state", "source", "guardian-block", "guardian-unit-access",
                "guardian-account", "unit", "group", "person",
                // reasons, source ids
                "guardian-asked", "court-order", "inactive:no-current-link", "confidential-address", "not-in-scope", "role-not-allowed",
                "assurance-too-low", "setting-off", "reason-missing", "unknown-action", "no-rule", "bad-credentials-locked",
                "second-factor-wrong", "updated", "id-replaced", "PASSWORD_AND_TOTP", "INTEGRATION_BASIC", "freg", "demo-registry", "hr-2024");
        for (String code : codes) {
            assertEquals(code, AuditCodes.require("code", code));
        }
        for (String principal : List.of("anonymous", "account:7", "account:123456", "account:987654321012", "system:import-pickup",
                "system:import.freg", "system:demo", "system:test")) {
            assertEquals(principal, new Actor(principal, "SYSTEM_JOB").principal());
        }
        trail.read(Actor.account(1234567, "SYSTEM_ADMIN+UNIT_ADMIN"), "core.child.read", "child", List.of(27850998855L), 123456L,
                "confidential-address");
        assertEquals(1, trail.byPrincipal("account:1234567", null, null, null, 10).size(), "ids stay in the principal and id fields");
    }

    @Test
    void recordsHoldCodesNeverFreeText() {
        assertThrows(IllegalArgumentException.class, () -> trail.denial(leader, "child.read", "child", List.of(), null, "Kari Nordmann"));
        assertThrows(IllegalArgumentException.class, () -> trail.read(leader, "read child 27850998855!", "child", List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> new Actor("Kari Nordmann", "LEADER"));
        assertEquals(0, records());
    }

    private void writeSome(int n) {
        for (int i = 0; i < n; i++) {
            trail.read(leader, "child.read", "child", List.of((long) i), 1L);
        }
    }

    private List<Long> recordIds() {
        return db.transactions().inTransaction(em -> em.createQuery("select r.id from AuditRecordEntity r order by r.id", Long.class)
                .getResultList());
    }

    private void sql(String statement) {
        db.transactions().run(em -> em.createNativeQuery(statement).executeUpdate());
    }

    @Test
    void anUntouchedTrailVerifies() {
        writeSome(5);
        Seal first = sealer.sealNow().orElseThrow();
        writeSome(3);
        Seal second = sealer.sealNow().orElseThrow();
        assertEquals(first.hash(), second.previousHash());
        assertEquals(first.number() + 1, second.number());
        assertTrue(first.lastRecordId() < second.firstRecordId());
        writeSome(2);
        VerifyReport report = sealer.verify();
        assertTrue(report.intact(), report.problems().toString());
        assertEquals(2, report.sealsChecked());
        assertEquals(8, report.recordsChecked());
        assertEquals(2, report.unsealedRecords());
        assertTrue(sealer.sealNow().isPresent());
        assertTrue(sealer.sealNow().isEmpty(), "nothing left to seal");
    }

    @Test
    void reportsAnEditedRecord() {
        writeSome(6);
        sealer.sealNow();
        long victim = recordIds().get(2);
        sql("UPDATE RP_AUDIT_RECORD SET PRINCIPAL = 'account:99' WHERE ID = " + victim);
        VerifyReport report = sealer.verify();
        assertFalse(report.intact());
        assertEquals(VerifyReport.Kind.EDITED, report.problems().get(0).kind());
    }

    @Test
    void reportsARecordDeletedInTheMiddle() {
        writeSome(6);
        sealer.sealNow();
        writeSome(4);
        sealer.sealNow();
        long victim = recordIds().get(2);
        sql("DELETE FROM RP_AUDIT_OBJECT WHERE RECORD_ID = " + victim);
        sql("DELETE FROM RP_AUDIT_RECORD WHERE ID = " + victim);
        VerifyReport report = sealer.verify();
        assertFalse(report.intact());
        assertEquals(1, report.problems().size(), report.problems().toString());
        assertEquals(VerifyReport.Kind.DELETED, report.problems().get(0).kind());
    }

    @Test
    void reportsRecordsCutFromTheEnd() {
        writeSome(6);
        sealer.sealNow();
        List<Long> ids = recordIds();
        long newest = ids.get(ids.size() - 1);
        sql("DELETE FROM RP_AUDIT_OBJECT WHERE RECORD_ID = " + newest);
        sql("DELETE FROM RP_AUDIT_RECORD WHERE ID = " + newest);
        VerifyReport report = sealer.verify();
        assertFalse(report.intact());
        assertEquals(VerifyReport.Kind.CUT_FROM_END, report.problems().get(0).kind());
    }

    @Test
    void reportsSealsAndRecordsCutFromTheEndAgainstThePublishedSeal() {
        writeSome(4);
        sealer.sealNow();
        writeSome(4);
        Seal newest = sealer.sealNow().orElseThrow();
        // the cut includes the newest seal itself, so the table alone looks consistent
        sql("DELETE FROM RP_AUDIT_SEAL WHERE ID = " + newest.id());
        sql("DELETE FROM RP_AUDIT_OBJECT WHERE RECORD_ID >= " + newest.firstRecordId());
        sql("DELETE FROM RP_AUDIT_RECORD WHERE ID >= " + newest.firstRecordId());
        VerifyReport report = sealer.verify();
        assertFalse(report.intact());
        assertTrue(report.problems().stream().anyMatch(p -> p.kind() == VerifyReport.Kind.CUT_FROM_END), report.problems().toString());
    }

    /**
     * Two nodes (two persistence units on one database) allocate ids in blocks of 100: node A's
     * record commits with a lower id than node B's records that were sealed before it.
     */
    @Test
    void aRecordCommittedAfterASealThatCoversLaterIdsIsChainedByTheNextSealAndItsDeletionIsReported() {
        try (TestDatabase nodeB = new TestDatabase(db.dataSource(), ds -> ds, TestDatabase.Schema.NONE)) {
            JpaAuditTrail trailB = new JpaAuditTrail(nodeB.transactions());
            writeSome(1); // node A takes its block of ids
            for (int i = 0; i < 3; i++) {
                trailB.read(leader, "child.read", "child", List.of(100L + i), 1L); // node B: ids after A's block
            }
            Seal first = sealer.sealNow().orElseThrow();
            assertEquals(4, first.count());
            // node A's next record: an id below those already sealed, committed after the seal
            trail.read(leader, "child.read", "child", List.of(42L), 1L);
            long late = trail.aboutObject(42, null, null, null, 1).get(0).id();
            assertTrue(late < first.lastRecordId(), late + " is below the sealed " + first.lastRecordId());
            trailB.read(leader, "child.read", "child", List.of(200L), 1L);

            Seal second = sealer.sealNow().orElseThrow();
            assertEquals(2, second.count(), "the late record and the newer one");
            assertEquals(first.hash(), second.previousHash());
            assertEquals(late, second.firstRecordId());
            VerifyReport intact = sealer.verify();
            assertTrue(intact.intact(), intact.problems().toString());
            assertEquals(0, intact.unsealedRecords(), "no record is left unsealed");
            assertEquals(6, intact.recordsChecked());

            sql("DELETE FROM RP_AUDIT_OBJECT WHERE RECORD_ID = " + late);
            sql("DELETE FROM RP_AUDIT_RECORD WHERE ID = " + late);
            VerifyReport report = sealer.verify();
            assertFalse(report.intact());
            assertEquals(1, report.problems().size(), report.problems().toString());
            assertEquals(VerifyReport.Kind.DELETED, report.problems().get(0).kind());
            assertEquals(second.id(), report.problems().get(0).sealId());
        }
    }

    @Test
    void aRecordOlderThanTheMarginThatCommitsLateIsNotPassedOver() {
        sealer.configure(Duration.ofMinutes(5), 10_000, data.resolve("audit/latest-seal.txt"));
        writeSome(2);
        // a young record: waits for the margin
        assertTrue(sealer.sealNow().isEmpty());
        // as if both had been written long ago (a long transaction committing now)
        sql("UPDATE RP_AUDIT_RECORD SET RECORDED_AT = {ts '2020-01-01 00:00:00'}");
        Seal seal = sealer.sealNow().orElseThrow();
        assertEquals(2, seal.count());
        assertTrue(sealer.verify().intact());
    }

    @Test
    void reportsAMissingPublishedSeal() throws Exception {
        assertTrue(sealer.verify().intact(), "no seal yet: nothing has to be published");
        writeSome(3);
        sealer.sealNow().orElseThrow();
        assertTrue(sealer.verify().intact());
        java.nio.file.Files.delete(data.resolve("audit/latest-seal.txt"));
        VerifyReport report = sealer.verify();
        assertFalse(report.intact());
        assertEquals(VerifyReport.Kind.PUBLISHED_SEAL_MISSING, report.problems().get(0).kind(), report.problems().toString());
    }

    @Test
    void reportsRecordsOfADeletedSeal() {
        writeSome(3);
        Seal first = sealer.sealNow().orElseThrow();
        writeSome(3);
        sealer.sealNow().orElseThrow();
        sql("DELETE FROM RP_AUDIT_SEAL WHERE ID = " + first.id());
        VerifyReport report = sealer.verify();
        assertFalse(report.intact());
        assertTrue(report.problems().stream().allMatch(p -> p.kind() == VerifyReport.Kind.SEAL_CHAIN_BROKEN), report.problems().toString());
    }

    @Test
    void parallelWritersLoseNoRecordAndSealsLeaveNoGap() throws Exception {
        int writers = 8;
        int each = 300;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        sealer.configure(Duration.ofMillis(300), 50, data.resolve("audit/latest-seal.txt"));
        Future<Integer> sealing = pool.submit(() -> {
            int seals = 0;
            while (writing.get()) {
                if (sealer.sealNow().isPresent()) {
                    seals++;
                }
                Thread.sleep(20);
            }
            return seals;
        });
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            final long writer = w;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    trail.read(Actor.account(writer, "EMPLOYEE"), "child.read", "child", List.of(writer * 1000 + i), 1L);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        writing.set(false);
        int sealsWhileWriting = sealing.get();
        pool.shutdown();
        sealer.configure(Duration.ZERO, 10_000, data.resolve("audit/latest-seal.txt"));
        sealer.sealNow();
        VerifyReport report = sealer.verify();
        assertTrue(report.intact(), report.problems().toString());
        assertEquals((long) writers * each, records(), "no record lost");
        assertEquals((long) writers * each, report.recordsChecked(), "every record is in a seal");
        assertEquals(0, report.unsealedRecords());
        assertTrue(sealsWhileWriting > 0, "sealing ran while the writers appended");
    }
}
