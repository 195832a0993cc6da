package no.ranselpost.identity.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
        accounts = TestAccounts.on(db, now::get);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void signsInWithTheGeneratedPasswordAndStoresOnlyHashes() {
        CreatedAccount created = accounts.create("system:test", "Kari.Admin", "Kari", null, List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)));
        assertEquals("kari.admin", created.username());
        assertEquals(20, created.password().length());
        assertFalse(created.toString().contains(created.password()));

        LoginResult login = accounts.login("kari.admin", created.password().toCharArray(), code(created));
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
        CreatedAccount created = accounts.create("system:test", "ola", "Ola", null, List.of(RoleGrant.unit(Role.LEADER, 1)));
        AuthenticationException wrong = assertThrows(AuthenticationException.class, () -> accounts.login("ola", "nope".toCharArray(), null));
        AuthenticationException unknown = assertThrows(AuthenticationException.class,
                () -> accounts.login("nobody", created.password().toCharArray(), null));
        assertEquals(wrong.getMessage(), unknown.getMessage());
        assertThrows(AuthenticationException.class, () -> accounts.login("ola", new char[0], null));
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        CreatedAccount created = accounts.create("system:test", "per", null, null, List.of(RoleGrant.unit(Role.EMPLOYEE, 1)));
        LoginResult login = accounts.login("per", created.password().toCharArray(), null);
        assertTrue(accounts.resolve(login.token()).isPresent());
        assertTrue(accounts.revoke(login.token()));
        assertTrue(accounts.resolve(login.token()).isEmpty());
        assertFalse(accounts.revoke(login.token()));
    }

    @Test
    void tokensExpire() {
        CreatedAccount created = accounts.create("system:test", "lise", null, null, List.of(RoleGrant.unit(Role.EMPLOYEE, 1)));
        LoginResult login = accounts.login("lise", created.password().toCharArray(), null);
        now.set(now.get().plus(Duration.ofMinutes(29)));
        assertTrue(accounts.resolve(login.token()).isPresent());
        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertTrue(accounts.resolve(login.token()).isEmpty());
    }

    @Test
    void thePrincipalIsReadAfreshOnEveryRequest() {
        CreatedAccount created = accounts.create("system:test", "vikar", null, null, List.of(
                new RoleGrant(Role.SUBSTITUTE, 1L, 2L, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30))));
        LoginResult login = accounts.login("vikar", created.password().toCharArray(), null);
        AuthenticatedPrincipal p = accounts.resolve(login.token()).orElseThrow();
        assertTrue(p.hasRole(Role.SUBSTITUTE));

        // the substitute's period ends: the same token carries no grant the next day
        now.set(Instant.parse("2026-12-01T07:00:00Z"));
        accounts.configure(new PasswordHasher(8192, 1, 1), Duration.ofDays(2));
        LoginResult again = accounts.login("vikar", created.password().toCharArray(), null);
        assertFalse(accounts.resolve(again.token()).orElseThrow().hasRole(Role.SUBSTITUTE));

        // a disabled account is refused on its next request
        db.transactions().run(em -> em.find(StaffAccountEntity.class, created.accountId()).setDisabled(true));
        assertTrue(accounts.resolve(again.token()).isEmpty());
        assertThrows(AuthenticationException.class, () -> accounts.login("vikar", created.password().toCharArray(), null));
    }

    @Test
    void refusesBadUserNamesAndDuplicates() {
        accounts.create("system:test", "anne", null, null, List.of(RoleGrant.kommuneWide(Role.OWNER)));
        assertThrows(IllegalArgumentException.class, () -> accounts.create("system:test", "ANNE", null, null, List.of(RoleGrant.kommuneWide(Role.OWNER))));
        assertThrows(IllegalArgumentException.class, () -> accounts.create("system:test", "a b", null, null, List.of(RoleGrant.kommuneWide(Role.OWNER))));
        assertThrows(IllegalArgumentException.class, () -> accounts.create("system:test", "noroles", null, null, List.of()));
        assertEquals(1L, accounts.count());
    }

    private String code(CreatedAccount created) {
        return Totp.code(created.totpSecret(), Totp.step(now.get().getEpochSecond()));
    }

    private long auditCount(String outcome) {
        return db.transactions().inTransaction(em -> em.createQuery(
                "select count(r) from AuditRecordEntity r where r.outcome = :o", Long.class).setParameter("o", outcome).getSingleResult());
    }

    @Test
    void adminsNeedTheSecondFactorAndACodeWorksOnlyOnce() {
        for (Role role : List.of(Role.OWNER, Role.SYSTEM_ADMIN, Role.UNIT_ADMIN)) {
            String name = "admin-" + role.name().toLowerCase().replace('_', '-');
            CreatedAccount created = accounts.create("system:test", name, null, null,
                    List.of(role == Role.UNIT_ADMIN ? RoleGrant.unit(role, 1) : RoleGrant.kommuneWide(role)));
            assertTrue(created.totpSecret() != null && created.totpUri("Ranselpost").startsWith("otpauth://totp/"));
            char[] password = created.password().toCharArray();
            assertThrows(AuthenticationException.class, () -> accounts.login(name, password, null), "password alone");
            assertThrows(AuthenticationException.class, () -> accounts.login(name, password, "000000".equals(code(created)) ? "111111" : "000000"));
            assertThrows(AuthenticationException.class, () -> accounts.authenticateIntegration(name, password).orElseThrow(
                    () -> new AuthenticationException("no")), "no Basic for admins");
            String code = code(created);
            LoginResult login = accounts.login(name, password, code);
            assertEquals(AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP, login.principal().assurance());
            assertTrue(login.principal().hasRole(role));
            assertThrows(AuthenticationException.class, () -> accounts.login(name, password, code), "a code is accepted once");
        }
        assertTrue(auditCount("DENIED") >= 9, "every refused sign-in is recorded");
    }

    @Test
    void repeatedFailuresLockTheAccountForAWhile() {
        CreatedAccount created = accounts.create("system:test", "kim", null, null, List.of(RoleGrant.unit(Role.EMPLOYEE, 1)));
        for (int i = 0; i < 5; i++) {
            assertThrows(AuthenticationException.class, () -> accounts.login("kim", "guess".toCharArray(), null));
        }
        assertThrows(AuthenticationException.class, () -> accounts.login("kim", created.password().toCharArray(), null),
                "locked: even the right password is refused");
        now.set(now.get().plus(Duration.ofMinutes(16)));
        assertTrue(accounts.login("kim", created.password().toCharArray(), null).token().length() > 30);
    }

    @Test
    void integrationsUseBasicAndAreBoundToOneSource() {
        CreatedAccount admin = accounts.create("system:test", "sys", null, null, List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)));
        AuthenticatedPrincipal sys = accounts.login("sys", admin.password().toCharArray(), code(admin)).principal();
        CreatedAccount hr = accounts.createIntegration(sys, "hr-system", "hr");
        AuthenticatedPrincipal p = accounts.authenticateIntegration("hr-system", hr.password().toCharArray()).orElseThrow();
        assertEquals("hr", p.grants().get(0).sourceId());
        assertEquals(AuthenticatedPrincipal.Assurance.INTEGRATION_BASIC, p.assurance());
        assertTrue(accounts.authenticateIntegration("hr-system", "wrong".toCharArray()).isEmpty());
        assertThrows(AuthenticationException.class, () -> accounts.login("hr-system", hr.password().toCharArray(), null),
                "integrations get no sessions");
        assertThrows(IllegalArgumentException.class, () -> accounts.createIntegration(sys, "x-system", "vigilo"));
        CreatedAccount leader = accounts.create("system:test", "leder", null, null, List.of(RoleGrant.unit(Role.LEADER, 1)));
        AuthenticatedPrincipal l = accounts.login("leder", leader.password().toCharArray(), null).principal();
        assertThrows(no.ranselpost.access.api.AccessDeniedException.class, () -> accounts.createIntegration(l, "y-system", "hr"));
    }

    /** A kindergarten and a person the HR system employs there as LEADER since 2020: {unit, person, employment}. */
    private long[] employedLeader() {
        return db.transactions().inTransaction(em -> {
            no.ranselpost.persistence.entity.UnitEntity unit = new no.ranselpost.persistence.entity.UnitEntity();
            unit.setOrgNumber("964338531");
            unit.setUnitType(no.ranselpost.core.api.UnitType.KINDERGARTEN);
            unit.setName("B");
            em.persist(unit);
            no.ranselpost.persistence.entity.PersonEntity person = new no.ranselpost.persistence.entity.PersonEntity();
            person.setNationalId("27850998855");
            person.setGivenName("Lærer");
            person.setFamilyName("Test");
            em.persist(person);
            no.ranselpost.persistence.entity.EmploymentEntity e = new no.ranselpost.persistence.entity.EmploymentEntity();
            e.setPerson(person);
            e.setUnit(unit);
            e.setRole(Role.LEADER);
            e.setStartDate(LocalDate.of(2020, 1, 1));
            em.persist(e);
            em.flush();
            return new long[] {unit.getId(), person.getId(), e.getId()};
        });
    }

    @Test
    void hrEmploymentsDecideStaffRolesLeaveSuspendsThemAndAnEndedEmploymentRemovesThem() {
        long[] ids = employedLeader();
        long unit = ids[0];
        CreatedAccount created = accounts.create("system:test", "hr.leder", null, ids[1], List.of(RoleGrant.group(Role.LEADER, unit, 77)));
        java.util.function.Supplier<AuthenticatedPrincipal> principal = () -> accounts.resolve(
                accounts.login("hr.leder", created.password().toCharArray(), null).token()).orElseThrow();
        AuthenticatedPrincipal working = principal.get();
        assertTrue(working.grants().contains(RoleGrant.group(Role.LEADER, unit, 77)), "the unit admin's group assignment holds");
        assertTrue(working.grants().contains(RoleGrant.unit(Role.LEADER, unit)), "the employment gives its role at its unit");

        // on leave today: no staff role at that unit for the period
        db.transactions().run(em -> {
            no.ranselpost.persistence.entity.EmploymentEntity e = em.find(no.ranselpost.persistence.entity.EmploymentEntity.class, ids[2]);
            e.setLeaveFrom(LocalDate.of(2026, 11, 1));
            e.setLeaveTo(LocalDate.of(2027, 6, 30));
        });
        assertFalse(principal.get().hasRole(Role.LEADER), "leave suspends access");

        // back from leave, then the employment ends: access goes
        db.transactions().run(em -> {
            no.ranselpost.persistence.entity.EmploymentEntity e = em.find(no.ranselpost.persistence.entity.EmploymentEntity.class, ids[2]);
            e.setLeaveTo(LocalDate.of(2026, 11, 15));
        });
        assertTrue(principal.get().hasRole(Role.LEADER));
        db.transactions().run(em -> em.find(no.ranselpost.persistence.entity.EmploymentEntity.class, ids[2])
                .setEndDate(LocalDate.of(2026, 11, 29)));
        assertFalse(principal.get().hasRole(Role.LEADER), "an ended employment removes access");
    }

    @Test
    void aGuardianAccountOfAPersonInTheHrFileGetsNoStaffRoleAndKindsNeverMixOnOneAccount() {
        long[] ids = employedLeader();
        // the same person as a guardian and as staff: two accounts, two kinds
        CreatedAccount asGuardian = accounts.create("system:test", "forelder", null, ids[1], List.of(RoleGrant.kommuneWide(Role.GUARDIAN)));
        CreatedAccount asStaff = accounts.create("system:test", "ansatt", null, ids[1], List.of(RoleGrant.unit(Role.EMPLOYEE, ids[0])));
        AuthenticatedPrincipal guardianSession = accounts.resolve(
                accounts.login("forelder", asGuardian.password().toCharArray(), null).token()).orElseThrow();
        assertEquals(no.ranselpost.core.api.identity.AccountKind.GUARDIAN, guardianSession.kind());
        assertEquals(List.of(RoleGrant.kommuneWide(Role.GUARDIAN)), guardianSession.grants(),
                "HR's employment gives no staff role in a guardian session");
        AuthenticatedPrincipal staffSession = accounts.resolve(
                accounts.login("ansatt", asStaff.password().toCharArray(), null).token()).orElseThrow();
        assertEquals(no.ranselpost.core.api.identity.AccountKind.STAFF, staffSession.kind());
        assertTrue(staffSession.hasRole(Role.LEADER), "the employment gives its role to the staff account");
        assertFalse(staffSession.hasRole(Role.GUARDIAN));

        assertThrows(IllegalArgumentException.class, () -> accounts.create("system:test", "begge", null, ids[1],
                List.of(RoleGrant.kommuneWide(Role.GUARDIAN), RoleGrant.unit(Role.LEADER, ids[0]))), "one account, one kind");
        assertThrows(IllegalArgumentException.class, () -> accounts.create("system:test", "blandet", null, null,
                List.of(RoleGrant.integration("hr"), RoleGrant.unit(Role.LEADER, ids[0]))));
        // HTTP Basic is for integration accounts only, whatever their roles say
        assertTrue(accounts.authenticateIntegration("ansatt", asStaff.password().toCharArray()).isEmpty());
    }

    @Test
    void totpMatchesRfc6238() {
        // RFC 6238 appendix B, SHA-1, 8 digits: T = 59 s gives 94287082
        assertEquals("94287082", Totp.code("12345678901234567890".getBytes(), Totp.step(59), 8));
        assertEquals("287082", Totp.code("12345678901234567890".getBytes(), Totp.step(59), 6));
        assertEquals("07081804", Totp.code("12345678901234567890".getBytes(), Totp.step(1111111109), 8));
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
