package no.ranselpost.identity.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AuthenticationException;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.identity.StaffAccountService.CreatedAccount;
import no.ranselpost.core.api.identity.TooManyAttemptsException;
import no.ranselpost.persistence.entity.StaffAccountEntity;
import no.ranselpost.persistence.testing.TestDatabase;

/**
 * Sign-in under parallel requests (real threads on the real persistence unit) and the attempt
 * limits that answer before any password hash is computed.
 */
class SignInHardeningTest {

    private TestDatabase db;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T08:00:10Z"));
    private LocalAccounts accounts;
    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        accounts = TestAccounts.on(db, now::get);
        pool = Executors.newFixedThreadPool(20);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        db.close();
    }

    /** Runs {@code n} copies of {@code attempt} on their own threads, all released by one start gate. */
    private <T> List<Object> inParallel(int n, Callable<T> attempt) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                start.await();
                try {
                    return attempt.call();
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        assertTrue(ready.await(30, TimeUnit.SECONDS));
        start.countDown();
        List<Object> results = new ArrayList<>();
        for (Future<Object> f : futures) {
            results.add(f.get(120, TimeUnit.SECONDS));
        }
        return results;
    }

    /** Denial reasons recorded for sign-ins, with how often each. */
    private Map<String, Long> signInDenials() {
        Map<String, Long> byReason = new TreeMap<>();
        db.transactions().inTransaction(em -> em.createQuery(
                        "select r.reason, count(r) from AuditRecordEntity r where r.outcome = 'DENIED' and r.action = 'SIGN_IN' group by r.reason",
                        Object[].class).getResultList())
                .forEach(row -> byReason.put((String) row[0], ((Number) row[1]).longValue()));
        return byReason;
    }

    private StaffAccountEntity stored(long id) {
        return db.transactions().inTransaction(em -> em.find(StaffAccountEntity.class, id));
    }

    @Test
    void twentyParallelWrongPasswordsLockTheAccountAfterExactlyMaxFailedAttempts() throws Exception {
        accounts.configureLimits(1000, 1000);
        CreatedAccount kim = accounts.create("system:test", "kim", null, null, List.of(RoleGrant.unit(Role.EMPLOYEE, 1)));

        List<Object> results = inParallel(20, () -> accounts.login("kim", "guess".toCharArray(), null, "192.0.2.1"));

        assertTrue(results.stream().allMatch(r -> r instanceof AuthenticationException), results.toString());
        StaffAccountEntity account = stored(kim.accountId());
        assertNotNull(account.getLockedUntil(), "locked");
        assertEquals(now.get().plus(Duration.ofMinutes(15)), account.getLockedUntil().toInstant());
        assertEquals(0, account.getFailedAttempts(), "the count starts again after the lockout");
        // the 5 counted failures (the 5th locks), then 15 refused as locked: 20 denials, none lost, none double
        assertEquals(Map.of("bad-credentials", 4L, "bad-credentials-locked", 1L, "locked", 15L), signInDenials());
        assertThrows(AuthenticationException.class, () -> accounts.login("kim", kim.password().toCharArray(), null));
    }

    @Test
    void oneTotpCodeUsedTwiceInParallelSignsInExactlyOnce() throws Exception {
        accounts.configureLimits(1000, 1000);
        CreatedAccount admin = accounts.create("system:test", "sys", null, null, List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)));
        char[] password = admin.password().toCharArray();
        for (int round = 0; round < 5; round++) {
            // a new time step each round: a code is a step's, and each round uses its own once
            now.set(now.get().plusSeconds(30));
            String code = Totp.code(admin.totpSecret(), Totp.step(now.get().getEpochSecond()));

            List<Object> results = inParallel(2, () -> accounts.login("sys", password, code, null));

            long signedIn = results.stream().filter(r -> r instanceof no.ranselpost.core.api.identity.LoginResult).count();
            assertEquals(1, signedIn, "round " + round + ": " + results);
            assertTrue(results.stream().filter(r -> !(r instanceof no.ranselpost.core.api.identity.LoginResult))
                    .allMatch(r -> r instanceof AuthenticationException), results.toString());
        }
        assertEquals(Map.of("second-factor-wrong", 5L), signInDenials(), "each second use is refused and recorded");
        long sessions = db.transactions().inTransaction(em -> em.createQuery("select count(s) from SessionEntity s", Long.class)
                .getSingleResult());
        assertEquals(5L, sessions);
    }

    @Test
    void theAccountLimitAnswersBeforeAnyHashAndLeavesOtherAccountsAlone() {
        accounts.configureLimits(3, 1000);
        CreatedAccount ola = accounts.create("system:test", "ola", null, null, List.of(RoleGrant.unit(Role.EMPLOYEE, 1)));
        CreatedAccount per = accounts.create("system:test", "per", null, null, List.of(RoleGrant.unit(Role.EMPLOYEE, 1)));
        long before = accounts.passwordChecks();
        for (int i = 0; i < 3; i++) {
            assertThrows(AuthenticationException.class, () -> accounts.login("ola", "guess".toCharArray(), null, "192.0.2.1"));
        }
        assertEquals(before + 3, accounts.passwordChecks());

        TooManyAttemptsException over = assertThrows(TooManyAttemptsException.class,
                () -> accounts.login(" OLA ", "guess".toCharArray(), null, "192.0.2.2"), "the name is normalized; any address");
        assertTrue(over.retryAfterSeconds() >= 1 && over.retryAfterSeconds() <= 60, "retry after " + over.retryAfterSeconds());
        assertThrows(TooManyAttemptsException.class, () -> accounts.login("ola", ola.password().toCharArray(), null, null),
                "even the right password waits");
        assertThrows(TooManyAttemptsException.class, () -> accounts.authenticateIntegration("ola", "guess".toCharArray(), null),
                "HTTP Basic counts against the same account, and is not answered as a plain failure");
        assertEquals(before + 3, accounts.passwordChecks(), "no hash computed over the limit");

        assertTrue(accounts.login("per", per.password().toCharArray(), null, "192.0.2.1").token().length() > 30,
                "another account is unaffected");
        assertEquals(before + 4, accounts.passwordChecks());
        Map<String, Long> denials = signInDenials();
        assertEquals(1L, denials.get("too-many-attempts-for-account"), "one denial per window, not per refused attempt: " + denials);
        assertEquals(3L, denials.get("bad-credentials"));
    }

    @Test
    void theAddressLimitAnswersBeforeAnyHashForSprayedNamesAndLeavesOtherAddressesAlone() {
        accounts.configureLimits(1000, 3);
        CreatedAccount hr = accounts.create("system:test", "hr-system", null, null, List.of(RoleGrant.integration("hr")));
        long before = accounts.passwordChecks();
        for (String name : List.of("anne", "bjorn", "cecilie")) {
            assertThrows(AuthenticationException.class, () -> accounts.login(name, "guess".toCharArray(), null, "192.0.2.7"));
        }
        assertEquals(before + 3, accounts.passwordChecks());
        assertThrows(TooManyAttemptsException.class, () -> accounts.login("dag", "guess".toCharArray(), null, "192.0.2.7"));
        assertThrows(TooManyAttemptsException.class,
                () -> accounts.authenticateIntegration("hr-system", hr.password().toCharArray(), "192.0.2.7"));
        assertEquals(before + 3, accounts.passwordChecks(), "no hash computed over the limit");

        assertTrue(accounts.authenticateIntegration("hr-system", hr.password().toCharArray(), "192.0.2.8").isPresent(),
                "another address is unaffected");
        assertThrows(AuthenticationException.class, () -> accounts.login("dag", "guess".toCharArray(), null, null),
                "internal callers (no address) are not limited by address");
        assertEquals(before + 5, accounts.passwordChecks());
        assertEquals(1L, signInDenials().get("too-many-attempts-from-address"));
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        accounts.configureLimits(1000, 2);
        assertThrows(AuthenticationException.class, () -> accounts.login("a1", "x".toCharArray(), null, "2001:db8:1:2::10"));
        assertThrows(AuthenticationException.class, () -> accounts.login("a2", "x".toCharArray(), null, "2001:db8:1:2:ffff::1"));
        assertThrows(TooManyAttemptsException.class, () -> accounts.login("a3", "x".toCharArray(), null, "[2001:0db8:0001:0002::99]"));
        assertThrows(AuthenticationException.class, () -> accounts.login("a4", "x".toCharArray(), null, "2001:db8:1:3::10"),
                "the next /64 is another client");
    }

    @Test
    void successesGiveTheirSlotBackSoAnIntegrationCallingOftenIsNeverLimited() {
        accounts.configureLimits(2, 2);
        CreatedAccount hr = accounts.create("system:test", "hr-system", null, null, List.of(RoleGrant.integration("hr")));
        for (int i = 0; i < 25; i++) {
            assertTrue(accounts.authenticateIntegration("hr-system", hr.password().toCharArray(), "192.0.2.9").isPresent(), "call " + i);
        }
        assertTrue(accounts.authenticateIntegration("hr-system", "wrong".toCharArray(), "192.0.2.9").isEmpty());
        assertTrue(accounts.authenticateIntegration("hr-system", "wrong".toCharArray(), "192.0.2.9").isEmpty());
        assertThrows(TooManyAttemptsException.class,
                () -> accounts.authenticateIntegration("hr-system", hr.password().toCharArray(), "192.0.2.9"), "two failures fill it");
    }

    @Test
    void theWindowMovesOnWithTheClockAndEachWindowRecordsOneDenial() {
        accounts.configureLimits(2, 1000);
        accounts.create("system:test", "lise", null, null, List.of(RoleGrant.unit(Role.EMPLOYEE, 1)));
        assertThrows(AuthenticationException.class, () -> accounts.login("lise", "g1".toCharArray(), null));
        now.set(now.get().plusSeconds(20));
        assertThrows(AuthenticationException.class, () -> accounts.login("lise", "g2".toCharArray(), null));
        TooManyAttemptsException refused = assertThrows(TooManyAttemptsException.class, () -> accounts.login("lise", "g3".toCharArray(), null));
        assertEquals(40, refused.retryAfterSeconds(), "the first attempt leaves the window 60 s after it was made");
        long checks = accounts.passwordChecks();

        now.set(now.get().plusSeconds(39));
        assertEquals(1, assertThrows(TooManyAttemptsException.class, () -> accounts.login("lise", "g4".toCharArray(), null))
                .retryAfterSeconds());
        now.set(now.get().plusSeconds(1));
        assertThrows(AuthenticationException.class, () -> accounts.login("lise", "g5".toCharArray(), null), "one slot free again");
        assertEquals(checks + 1, accounts.passwordChecks());
        assertThrows(TooManyAttemptsException.class, () -> accounts.login("lise", "g6".toCharArray(), null));
        assertEquals(1L, signInDenials().get("too-many-attempts-for-account"), "still the window of the first refusal");

        now.set(now.get().plusSeconds(61));
        assertThrows(AuthenticationException.class, () -> accounts.login("lise", "g7".toCharArray(), null));
        assertThrows(AuthenticationException.class, () -> accounts.login("lise", "g8".toCharArray(), null));
        assertThrows(TooManyAttemptsException.class, () -> accounts.login("lise", "g9".toCharArray(), null));
        assertEquals(2L, signInDenials().get("too-many-attempts-for-account"), "a new window, a new denial");
    }

    @Test
    void parallelGuessesOverTheLimitComputeNoMoreHashesThanTheLimit() throws Exception {
        accounts.configureLimits(5, 1000);
        accounts.create("system:test", "eva", null, null, List.of(RoleGrant.unit(Role.EMPLOYEE, 1)));
        long before = accounts.passwordChecks();
        List<Object> results = inParallel(20, () -> accounts.login("eva", "guess".toCharArray(), null, "192.0.2.3"));
        assertEquals(5, results.stream().filter(r -> r instanceof AuthenticationException).count(), results.toString());
        assertEquals(15, results.stream().filter(r -> r instanceof TooManyAttemptsException).count());
        assertEquals(before + 5, accounts.passwordChecks(), "a slot is taken when an attempt starts, not when it fails");
        assertEquals(1L, signInDenials().get("too-many-attempts-for-account"));
    }
}
