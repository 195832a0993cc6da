package no.ranselpost.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.VerifyReport;
import no.ranselpost.persistence.testing.TestDatabase;

/**
 * Derby's online backup under write load restores (the backup's directory opened as the
 * database) to a trail that verifies against the seal published at the backup's time, and is
 * told apart from the live trail's newer seal.
 */
class DatabaseBackupTest {

    @TempDir
    Path dir;

    @Test
    void anOnlineBackupTakenUnderWritesRestoresToATrailThatVerifiesAgainstItsSeal() throws Exception {
        EmbeddedDataSource live = new EmbeddedDataSource();
        live.setDatabaseName(dir.resolve("db/ranselpost").toString());
        live.setCreateDatabase("create");
        Path sealFile = dir.resolve("data/audit/latest-seal.txt");
        long recordsAtBackup;
        DatabaseBackup.Result result;
        try (TestDatabase db = new TestDatabase(live, ds -> ds, TestDatabase.Schema.MIGRATED)) {
            JpaAuditTrail trail = new JpaAuditTrail(db.transactions());
            AuditSealer sealer = new AuditSealer(db.transactions());
            sealer.configure(Duration.ZERO, 10_000, sealFile);
            Actor actor = Actor.systemJob("backup-test");
            for (int i = 0; i < 200; i++) {
                long id = i;
                db.transactions().run(em -> trail.change(em, actor, "test.change", "thing", id, null, null));
            }
            assertTrue(sealer.sealNow().isPresent());
            // writers and the sealer go on while the backup is taken
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                while (!stop.get()) {
                    long id = 1000 + written.incrementAndGet();
                    db.transactions().run(em -> trail.change(em, actor, "test.change", "thing", id, null, null));
                    if (id % 50 == 0) {
                        sealer.sealNow();
                    }
                }
            });
            writer.start();
            Thread.sleep(300);
            result = new DatabaseBackup(db.dataSource(), db.transactions(), trail, sealFile).backup(dir.resolve("backup-1"), actor);
            Thread.sleep(300);
            stop.set(true);
            writer.join(10_000);
            assertTrue(written.get() > 0, "written during the backup");
            recordsAtBackup = written.get();
            // what was written after the backup is sealed on the live trail: a seal the backup cannot hold
            db.transactions().run(em -> trail.change(em, actor, "test.change", "thing", 1, null, null));
            assertTrue(sealer.sealNow().isPresent());
            assertTrue(sealer.verify().intact(), "the live trail verifies");
        }
        assertTrue(Files.isRegularFile(result.directory().resolve(DatabaseBackup.SEAL_COPY)), "the seal of the backup's time is in it");
        assertFalse(result.seal().isEmpty());
        assertTrue(Files.readString(result.directory().resolve("backup.txt")).contains("database=Apache Derby"));

        // restore: the backup's copy opened as a database, verified against the backup's seal
        EmbeddedDataSource restored = new EmbeddedDataSource();
        restored.setDatabaseName(result.database().toString());
        try (TestDatabase db = new TestDatabase(restored, ds -> ds, TestDatabase.Schema.MIGRATED)) {
            AuditSealer sealer = new AuditSealer(db.transactions());
            sealer.configure(Duration.ZERO, 10_000, result.directory().resolve(DatabaseBackup.SEAL_COPY));
            VerifyReport report = sealer.verify();
            assertTrue(report.intact(), report.problems().toString());
            long records = db.transactions().inTransaction(em -> em.createQuery("select count(r) from AuditRecordEntity r", Long.class)
                    .getSingleResult());
            assertTrue(records >= 200 && records < 200 + recordsAtBackup + 1, records + " records restored");
            // the live trail's newer published seal is not in the backup: a cut at the end, told as such
            sealer.configure(Duration.ZERO, 10_000, sealFile);
            VerifyReport against = sealer.verify();
            System.out.println("[backup] restored " + records + " records; against the live seal: " + against.problems());
            assertFalse(against.intact(), "the live seal is newer than the backup: told as a cut at the end");
        }
    }
}
