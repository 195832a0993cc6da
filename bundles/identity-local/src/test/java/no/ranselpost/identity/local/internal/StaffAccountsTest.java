package no.ranselpost.identity.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.access.internal.JpaEffectiveGrants;
import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.ConflictException;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AccountActivation.TotpEnrolment;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticationException;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.identity.StaffAccountService.CreatedAccount;
import no.ranselpost.core.api.identity.StaffAdministration.ActivationCode;
import no.ranselpost.core.api.identity.StaffAdministration.GrantRequest;
import no.ranselpost.core.api.identity.StaffAdministration.NewStaffAccount;
import no.ranselpost.core.api.identity.StaffAdministration.ResetKind;
import no.ranselpost.core.api.identity.StaffAdministration.StaffAccount;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.core.internal.CoreAccessDeclaration;
import no.ranselpost.persistence.entity.EmploymentEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.StaffAccountEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.persistence.testing.TestDatabase;

/**
 * Seed 000's staff routines on a test database and a clock the test moves: the owner adds a unit
 * admin, who activates their own account with TOTP and adds the unit's staff; roles, groups,
 * substitutes' dates, HR's say, disabling, resets, password changes. The real access policy
 * with the real declarations decides every step.
 */
class StaffAccountsTest {

    private TestDatabase db;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-08-03T07:00:00Z"));
    private LocalAccounts sessions;
    private StaffAccounts staff;
    private RuleBasedAccessPolicy accessPolicy;
    private long unit;
    private long otherUnit;
    private long department1;
    private long department2;
    private long otherDepartment;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
        OsloClock oslo = TestAccounts.clock(now::get);
        RuleBasedAccessPolicy policy = new RuleBasedAccessPolicy(db.transactions(), audit, oslo)
                .declare(new IdentityAccessDeclaration(), new StaffAccessDeclaration(db.transactions(), oslo),
                        new CoreAccessDeclaration(db.transactions(), oslo));
        accessPolicy = policy;
        sessions = new LocalAccounts(db.transactions(), audit, policy, new JpaEffectiveGrants(oslo), oslo);
        PasswordHasher cheap = new PasswordHasher(8192, 1, 1);
        sessions.configure(cheap, Duration.ofMinutes(30));
        staff = new StaffAccounts(db.transactions(), audit, policy, oslo);
        staff.configure(cheap);
        db.transactions().run(em -> {
            UnitEntity u = unit(em, "910000004", "Solsikken barnehage");
            UnitEntity o = unit(em, "910000012", "Blåklokka barnehage");
            em.flush();
            unit = u.getId();
            otherUnit = o.getId();
            department1 = group(em, u, "A1", "Avdeling Rød").getId();
            department2 = group(em, u, "A2", "Avdeling Blå").getId();
            otherDepartment = group(em, o, "B1", "Avdeling Gul").getId();
        });
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static UnitEntity unit(javax.persistence.EntityManager em, String org, String name) {
        UnitEntity u = new UnitEntity();
        u.setOrgNumber(org);
        u.setUnitType(UnitType.KINDERGARTEN);
        u.setName(name);
        em.persist(u);
        return u;
    }

    private static GroupEntity group(javax.persistence.EntityManager em, UnitEntity u, String code, String name) {
        GroupEntity g = new GroupEntity();
        g.setUnit(u);
        g.setCode(code);
        g.setName(name);
        g.setGroupType(GroupType.DEPARTMENT);
        em.persist(g);
        em.flush();
        return g;
    }

    private long person(String nationalId) {
        return db.transactions().inTransaction(em -> {
            PersonEntity p = new PersonEntity();
            p.setNationalId(nationalId);
            em.persist(p);
            em.flush();
            return p.getId();
        });
    }

    private void employ(long personId, long unitId, Role role, LocalDate from, LocalDate to, LocalDate leaveFrom, LocalDate leaveTo) {
        db.transactions().run(em -> {
            EmploymentEntity e = new EmploymentEntity();
            e.setPerson(em.find(PersonEntity.class, personId));
            e.setUnit(em.find(UnitEntity.class, unitId));
            e.setRole(role);
            e.setPositionCode(role == Role.LEADER ? "7951" : "7954");
            e.setStartDate(from);
            e.setEndDate(to);
            e.setLeaveFrom(leaveFrom);
            e.setLeaveTo(leaveTo);
            e.setSourceId("hr");
            e.setSourceKey("k" + personId);
            em.persist(e);
        });
    }

    private String totpNow(String secret) {
        return Totp.code(secret, Totp.step(now.get().getEpochSecond()));
    }

    private void later(Duration d) {
        now.set(now.get().plus(d));
    }

    private AuthenticatedPrincipal owner() {
        CreatedAccount owner = sessions.create("system:test", "eier", "Eier", null, List.of(RoleGrant.kommuneWide(Role.OWNER)));
        return sessions.login("eier", owner.password().toCharArray(), totpNow(owner.totpSecret())).principal();
    }

    /** The unit admin activates their account with TOTP and signs in; answers the secret and password. */
    private record Activated(AuthenticatedPrincipal principal, String token, String password, String totpSecret) {
    }

    private Activated activateWithTotp(ActivationCode code, String username) {
        TotpEnrolment enrolment = staff.startTotpEnrolment(code.activationCode(), "192.0.2.10");
        assertTrue(enrolment.otpauthUri().startsWith("otpauth://totp/Ranselpost:" + username + "?secret="));
        String password = "kantarell-skog-2026";
        staff.activate(code.activationCode(), password.toCharArray(), totpNow(enrolment.secret()), "192.0.2.10");
        later(Duration.ofSeconds(31));
        LoginResult login = sessions.login(username, password.toCharArray(), totpNow(enrolment.secret()));
        return new Activated(login.principal(), login.token(), password, enrolment.secret());
    }

    private LoginResult activateAndSignIn(ActivationCode code, String username, String password) {
        staff.activate(code.activationCode(), password.toCharArray(), null, null);
        return sessions.login(username, password.toCharArray(), null);
    }

    @Test
    void theOwnerAddsAUnitAdminWhoActivatesWithTotpAndAddsTheUnitsStaff() {
        AuthenticatedPrincipal owner = owner();
        ActivationCode styrerCode = staff.create(owner, new NewStaffAccount("styrer", "Styrer Solsikken", null,
                List.of(new GrantRequest(Role.UNIT_ADMIN, unit, null, null, null))));
        assertEquals(20, styrerCode.activationCode().length());
        assertFalse(styrerCode.toString().contains(styrerCode.activationCode()));
        assertEquals(now.get().plus(Duration.ofHours(72)), styrerCode.expiresAt().toInstant());
        // before activation nobody can sign in: there is no password anyone knows
        assertEquals("PENDING_ACTIVATION", staff.get(owner, styrerCode.accountId()).state());

        // a unit admin's account needs TOTP: the password alone does not activate it
        assertThrows(InvalidRequestException.class,
                () -> staff.activate(styrerCode.activationCode(), "a-long-password-1".toCharArray(), null, null));
        Activated styrer = activateWithTotp(styrerCode, "styrer");
        assertTrue(styrer.principal().hasRole(Role.UNIT_ADMIN));
        // the code is used up: neither step takes it again
        assertThrows(AuthenticationException.class, () -> staff.activate(styrerCode.activationCode(), "another-password-9".toCharArray(),
                totpNow(styrer.totpSecret()), null));
        assertThrows(AuthenticationException.class, () -> staff.startTotpEnrolment(styrerCode.activationCode(), null));

        // the unit admin adds a pedagogue (LEADER) with a department, an assistant (EMPLOYEE), a substitute with dates
        AuthenticatedPrincipal admin = styrer.principal();
        long leaderPerson = person("01018012345");
        ActivationCode leaderCode = staff.create(admin, new NewStaffAccount("pedagog", "Pedagog", leaderPerson,
                List.of(new GrantRequest(Role.LEADER, unit, department1, null, null))));
        ActivationCode employeeCode = staff.create(admin, new NewStaffAccount("assistent", null, null,
                List.of(new GrantRequest(Role.EMPLOYEE, unit, department1, null, null))));
        assertThrows(InvalidRequestException.class, () -> staff.create(admin, new NewStaffAccount("vikar", null, null,
                List.of(new GrantRequest(Role.SUBSTITUTE, unit, department1, null, null)))), "a substitute has dates");
        LocalDate today = LocalDate.of(2026, 8, 3);
        ActivationCode substituteCode = staff.create(admin, new NewStaffAccount("vikar", null, null,
                List.of(new GrantRequest(Role.SUBSTITUTE, unit, department1, today, today.plusDays(14)))));

        // a leader needs no TOTP: no enrolment is offered, the password alone activates
        assertThrows(InvalidRequestException.class, () -> staff.startTotpEnrolment(leaderCode.activationCode(), null));
        LoginResult leader = activateAndSignIn(leaderCode, "pedagog", "blaabaer-syltetoey-7");
        assertEquals(List.of(department1), leader.principal().grants().stream().map(RoleGrant::groupId).toList());

        // moved to another department: the very next request has the new group
        StaffAccount moved = staff.changeGrant(admin, leaderCode.accountId(), staff.get(admin, leaderCode.accountId()).grants().get(0).grantId(),
                new GrantRequest(null, null, department2, null, null));
        assertEquals(department2, moved.grants().get(0).groupId());
        assertEquals(List.of(department2), sessions.resolve(leader.token()).orElseThrow().grants().stream().map(RoleGrant::groupId).toList());

        // what the unit admin may not: a unit admin, kommune roles, another unit's staff, a group of another unit
        assertThrows(AccessDeniedException.class, () -> staff.create(admin, new NewStaffAccount("styrer2", null, null,
                List.of(new GrantRequest(Role.UNIT_ADMIN, unit, null, null, null)))));
        assertThrows(AccessDeniedException.class, () -> staff.create(admin, new NewStaffAccount("eier2", null, null,
                List.of(new GrantRequest(Role.OWNER, null, null, null, null)))));
        assertThrows(AccessDeniedException.class, () -> staff.create(admin, new NewStaffAccount("nabo", null, null,
                List.of(new GrantRequest(Role.EMPLOYEE, otherUnit, otherDepartment, null, null)))));
        assertThrows(InvalidRequestException.class, () -> staff.create(admin, new NewStaffAccount("nabo", null, null,
                List.of(new GrantRequest(Role.EMPLOYEE, unit, otherDepartment, null, null)))));
        // and what the owner may not: the unit's staff
        assertThrows(AccessDeniedException.class, () -> staff.create(owner, new NewStaffAccount("ansatt9", null, null,
                List.of(new GrantRequest(Role.EMPLOYEE, unit, department1, null, null)))));
        assertThrows(AccessDeniedException.class, () -> staff.disable(owner, leaderCode.accountId()));

        // the unit admin's list has every account of the unit; the owner's only the unit admins; nobody sees a secret
        List<StaffAccount> all = staff.list(admin, unit);
        assertEquals(List.of("assistent", "pedagog", "styrer", "vikar"), all.stream().map(StaffAccount::username).toList());
        assertEquals(List.of("styrer"), staff.list(owner, unit).stream().map(StaffAccount::username).toList());
        String shown = all.toString() + staff.get(owner, styrerCode.accountId());
        for (String secret : List.of(styrer.password(), styrer.totpSecret(), "blaabaer-syltetoey-7", employeeCode.activationCode(),
                substituteCode.activationCode())) {
            assertFalse(shown.contains(secret), "an administrator's view carries no password, TOTP secret or code");
        }
        assertFalse(shown.contains("$argon2"), "nor a hash");
        StaffAccount pedagog = all.stream().filter(a -> a.username().equals("pedagog")).findFirst().orElseThrow();
        assertEquals("ACTIVE", pedagog.state());
        assertNotNull(pedagog.lastSignInAt());
        assertEquals("PENDING_ACTIVATION", all.stream().filter(a -> a.username().equals("assistent")).findFirst().orElseThrow().state());

        // every step is in the audit trail, in the change's transaction
        long recorded = db.transactions().inTransaction(em -> em.createQuery(
                "select count(r) from AuditRecordEntity r where r.action like 'staff.%' and r.outcome = 'CHANGED'", Long.class).getSingleResult());
        assertTrue(recorded >= 13, "account creations, grants, activation codes, activations and the move: " + recorded);
    }

    @Test
    void anExpiredOrWithdrawnCodeIsRefusedAndResetsEndEverySession() {
        AuthenticatedPrincipal owner = owner();
        Activated styrer = activateWithTotp(staff.create(owner, new NewStaffAccount("styrer", null, null,
                List.of(new GrantRequest(Role.UNIT_ADMIN, unit, null, null, null)))), "styrer");
        AuthenticatedPrincipal admin = styrer.principal();

        // 72 hours and a minute later the code no longer works, and a new one is asked for
        ActivationCode late = staff.create(admin, new NewStaffAccount("sen", null, null,
                List.of(new GrantRequest(Role.EMPLOYEE, unit, department1, null, null))));
        later(Duration.ofHours(72).plusMinutes(1));
        AuthenticationException expired = assertThrows(AuthenticationException.class,
                () -> staff.activate(late.activationCode(), "nytt-arbeid-2026".toCharArray(), null, null));
        assertEquals(StaffAccounts.CODE_REFUSED, expired.getMessage());
        assertEquals("ACTIVATION_EXPIRED", staff.get(admin, late.accountId()).state());
        // the unit admin's session has expired meanwhile too
        admin = sessions.login("styrer", styrer.password().toCharArray(), totpNow(styrer.totpSecret())).principal();
        ActivationCode renewed = staff.reset(admin, late.accountId(), ResetKind.PASSWORD);
        LoginResult employee = activateAndSignIn(renewed, "sen", "nytt-arbeid-2026");

        // a forgotten password: the unit admin resets it; the old password and every session stop at once
        ActivationCode reset = staff.reset(admin, late.accountId(), ResetKind.PASSWORD);
        assertTrue(sessions.resolve(employee.token()).isEmpty());
        assertThrows(AuthenticationException.class, () -> sessions.login("sen", "nytt-arbeid-2026".toCharArray(), null));
        // a second reset withdraws the first code
        ActivationCode again = staff.reset(admin, late.accountId(), ResetKind.PASSWORD);
        assertThrows(AuthenticationException.class, () -> staff.activate(reset.activationCode(), "nytt-passord-123".toCharArray(), null, null));
        assertThrows(InvalidRequestException.class, () -> staff.activate(again.activationCode(), "short".toCharArray(), null, null));
        assertThrows(InvalidRequestException.class, () -> staff.activate(again.activationCode(), "aaaaaaaaaaaaaaaa".toCharArray(), null, null));
        LoginResult back = activateAndSignIn(again, "sen", "nytt-passord-123");

        // the employee changes the password: the wrong current one is refused; other sessions end, this one stays
        LoginResult second = sessions.login("sen", "nytt-passord-123".toCharArray(), null);
        assertThrows(AuthenticationException.class,
                () -> staff.changePassword(back.principal(), "feil-passord-000".toCharArray(), "tredje-passord-1".toCharArray()));
        staff.changePassword(back.principal(), "nytt-passord-123".toCharArray(), "tredje-passord-1".toCharArray());
        assertTrue(sessions.resolve(back.token()).isPresent());
        assertTrue(sessions.resolve(second.token()).isEmpty());
        assertNotNull(staff.get(admin, late.accountId()).passwordChangedAt());

        // a lost TOTP device: the owner resets the unit admin; a new device is enrolled with the new code
        ActivationCode lost = staff.reset(owner, styrer.principal().accountId(), ResetKind.TOTP);
        assertTrue(sessions.resolve(styrer.token()).isEmpty());
        assertThrows(AuthenticationException.class,
                () -> sessions.login("styrer", styrer.password().toCharArray(), totpNow(styrer.totpSecret())));
        later(Duration.ofSeconds(31));
        Activated renewedStyrer = activateWithTotp(lost, "styrer");
        assertFalse(renewedStyrer.totpSecret().equals(styrer.totpSecret()));
        assertThrows(InvalidRequestException.class, () -> staff.reset(renewedStyrer.principal(), late.accountId(), ResetKind.TOTP),
                "an employee's account has no TOTP to reset");
    }

    @Test
    void aDisabledAccountsSessionsEndAtOnceAndHrAloneDecidesLeaderAndEmployee() {
        AuthenticatedPrincipal owner = owner();
        Activated styrer = activateWithTotp(staff.create(owner, new NewStaffAccount("styrer", null, null,
                List.of(new GrantRequest(Role.UNIT_ADMIN, unit, null, null, null)))), "styrer");
        AuthenticatedPrincipal admin = styrer.principal();

        // a person HR employs as EMPLOYEE: a LEADER by hand is refused naming the source; their group is the unit admin's to give
        long hrPerson = person("02028012345");
        employ(hrPerson, unit, Role.EMPLOYEE, LocalDate.of(2025, 1, 1), null, null, null);
        ConflictException conflict = assertThrows(ConflictException.class, () -> staff.create(admin, new NewStaffAccount("hr-ansatt", null,
                hrPerson, List.of(new GrantRequest(Role.LEADER, unit, department1, null, null)))));
        assertEquals("hr", conflict.source());
        assertTrue(conflict.getMessage().contains("'hr'"));
        assertThrows(ConflictException.class, () -> staff.create(admin, new NewStaffAccount("hr-ansatt", null, hrPerson,
                List.of(new GrantRequest(Role.EMPLOYEE, unit, null, null, null)))), "the unit-wide role is HR's own");
        ActivationCode hrCode = staff.create(admin, new NewStaffAccount("hr-ansatt", null, hrPerson,
                List.of(new GrantRequest(Role.EMPLOYEE, unit, department1, null, null))));
        LoginResult hrEmployee = activateAndSignIn(hrCode, "hr-ansatt", "fjellvann-og-sol-3");
        assertTrue(hrEmployee.principal().grants().contains(RoleGrant.unit(Role.EMPLOYEE, unit)));
        StaffAccount seen = staff.get(admin, hrCode.accountId());
        assertEquals(List.of(new no.ranselpost.core.api.identity.StaffAdministration.HrRole(Role.EMPLOYEE, unit, "hr")), seen.hrRoles());

        // on leave (seed 000: "gjøres inaktiv"): the unit admin disables the account; its sessions end at once
        StaffAccount disabled = staff.disable(admin, hrCode.accountId());
        assertEquals("DISABLED", disabled.state());
        assertTrue(sessions.resolve(hrEmployee.token()).isEmpty());
        long open = db.transactions().inTransaction(em -> em.createQuery(
                "select count(s) from SessionEntity s where s.account.id = :a and s.revokedAt is null", Long.class)
                .setParameter("a", hrCode.accountId()).getSingleResult());
        assertEquals(0L, open, "its sessions are revoked, not only refused");
        assertThrows(AuthenticationException.class, () -> sessions.login("hr-ansatt", "fjellvann-og-sol-3".toCharArray(), null));
        assertThrows(InvalidRequestException.class, () -> staff.reset(admin, hrCode.accountId(), ResetKind.PASSWORD));
        staff.enable(admin, hrCode.accountId());
        assertTrue(sessions.login("hr-ansatt", "fjellvann-og-sol-3".toCharArray(), null).principal().accountId() == hrCode.accountId());
        assertThrows(InvalidRequestException.class, () -> staff.disable(admin, admin.accountId()), "not oneself");

        // the unit admin removes a group grant; the owner removes the unit admin (seed 000: "dersom styrer slutter")
        long grant = staff.get(admin, hrCode.accountId()).grants().get(0).grantId();
        assertTrue(staff.removeGrant(admin, hrCode.accountId(), grant).grants().isEmpty());
        assertThrows(NoSuchObjectException.class, () -> staff.removeGrant(admin, hrCode.accountId(), grant));
        long adminGrant = staff.get(owner, admin.accountId()).grants().get(0).grantId();
        assertThrows(AccessDeniedException.class, () -> staff.removeGrant(admin, admin.accountId(), adminGrant));
        staff.removeGrant(owner, admin.accountId(), adminGrant);
        assertFalse(sessions.resolve(styrer.token()).orElseThrow().hasRole(Role.UNIT_ADMIN));
        assertThrows(NoSuchObjectException.class, () -> staff.get(owner, 987654321L));

        // the persisted account of an activation holds only a hash
        StaffAccountEntity stored = db.transactions().inTransaction(em -> em.find(StaffAccountEntity.class, hrCode.accountId()));
        assertTrue(stored.getPasswordHash().startsWith("$argon2id$"));
        long codesInClear = db.transactions().inTransaction(em -> em.createQuery(
                "select count(c) from ActivationCodeEntity c where c.codeHash = :c", Long.class)
                .setParameter("c", hrCode.activationCode()).getSingleResult());
        assertEquals(0L, codesInClear);
    }

    @Test
    void aSharedDepartmentAccountIsRotatedEveryThirtyDaysAndWhenSomeoneWhoKnewItLeaves() {
        AuthenticatedPrincipal owner = owner();
        Activated styrer = activateWithTotp(staff.create(owner, new NewStaffAccount("styrer", null, null,
                List.of(new GrantRequest(Role.UNIT_ADMIN, unit, null, null, null)))), "styrer");
        AuthenticatedPrincipal admin = styrer.principal();
        // one per department (seed 000: "opprette fellesbruker på alle avdelinger"), of no person, holding that role only
        ActivationCode shared = staff.create(admin, new NewStaffAccount("avdeling-rod", "Fellesbruker Rød", null,
                List.of(new GrantRequest(Role.SHARED_ACCOUNT, unit, department1, null, null))));
        assertThrows(InvalidRequestException.class, () -> staff.create(admin, new NewStaffAccount("avdeling-rod2", null, null,
                List.of(new GrantRequest(Role.SHARED_ACCOUNT, unit, department1, null, null)))));
        assertThrows(InvalidRequestException.class, () -> staff.create(admin, new NewStaffAccount("avdeling-blaa", null, null,
                List.of(new GrantRequest(Role.SHARED_ACCOUNT, unit, null, null, null)))), "a department is named");
        // the unit admin sets the department's password with the code, and records who knows it (a substitute too, if they decide so)
        LoginResult first = activateAndSignIn(shared, "avdeling-rod", "rod-avdeling-juli-26");
        assertEquals(List.of(department1), first.principal().grants().stream().map(RoleGrant::groupId).toList());
        long assistant = person("03038012345");
        employ(assistant, unit, Role.EMPLOYEE, LocalDate.of(2025, 1, 1), null, null, null);
        assertEquals(List.of(assistant), staff.recordPasswordHolder(admin, shared.accountId(), assistant).passwordHolders());

        // 31 days later it signs in no more until rotated; the unit's list says why
        later(Duration.ofDays(31));
        assertThrows(AuthenticationException.class, () -> sessions.login("avdeling-rod", "rod-avdeling-juli-26".toCharArray(), null));
        AuthenticatedPrincipal admin2 = sessions.login("styrer", styrer.password().toCharArray(), totpNow(styrer.totpSecret())).principal();
        assertEquals("shared-password-expired", staff.get(admin2, shared.accountId()).rotationDue());
        LoginResult rotated = activateAndSignIn(staff.reset(admin2, shared.accountId(), ResetKind.PASSWORD), "avdeling-rod",
                "rod-avdeling-august-26");
        assertTrue(rotated.principal().hasRole(Role.SHARED_ACCOUNT));
        assertTrue(staff.get(admin2, shared.accountId()).passwordHolders().isEmpty(), "the holders of the old password are forgotten");

        // the assistant knows the new one too, then leaves (HR ends the employment): rotated at once, not in 30 days
        staff.recordPasswordHolder(admin2, shared.accountId(), assistant);
        later(Duration.ofDays(2));
        db.transactions().run(em -> em.createQuery("update EmploymentEntity e set e.endDate = :d where e.person.id = :p")
                .setParameter("d", LocalDate.ofInstant(now.get(), OsloClock.ZONE).minusDays(1)).setParameter("p", assistant).executeUpdate());
        assertThrows(AuthenticationException.class, () -> sessions.login("avdeling-rod", "rod-avdeling-august-26".toCharArray(), null));
        assertEquals("shared-password-holder-left", staff.get(admin2, shared.accountId()).rotationDue());
        activateAndSignIn(staff.reset(admin2, shared.accountId(), ResetKind.PASSWORD), "avdeling-rod", "rod-avdeling-sept-26");
        assertEquals(null, staff.get(admin2, shared.accountId()).rotationDue());
        // the refusals are in the audit trail as denials with the reason
        long refused = db.transactions().inTransaction(em -> em.createQuery("select count(r) from AuditRecordEntity r where r.outcome = 'DENIED' "
                + "and r.reason like 'shared-password-%'", Long.class).getSingleResult());
        assertEquals(2L, refused);
        assertThrows(AccessDeniedException.class, () -> staff.recordPasswordHolder(owner, shared.accountId(), assistant));
        long employee = staff.create(admin2, new NewStaffAccount("assistent", null, null,
                List.of(new GrantRequest(Role.EMPLOYEE, unit, department1, null, null)))).accountId();
        assertThrows(InvalidRequestException.class, () -> staff.recordPasswordHolder(admin2, employee, assistant),
                "only a shared account has holders");
    }

    @Test
    void theMonthlyAccessReviewListsEachFlagIsSignedOffAndTheOwnerSeesWhoHasNot() {
        AuthenticatedPrincipal owner = owner();
        Activated styrer = activateWithTotp(staff.create(owner, new NewStaffAccount("styrer", null, null,
                List.of(new GrantRequest(Role.UNIT_ADMIN, unit, null, null, null)))), "styrer");
        // an assistant HR has on leave, a substitute whose dates are past, a shared account, a guardian whose responsibility ended
        long onLeave = person("04048012345");
        LocalDate start = LocalDate.of(2026, 8, 3);
        employ(onLeave, unit, Role.EMPLOYEE, LocalDate.of(2024, 1, 1), null, start.plusDays(20), start.plusDays(200));
        activateAndSignIn(staff.create(styrer.principal(), new NewStaffAccount("permisjon", null, onLeave,
                List.of(new GrantRequest(Role.EMPLOYEE, unit, department1, null, null)))), "permisjon", "lang-tur-til-fjells-1");
        activateAndSignIn(staff.create(styrer.principal(), new NewStaffAccount("vikar", null, null,
                List.of(new GrantRequest(Role.SUBSTITUTE, unit, department1, start, start.plusDays(10))))), "vikar", "kort-opphold-her-2");
        activateAndSignIn(staff.create(styrer.principal(), new NewStaffAccount("avdeling-rod", null, null,
                List.of(new GrantRequest(Role.SHARED_ACCOUNT, unit, department1, null, null)))), "avdeling-rod", "rod-avdeling-juli-26");
        long formerGuardian = person("05058012345");
        db.transactions().run(em -> {
            no.ranselpost.persistence.entity.GuardianUnitAccessEntity ua = new no.ranselpost.persistence.entity.GuardianUnitAccessEntity();
            ua.setPerson(em.find(PersonEntity.class, formerGuardian));
            ua.setUnit(em.find(UnitEntity.class, unit));
            ua.setState(no.ranselpost.core.api.AccountState.ACTIVE);
            em.persist(ua);
            no.ranselpost.persistence.entity.AccessRequestEntity r = new no.ranselpost.persistence.entity.AccessRequestEntity();
            r.setGuardian(em.find(PersonEntity.class, formerGuardian));
            r.setChild(em.find(PersonEntity.class, onLeave));
            r.setUnit(em.find(UnitEntity.class, unit));
            r.setRequestedBy(99);
            r.setRequestedAt(no.ranselpost.core.api.time.OsloClock.fixed(now.get()).nowUtc());
            r.setState("PENDING");
            em.persist(r);
        });
        AccessReviewService reviews = new AccessReviewService(db.transactions(), new JpaAuditTrail(db.transactions()),
                accessPolicy, TestAccounts.clock(now::get), staff);

        // a month on (September the 11th, past the default day 10): each flag of seed 000 is listed
        now.set(Instant.parse("2026-09-11T07:00:00Z"));
        AuthenticatedPrincipal admin = sessions.login("styrer", styrer.password().toCharArray(), totpNow(styrer.totpSecret())).principal();
        no.ranselpost.core.api.identity.AccessReviews.Review review = reviews.review(admin, unit);
        java.util.Map<String, List<String>> flags = new java.util.HashMap<>();
        review.entries().forEach(e -> flags.put(e.username() == null ? "guardian:" + e.personId() : e.username(), e.flags()));
        assertEquals(List.of("left-or-on-leave-but-active"), flags.get("permisjon"));
        assertEquals(List.of("substitute-past-end-date"), flags.get("vikar"));
        assertEquals(List.of("shared-password-must-rotate"), flags.get("avdeling-rod"));
        assertEquals(List.of("guardian-without-current-responsibility"), flags.get("guardian:" + formerGuardian));
        assertEquals(List.of(), flags.get("styrer"));
        assertEquals(1, review.pendingAccessRequests());
        assertTrue(review.overdue(), "not signed off by the 10th");
        String csv = AccessReviewService.csv(review);
        assertTrue(csv.startsWith("kind;account_id;person_id;username;roles;state;last_sign_in;flags\n"));
        assertTrue(csv.contains("pending-access-requests=1"));
        assertFalse(csv.contains("fjells") || csv.contains(styrer.totpSecret()) || csv.contains("argon2"), "no secret in the CSV");
        // the owner sees the unit has not signed off, and the other unit neither; then the unit admin signs off
        List<no.ranselpost.core.api.identity.AccessReviews.UnitStatus> before = reviews.status(owner);
        assertEquals(2, before.size());
        assertTrue(before.stream().allMatch(u -> !u.signedOff() && u.overdue()));
        assertThrows(AccessDeniedException.class, () -> reviews.signOff(owner, unit), "the unit admin signs off, not the owner");
        assertTrue(reviews.signOff(admin, unit).signedOff());
        assertThrows(InvalidRequestException.class, () -> reviews.signOff(admin, unit), "once a month");
        assertEquals(List.of(unit), reviews.status(owner).stream().filter(u -> u.signedOff()).map(u -> u.unitId()).toList());
        assertEquals(List.of(unit), reviews.status(admin).stream().map(u -> u.unitId()).toList(), "a unit admin sees their own units");
        // a month later still: a new review, not signed off yet, and after 90 days without sign-in the vikar is unused as well
        now.set(Instant.parse("2026-11-05T07:00:00Z"));
        AuthenticatedPrincipal admin3 = sessions.login("styrer", styrer.password().toCharArray(), totpNow(styrer.totpSecret())).principal();
        no.ranselpost.core.api.identity.AccessReviews.Review november = reviews.review(admin3, unit);
        assertFalse(november.signedOff());
        assertFalse(november.overdue(), "the 5th is before the day");
        assertTrue(november.entries().stream().filter(e -> "vikar".equals(e.username())).findFirst().orElseThrow().flags()
                .contains("unused-for-90-days"));
    }
}
