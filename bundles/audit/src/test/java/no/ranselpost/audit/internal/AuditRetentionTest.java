package no.ranselpost.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditCheckpoint;
import no.ranselpost.audit.api.Seal;
import no.ranselpost.audit.api.VerifyReport;
import no.ranselpost.audit.api.VerifyReport.Kind;
import no.ranselpost.persistence.testing.TestDatabase;

/** Retention of the audit trail: old seals go behind a checkpoint, verify starts from it, tampering after it still shows. */
class AuditRetentionTest {

    @TempDir
    Path data;
    private TestDatabase db;
    private JpaAuditTrail trail;
    private AuditSealer sealer;

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

    /** Three seals of {@code each} records each; returns them oldest first. */
    private List<Seal> threeSeals(int each) throws InterruptedException {
        List<Seal> seals = new java.util.ArrayList<>();
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < each; i++) {
                trail.read(Actor.account(7, "LEADER"), "core.child.read", "child", List.of((long) (s * 100 + i)), null);
            }
            Thread.sleep(5);
            seals.add(sealer.sealNow().orElseThrow());
        }
        return seals;
    }

    private long count(String jpql) {
        return db.transactions().inTransaction(em -> em.createQuery(jpql, Long.class).getSingleResult());
    }

    private Optional<AuditCheckpoint> removeBefore(OffsetDateTime before) {
        return db.transactions().inTransaction(em -> sealer.removeSealedBefore(em, before));
    }

    @Test
    void oldSealsGoBehindACheckpointAndVerifyStaysIntact() throws Exception {
        List<Seal> seals = threeSeals(4);
        assertTrue(sealer.verify().intact());
        // nothing is old enough yet: nothing goes
        assertTrue(removeBefore(seals.get(0).sealedAt().minusSeconds(1)).isEmpty());
        assertEquals(12, count("select count(r) from AuditRecordEntity r"));

        AuditCheckpoint c = removeBefore(OffsetDateTime.now(ZoneOffset.UTC).plusDays(1)).orElseThrow();
        assertEquals(1, c.number());
        assertEquals(2, c.sealsRemoved(), "every old seal but the newest (the published one) goes");
        assertEquals(8, c.recordsRemoved());
        assertEquals(seals.get(1).number(), c.sealNumber());
        assertEquals(4, count("select count(r) from AuditRecordEntity r"), "the old records are gone");
        assertEquals(0, count("select count(o) from AuditObjectEntity o where o.record.sealId is null or o.record.sealId <> "
                + seals.get(2).id()), "and their object rows");
        assertEquals(1, count("select count(s) from AuditSealEntity s"));

        VerifyReport report = sealer.verify();
        assertTrue(report.intact(), () -> "retention is not tampering: " + report.problems());
        assertEquals(1, report.sealsChecked());
        assertEquals(4, report.recordsChecked());

        // a second run right after changes nothing
        assertTrue(removeBefore(OffsetDateTime.now(ZoneOffset.UTC).plusDays(1)).isEmpty());
        assertEquals(1, sealer.latestCheckpoint().orElseThrow().number());

        // the trail goes on: more seals, then a second checkpoint chained to the first
        threeSeals(2);
        AuditCheckpoint second = removeBefore(OffsetDateTime.now(ZoneOffset.UTC).plusDays(1)).orElseThrow();
        assertEquals(2, second.number());
        assertEquals(3, second.sealsRemoved());
        assertTrue(sealer.verify().intact(), () -> sealer.verify().problems().toString());
    }

    @Test
    void aRecordChangedAfterTheCheckpointIsStillReported() throws Exception {
        List<Seal> seals = threeSeals(3);
        removeBefore(OffsetDateTime.now(ZoneOffset.UTC).plusDays(1)).orElseThrow();
        db.transactions().run(em -> em.createQuery("update AuditRecordEntity r set r.action = 'core.child.edit' where r.sealId = :s")
                .setParameter("s", seals.get(2).id()).executeUpdate());
        VerifyReport report = sealer.verify();
        assertFalse(report.intact());
        assertEquals(Kind.EDITED, report.problems().get(0).kind(), report.problems().toString());
    }

    @Test
    void theFirstSealAfterTheCheckpointDeletedOrTheCheckpointEditedIsReported() throws Exception {
        threeSeals(2);
        trail.read(Actor.account(7, "LEADER"), "core.child.read", "child", List.of(1L), null);
        Thread.sleep(5);
        Seal fourth = sealer.sealNow().orElseThrow();
        removeBefore(OffsetDateTime.now(ZoneOffset.UTC).plusDays(1)).orElseThrow();
        // removed three, kept the newest; now cut the oldest kept seal's records and seal out of the middle
        assertEquals(1, count("select count(s) from AuditSealEntity s"));
        db.transactions().run(em -> em.createQuery("update AuditCheckpointEntity c set c.recordsRemoved = 1").executeUpdate());
        VerifyReport edited = sealer.verify();
        assertFalse(edited.intact(), "an edited checkpoint is reported");
        assertEquals(Kind.SEAL_CHAIN_BROKEN, edited.problems().get(0).kind());
        assertEquals(fourth.number(), sealer.latest().orElseThrow().number());
    }

    @Test
    void aSealThatDoesNotVerifyIsKeptSoItsTamperingStaysVisible() throws Exception {
        List<Seal> seals = threeSeals(3);
        db.transactions().run(em -> em.createQuery("update AuditRecordEntity r set r.unitId = 5 where r.sealId = :s")
                .setParameter("s", seals.get(0).id()).executeUpdate());
        assertTrue(removeBefore(OffsetDateTime.now(ZoneOffset.UTC).plusDays(1)).isEmpty(), "nothing goes from a tampered start");
        assertEquals(9, count("select count(r) from AuditRecordEntity r"));
        assertEquals(Kind.EDITED, sealer.verify().problems().get(0).kind());
    }
}
