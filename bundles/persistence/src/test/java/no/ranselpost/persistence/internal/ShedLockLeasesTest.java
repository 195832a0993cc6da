package no.ranselpost.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import no.ranselpost.persistence.api.Leases;
import no.ranselpost.persistence.testing.TestDatabase;

/** Two nodes' lease services on one (migrated) database. */
class ShedLockLeasesTest {

    private final TestDatabase db = new TestDatabase();
    private final ShedLockLeases a = new ShedLockLeases(db.dataSource(), db.transactions(), "node-a", Duration.ofSeconds(3));
    private final ShedLockLeases b = new ShedLockLeases(db.dataSource(), db.transactions(), "node-b", Duration.ofSeconds(3));

    @AfterEach
    void close() {
        a.deactivate();
        b.deactivate();
        db.close();
    }

    @Test
    void oneNodeHoldsALeaseAtATimeAndReleasesItWhenItsWorkEnds() throws Exception {
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> a.run("audit-sealer", lease -> {
            taken.countDown();
            try {
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        t.start();
        assertTrue(taken.await(10, TimeUnit.SECONDS));
        assertFalse(b.run("audit-sealer", lease -> {
            throw new AssertionError("b ran while a held the lease");
        }), "b does not get what a holds");
        assertTrue(b.run("retention", lease -> { }), "another lease is another name");
        List<Leases.Holder> holders = b.holders();
        assertEquals(1, holders.size(), holders.toString());
        assertEquals("node-a", holders.get(0).node());
        done.countDown();
        t.join(10_000);
        assertEquals(Optional.of(7), b.holding("audit-sealer", lease -> 7), "released when a's work returned");
        assertTrue(b.holders().isEmpty());
    }

    @Test
    void aLeaseIsRenewedWhileItsWorkRunsLongerThanItsTimeToLive() throws Exception {
        AtomicBoolean stillHeld = new AtomicBoolean();
        AtomicBoolean bGotIt = new AtomicBoolean();
        a.run("import:freg", lease -> {
            long end = System.nanoTime() + Duration.ofSeconds(7).toNanos();
            while (System.nanoTime() < end) {
                bGotIt.compareAndSet(false, b.run("import:freg", l -> { }));
                sleep(250);
            }
            stillHeld.set(lease.held());
        });
        assertTrue(stillHeld.get(), "renewed every third of the time to live");
        assertFalse(bGotIt.get(), "never taken over while renewed");
    }

    @Test
    void aLeaseOfANodeThatStoppedRenewingIsTakenOverAfterItsTimeToLive() throws Exception {
        // what a node killed with kill -9 leaves: its row, renewed no more
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO RP_LEASE (NAME, LOCK_UNTIL, LOCKED_AT, LOCKED_BY) VALUES (?, ?, ?, ?)")) {
            s.setString(1, "retention");
            s.setTimestamp(2, Timestamp.from(Instant.now().plusSeconds(2)));
            s.setTimestamp(3, Timestamp.from(Instant.now()));
            s.setString(4, "dead-node");
            s.executeUpdate();
        }
        assertFalse(b.run("retention", l -> { }), "still within the dead node's time to live");
        sleep(2500);
        assertTrue(b.run("retention", l -> assertTrue(l.held())), "taken over once it ran out");
    }

    @Test
    void aNodeWhoseLeaseRanOutLearnsItHasLostIt() throws Exception {
        AtomicBoolean held = new AtomicBoolean(true);
        a.run("import:hr", lease -> {
            // a pause longer than the time to live, as if the renewals stalled: another node takes it
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement s = c.prepareStatement("UPDATE RP_LEASE SET LOCK_UNTIL = ?, LOCKED_BY = 'node-b' WHERE NAME = 'import:hr'")) {
                s.setTimestamp(1, Timestamp.from(Instant.now().plusSeconds(30)));
                s.executeUpdate();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            sleep(1500);
            held.set(lease.held());
        });
        assertFalse(held.get(), "the renewal found another holder");
        assertEquals("node-b", b.holders().get(0).node(), "and a did not release b's lease");
    }

    @Test
    void aNodeRestartedUnderItsNameReleasesWhatItHeldBeforeItStopped() throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO RP_LEASE (NAME, LOCK_UNTIL, LOCKED_AT, LOCKED_BY) VALUES (?, ?, ?, ?)")) {
            s.setString(1, "import:enrolment");
            s.setTimestamp(2, Timestamp.from(Instant.now().plusSeconds(60)));
            s.setTimestamp(3, Timestamp.from(Instant.now()));
            s.setString(4, "node-c");
            s.executeUpdate();
        }
        assertFalse(b.run("import:enrolment", l -> { }), "node c's lease, killed with it");
        ShedLockLeases restarted = new ShedLockLeases(db.dataSource(), db.transactions(), "node-c", Duration.ofSeconds(3));
        try {
            assertTrue(b.holders().isEmpty(), "released at its start");
            assertTrue(restarted.run("import:enrolment", l -> { }));
        } finally {
            restarted.deactivate();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
