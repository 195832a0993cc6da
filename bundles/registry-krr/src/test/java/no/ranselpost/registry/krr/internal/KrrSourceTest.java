package no.ranselpost.registry.krr.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.entity.ContactRegistrationEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.internal.JpaSourceRunHistory;
import no.ranselpost.persistence.internal.JpaSourceStateStore;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.imports.internal.ImportEngine;

/**
 * The KRR source against a fake KRR over real HTTP, applied by the real import engine on the
 * real persistence unit, with guardians that a population register source in memory brings.
 */
class KrrSourceTest {

    private static final AuthenticatedPrincipal SYSADMIN = new AuthenticatedPrincipal(1, no.ranselpost.core.api.identity.AccountKind.STAFF,
            "sys", "Sys", null, List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), 1, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return OsloClock.ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final MovableClock time = new MovableClock();
    private final OsloClock clock = new OsloClock(time);
    // the schema as the entities map it (SchemaMigrationTest holds it equal to the migrated one): quicker to make
    private final TestDatabase db = new TestDatabase(ds -> ds, TestDatabase.Schema.FROM_ENTITIES);
    private final ImportEngine engine;
    private final Families families = new Families();
    private final FakeKrr krr;

    KrrSourceTest() throws Exception {
        JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
        engine = new ImportEngine(db.transactions(), audit, new RuleBasedAccessPolicy(db.transactions(), audit, clock)
                .declare(new no.ranselpost.core.internal.CoreAccessDeclaration(db.transactions(), clock),
                        new no.ranselpost.registry.imports.internal.ImportAccessDeclaration()), () -> true,
                new JpaSourceStateStore(db.transactions()), new JpaSourceRunHistory(db.transactions()), clock);
        engine.bindSource(families);
        krr = new FakeKrr();
        closing.add(krr);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        db.close();
    }

    private KrrSource source(int batchSize, Duration refreshAfter, Duration schedule, Tokens tokens) {
        KrrConfig config = new KrrConfig(URI.create(krr.baseUrl()), "krr:global/kontaktinformasjon.read", batchSize, refreshAfter, schedule,
                2_000, 3, 5, Duration.ofSeconds(20), 10L * 1024 * 1024);
        KrrSource source = new KrrSource(db.transactions(), config, tokens, clock);
        engine.bindSource(source);
        return source;
    }

    private ImportRun awaitRun(String source, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            List<ImportRun> runs = engine.history(SYSADMIN, source, 100);
            if (runs.size() >= count && runs.get(0).status() != ImportRun.Status.RUNNING) {
                return runs.get(0);
            }
            assertTrue(System.currentTimeMillis() < deadline, "no finished run of " + source);
            Thread.sleep(20);
        }
    }

    private PersonEntity person(String id) {
        return db.transactions().inTransaction(em -> em.createQuery("select p from PersonEntity p where p.nationalId = :id", PersonEntity.class)
                .setParameter("id", id).getSingleResult());
    }

    private ContactRegistrationEntity registration(String id) {
        return db.transactions().inTransaction(em -> em.createQuery("select c from ContactRegistrationEntity c where c.person.nationalId = :id",
                ContactRegistrationEntity.class).setParameter("id", id).getResultList().stream().findFirst().orElse(null));
    }

    @Test
    void everyGuardianAnImportAddsIsLookedUpRightAfterItInBatchesOfTheConfiguredSize() throws Exception {
        // (batches of the full 1000 are the Pax Exam suite's: 1300 guardians and more there)
        source(50, Duration.ofDays(1), Duration.ofHours(1), Tokens.fixed(FakeKrr.TOKEN));
        List<String> guardians = families.add(55);
        guardians.forEach(g -> krr.active(g, "g" + g.substring(6) + "@example.no", "+4791234567", "2026-06-01T10:00:00+02:00", null, false));
        ImportRun freg = engine.run(SYSADMIN, "freg");
        assertEquals(ImportRun.Status.SUCCEEDED, freg.status());
        // the engine runs KRR on its own after the import that added 110 guardians
        ImportRun run = awaitRun("krr", 1);
        assertEquals(ImportRun.Status.SUCCEEDED, run.status(), run.toString());
        assertEquals(110, run.created());
        assertEquals(List.of(50, 50, 10), krr.batchSizes);
        assertTrue(krr.errors.isEmpty(), krr.errors.toString());
        assertEquals("g" + guardians.get(7).substring(6) + "@example.no", person(guardians.get(7)).getEmail());
        // an import that adds nobody asks for no KRR run; the next run looks up nobody (all answered within the day)
        engine.run(SYSADMIN, "freg");
        Thread.sleep(300);
        assertEquals(1, engine.history(SYSADMIN, "krr", 10).size());
        ImportRun again = engine.run(SYSADMIN, "krr");
        assertEquals(0, again.created() + again.updated() + again.unchanged());
        assertEquals(3, krr.batchSizes.size());
    }

    @Test
    void noConfigurationOrCallAsksForMoreThan1000AtATime() throws Exception {
        IllegalArgumentException tooMany = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new KrrConfig(URI.create(krr.baseUrl()), "krr:global/kontaktinformasjon.read", 1001, Duration.ZERO, Duration.ZERO, 0, 1, 0,
                        null, 1));
        assertEquals("batchSize must be 1..1000", tooMany.getMessage());
        KrrClient client = new KrrClient(new KrrConfig(URI.create(krr.baseUrl()), "krr:global/kontaktinformasjon.read", 1000, Duration.ZERO,
                Duration.ZERO, 0, 1, 0, null, 1 << 20), Tokens.fixed(FakeKrr.TOKEN));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            ids.add(String.format("%011d", i));
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> client.lookup(ids));
        assertEquals(0, client.lookup(ids.subList(0, 1000)).size(), "1000 are taken (none of them known)");
        assertEquals(List.of(1000), krr.batchSizes);
    }

    @Test
    void reservedStaleDeletedAndUnknownPersonsAreStoredAsSuchAndAChangedEmailReplacesTheStoredOne() throws Exception {
        source(2, Duration.ZERO, Duration.ofHours(1), Tokens.fixed(FakeKrr.TOKEN));
        List<String> g = families.add(4);
        String active = g.get(0);
        String reserved = g.get(1);
        String stale = g.get(2);
        String deleted = g.get(3);
        String notRegistered = g.get(4);
        String absent = g.get(5);
        String unreadable = g.get(6);
        krr.active(active, "aktiv@example.no", "+4790000001", "2026-06-01T10:00:00+02:00", "2026-11-01T10:00:00+01:00", false);
        krr.active(reserved, "reservert@example.no", "+4790000002", "2026-06-01T10:00:00+02:00", null, true);
        krr.active(stale, "gammel@example.no", "+4790000003", "2024-01-15T10:00:00+01:00", "2025-05-01T10:00:00+02:00", false);
        krr.withStatus(deleted, "SLETTET");
        krr.withStatus(notRegistered, "IKKE_REGISTRERT");
        krr.active(unreadable, "x@example.no", null, "yesterday", null, false);
        engine.run(SYSADMIN, "freg");
        ImportRun run = awaitRun("krr", 1);
        assertEquals(ImportRun.Status.PARTIAL, run.status(), run.toString());
        assertEquals(1, run.rejected());
        assertTrue(run.rejections().get(0).reason().startsWith("unreadable KRR entry: epostadresse_oppdatert"), run.rejections().toString());
        assertFalse(run.rejections().toString().matches(".*\\d{11}.*"), "no national id in a report");
        assertTrue(krr.maxBatch() <= 2);

        OffsetDateTime now = clock.nowUtc();
        PersonEntity a = person(active);
        assertEquals("aktiv@example.no", a.getEmail());
        assertFalse(a.isContactReserved());
        assertEquals("ACTIVE", registration(active).getRegisterStatus());
        assertEquals("CAN_BE_NOTIFIED", registration(active).getNotificationStatus());
        assertEquals("nb", registration(active).getLanguage());
        assertFalse(registration(active).emailStale(now));
        assertTrue(person(reserved).isContactReserved());
        assertEquals("CANNOT_BE_NOTIFIED", registration(reserved).getNotificationStatus());
        assertEquals("gammel@example.no", person(stale).getEmail());
        assertTrue(registration(stale).emailStale(now), "neither updated nor verified within 18 months");
        assertTrue(registration(stale).mobileStale(now));
        assertEquals(OffsetDateTime.parse("2025-05-01T10:00:00+02:00").toInstant(), person(stale).getEmailConfirmedAt().toInstant());
        assertEquals("DELETED", registration(deleted).getRegisterStatus());
        assertEquals("NOT_REGISTERED", registration(notRegistered).getRegisterStatus());
        assertEquals("NOT_FOUND", registration(absent).getRegisterStatus());
        assertNull(registration(unreadable), "an unreadable entry applies nothing");
        assertNull(person(deleted).getEmail());

        // the next run: a changed e-mail replaces the stored one; a person KRR no longer knows loses what was stored
        krr.active(active, "ny@example.no", "+4790000001", "2026-11-30T10:00:00+01:00", null, false);
        krr.people.remove(reserved);
        ImportRun next = engine.run(SYSADMIN, "krr");
        assertEquals(2, next.updated(), next.toString());
        assertEquals("ny@example.no", person(active).getEmail());
        assertNull(person(reserved).getEmail());
        assertNull(person(reserved).getMobile());
        assertFalse(person(reserved).isContactReserved());
        assertEquals("NOT_FOUND", registration(reserved).getRegisterStatus());
        long audited = db.transactions().inTransaction(em -> em.createQuery("select count(r) from AuditRecordEntity r where r.principal = "
                + "'system:import.krr'", Long.class).getSingleResult());
        assertTrue(audited >= 8, "every change of contact data has its audit record: " + audited);
    }

    @Test
    void rateLimitsAreWaitedOutAndAFailedBatchFailsTheRunWithEarlierBatchesAppliedWhole() throws Exception {
        source(3, Duration.ZERO, Duration.ZERO, Tokens.fixed(FakeKrr.TOKEN));
        List<String> g = families.add(3);
        g.forEach(id -> krr.active(id, "a" + id.substring(7) + "@example.no", null, "2026-06-01T10:00:00+02:00", null, false));
        krr.rateLimitOnce = "1";
        engine.run(SYSADMIN, "freg");
        ImportRun first = awaitRun("krr", 1);
        assertEquals(ImportRun.Status.SUCCEEDED, first.status(), first.toString());
        assertEquals(6, first.created());

        g.forEach(id -> krr.active(id, "b" + id.substring(7) + "@example.no", null, "2026-07-01T10:00:00+02:00", null, false));
        // the second batch fails on every attempt: the first batch's three are applied whole, the rest keep what they had
        AtomicInteger calls = new AtomicInteger();
        krr.tokenValid(t -> {
            if (calls.incrementAndGet() >= 2) {
                krr.failNext.set(100);
            }
            return FakeKrr.TOKEN.equals(t);
        });
        ImportRun failed = engine.run(SYSADMIN, "krr");
        assertEquals(ImportRun.Status.FAILED, failed.status(), failed.toString());
        assertTrue(failed.message().contains("KrrException"), failed.message());
        assertEquals(3, failed.updated());
        assertTrue(person(g.get(0)).getEmail().startsWith("b"));
        assertTrue(person(g.get(5)).getEmail().startsWith("a"), "the failed batch changed nothing");
    }

    @Test
    void aRefusedTokenIsDroppedAndTheCallMadeOnceMoreWithAFreshOne() throws Exception {
        List<String> handed = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        Tokens tokens = new Tokens() {
            @Override
            public String token() {
                String t = rejected.isEmpty() ? "expired-token" : FakeKrr.TOKEN;
                handed.add(t);
                return t;
            }

            @Override
            public void rejected(String token) {
                rejected.add(token);
            }
        };
        source(1000, Duration.ZERO, Duration.ZERO, tokens);
        families.add(1).forEach(id -> krr.withStatus(id, "IKKE_REGISTRERT"));
        engine.run(SYSADMIN, "freg");
        ImportRun run = awaitRun("krr", 1);
        assertEquals(ImportRun.Status.SUCCEEDED, run.status(), run.toString());
        assertEquals(List.of("expired-token"), rejected);
        assertEquals(List.of("expired-token", FakeKrr.TOKEN), handed);
        assertEquals(1, krr.unauthorized.get());
        // refused again after a refresh: the run fails rather than asking forever
        rejected.clear();
        krr.tokenValid(t -> false);
        ImportRun refused = engine.run(SYSADMIN, "krr");
        assertEquals(ImportRun.Status.FAILED, refused.status());
        assertEquals(3, krr.unauthorized.get());
    }

    @Test
    void theScheduleAsksForARunOnlyWhenItsIntervalPassedAndSomeoneIsDue() throws Exception {
        KrrSource source = source(1000, Duration.ofHours(24), Duration.ofMinutes(60), Tokens.fixed(FakeKrr.TOKEN));
        assertFalse(source.runDue(), "nobody to look up");
        families.add(2).forEach(id -> krr.withStatus(id, "SLETTET"));
        // the follow-up after this import is the engine's; here the schedule alone is asked
        engine.unbindSource(source);
        engine.run(SYSADMIN, "freg");
        assertTrue(source.runAfter("freg"), "guardians never looked up");
        assertFalse(source.runDue(), "the interval has not passed since activation");
        time.now = time.now.plus(Duration.ofMinutes(61));
        assertTrue(source.runDue());
        engine.bindSource(source);
        assertEquals(ImportRun.Status.SUCCEEDED, engine.run(SYSADMIN, "krr").status());
        assertFalse(source.runAfter("freg"));
        time.now = time.now.plus(Duration.ofMinutes(61));
        assertFalse(source.runDue(), "everyone was answered about within the refresh interval");
        time.now = time.now.plus(Duration.ofHours(24));
        assertTrue(source.runDue(), "a day later everyone is due again");
        assertEquals(ZoneOffset.UTC, clock.nowUtc().getOffset());
    }
}
