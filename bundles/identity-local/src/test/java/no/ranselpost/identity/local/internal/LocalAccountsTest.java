package no.ranselpost.identity.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticationException;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.identity.StaffAccountService.CreatedAccount;
import no.ranselpost.persistence.entity.StaffAccountEntity;
import no.ranselpost.persistence.testing.TestDatabase;

class LocalAccountsTest {

    private TestDatabase db;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T08:00:00Z"));
    private LocalAccounts accounts;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        accounts = new LocalAccounts(db.transactions(), clock);
        accounts.configure(new PasswordHasher(8192, 1, 1), Duration.ofMinutes(30));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void signsInWithTheGeneratedPasswordAndStoresOnlyHashes() {
        CreatedAccount created = accounts.create("Kari.Admin", "Kari", List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)));
        assertEquals("kari.admin", created.username());
        assertEquals(20, created.password().length());
        assertFalse(created.toString().contains(created.password()));

        LoginResult login = accounts.login("kari.admin", created.password().toCharArray());
        assertTrue(login.principal().hasRole(Role.SYSTEM_ADMIN));
        assertFalse(login.toString().contains(login.token()));

        StaffAccountEntity stored = db.transactions().inTransaction(em -> em.find(StaffAccountEntity.class, created.accountId()));
        assertTrue(stored.getPasswordHash().startsWith("$argon2id$v=19$"));
        assertFalse(stored.getPasswordHash().contains(created.password()));
        long tokensStoredInClear = db.transactions().inTransaction(em -> em.createQuery(
                "select count(s) from SessionEntity s where s.tokenHash = :t", Long.class).setParameter("t", login.token()).getSingleResult());
        assertEquals(0L, tokensStoredInClear);
    }

    @Test
    void wrongPasswordAndUnknownUserFailAlike() {
        CreatedAccount created = accounts.create("ola", "Ola", List.of(RoleGrant.unit(Role.LEADER, 1)));
        AuthenticationException wrong = assertThrows(AuthenticationException.class, () -> accounts.login("ola", "nope".toCharArray()));
        AuthenticationException unknown = assertThrows(AuthenticationException.class,
                () -> accounts.login("nobody", created.password().toCharArray()));
        assertEquals(wrong.getMessage(), unknown.getMessage());
        assertThrows(AuthenticationException.class, () -> accounts.login("ola", new char[0]));
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        CreatedAccount created = accounts.create("per", null, List.of(RoleGrant.unit(Role.EMPLOYEE, 1)));
        LoginResult login = accounts.login("per", created.password().toCharArray());
        assertTrue(accounts.resolve(login.token()).isPresent());
        assertTrue(accounts.revoke(login.token()));
        assertTrue(accounts.resolve(login.token()).isEmpty());
        assertFalse(accounts.revoke(login.token()));
    }

    @Test
    void tokensExpire() {
        CreatedAccount created = accounts.create("lise", null, List.of(RoleGrant.unit(Role.EMPLOYEE, 1)));
        LoginResult login = accounts.login("lise", created.password().toCharArray());
        now.set(now.get().plus(Duration.ofMinutes(29)));
        assertTrue(accounts.resolve(login.token()).isPresent());
        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertTrue(accounts.resolve(login.token()).isEmpty());
    }

    @Test
    void thePrincipalIsReadAfreshOnEveryRequest() {
        CreatedAccount created = accounts.create("vikar", null, List.of(
                new RoleGrant(Role.SUBSTITUTE, 1L, 2L, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30))));
        LoginResult login = accounts.login("vikar", created.password().toCharArray());
        AuthenticatedPrincipal p = accounts.resolve(login.token()).orElseThrow();
        assertTrue(p.hasRole(Role.SUBSTITUTE));

        // the substitute's period ends: the same token carries no grant the next day
        now.set(Instant.parse("2026-12-01T07:00:00Z"));
        accounts.configure(new PasswordHasher(8192, 1, 1), Duration.ofDays(2));
        LoginResult again = accounts.login("vikar", created.password().toCharArray());
        assertFalse(accounts.resolve(again.token()).orElseThrow().hasRole(Role.SUBSTITUTE));

        // a disabled account is refused on its next request
        db.transactions().run(em -> em.find(StaffAccountEntity.class, created.accountId()).setDisabled(true));
        assertTrue(accounts.resolve(again.token()).isEmpty());
        assertThrows(AuthenticationException.class, () -> accounts.login("vikar", created.password().toCharArray()));
    }

    @Test
    void refusesBadUserNamesAndDuplicates() {
        accounts.create("anne", null, List.of(RoleGrant.kommuneWide(Role.OWNER)));
        assertThrows(IllegalArgumentException.class, () -> accounts.create("ANNE", null, List.of(RoleGrant.kommuneWide(Role.OWNER))));
        assertThrows(IllegalArgumentException.class, () -> accounts.create("a b", null, List.of(RoleGrant.kommuneWide(Role.OWNER))));
        assertThrows(IllegalArgumentException.class, () -> accounts.create("noroles", null, List.of()));
        assertEquals(1L, accounts.count());
    }

    @Test
    void hasherVerifiesOnlyTheRightPassword() {
        PasswordHasher h = new PasswordHasher(8192, 1, 1);
        String a = h.hash("secret".toCharArray());
        assertNotEquals(a, h.hash("secret".toCharArray()));
        assertTrue(h.verify("secret".toCharArray(), a));
        assertFalse(h.verify("Secret".toCharArray(), a));
        assertFalse(h.verify("secret".toCharArray(), "garbage"));
    }
}
