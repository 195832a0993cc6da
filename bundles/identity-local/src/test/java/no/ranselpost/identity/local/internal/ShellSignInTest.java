package no.ranselpost.identity.local.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.identity.StaffAccountService.CreatedAccount;
import no.ranselpost.persistence.entity.StaffAccountEntity;
import no.ranselpost.persistence.testing.TestDatabase;

/** The shell's JAAS login module on real local accounts (in-memory Derby), the first administrator, and the shell's audit. */
class ShellSignInTest {

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

    private String code(CreatedAccount a) {
        return Totp.code(a.totpSecret(), Totp.step(now.get().getEpochSecond()));
    }

    /** One JAAS login as Karaf's SSH server makes it: a name and a password callback, the client's address in the subject. */
    private Subject login(String username, String typed) throws Exception {
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal("ssh", "/127.0.0.1:50422"));
        ShellLoginModule module = new ShellLoginModule();
        Map<String, Object> options = new HashMap<>();
        options.put(ShellLoginModule.SIGN_IN, (ShellLoginModule.ShellSignIn) accounts::loginShell);
        module.initialize(subject, callbacks -> {
            ((NameCallback) callbacks[0]).setName(username);
            ((PasswordCallback) callbacks[1]).setPassword(typed.toCharArray());
        }, new HashMap<>(), options);
        module.login();
        module.commit();
        return subject;
    }

    private static Set<String> roles(Subject s) {
        return s.getPrincipals(RolePrincipal.class).stream().map(RolePrincipal::getName).collect(Collectors.toSet());
    }

    private int failedAttempts(long id) {
        return db.transactions().inTransaction(em -> em.find(StaffAccountEntity.class, id).getFailedAttempts());
    }

    private long audit(String outcome, String reason) {
        return db.transactions().inTransaction(em -> em.createQuery(
                "select count(r) from AuditRecordEntity r where r.outcome = :o and r.reason = :r", Long.class)
                .setParameter("o", outcome).setParameter("r", reason).getSingleResult());
    }

    @Test
    void thePasswordAndTheSixDigitCodeAreOneString() {
        ShellLoginModule.Secret s = ShellLoginModule.split("abc-Def1234567890".toCharArray());
        assertArrayEquals("abc-Def1234".toCharArray(), s.password());
        assertEquals("567890", s.totpCode());
        // fewer than six trailing digits: all of it is the password, no code
        ShellLoginModule.Secret noCode = ShellLoginModule.split("secret12345x".toCharArray());
        assertArrayEquals("secret12345x".toCharArray(), noCode.password());
        assertNull(noCode.totpCode());
        assertNull(ShellLoginModule.split("123456".toCharArray()).totpCode(), "a code needs a password before it");
        assertEquals("127.0.0.1", ShellLoginModule.clientAddress(subjectAt("/127.0.0.1:50422")));
        assertEquals("0:0:0:0:0:0:0:1", ShellLoginModule.clientAddress(subjectAt("/0:0:0:0:0:0:0:1")));
    }

    private static Subject subjectAt(String address) {
        Subject s = new Subject();
        s.getPrincipals().add(new ClientPrincipal("ssh", address));
        return s;
    }

    @Test
    void aSystemAdminGetsKarafsAdminRolesAndItsSessionInTheSubject() throws Exception {
        CreatedAccount admin = accounts.create("system:test", "kari.admin", "Kari", null, List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)));
        Subject s = login("kari.admin", admin.password() + code(admin));
        assertEquals(Set.of("admin", "manager", "viewer", "systembundles", "ssh"), roles(s));
        assertEquals("kari.admin", s.getPrincipals(UserPrincipal.class).iterator().next().getName());
        LoginResult session = s.getPrivateCredentials(LoginResult.class).iterator().next();
        assertEquals(admin.accountId(), accounts.resolve(session.token()).orElseThrow().accountId());
        assertEquals(1, audit("CHANGED", "shell:password_and_totp"), "the shell's sign-in is recorded as such");
    }

    @Test
    void anOwnerGetsViewerOnly() throws Exception {
        CreatedAccount owner = accounts.create("system:test", "eier", "Eier", null, List.of(RoleGrant.kommuneWide(Role.OWNER)));
        assertEquals(Set.of("viewer", "ssh"), roles(login("eier", owner.password() + code(owner))));
    }

    @Test
    void everyOtherRoleIsRefusedAndRecordedWithoutASession() throws Exception {
        CreatedAccount employee = accounts.create("system:test", "ansatt", null, null, List.of(RoleGrant.unit(Role.EMPLOYEE, 1)));
        CreatedAccount unitAdmin = accounts.create("system:test", "styrer", null, null, List.of(RoleGrant.unit(Role.UNIT_ADMIN, 1)));
        long person = db.transactions().inTransaction(em -> {
            no.ranselpost.persistence.entity.PersonEntity p = new no.ranselpost.persistence.entity.PersonEntity();
            p.setNationalId("27850998855");
            p.setGivenName("Foresatt");
            p.setFamilyName("Test");
            em.persist(p);
            em.flush();
            return p.getId();
        });
        CreatedAccount guardian = accounts.create("system:test", "foresatt", null, person, List.of(new RoleGrant(Role.GUARDIAN, null, null, null, null, null)));
        assertThrows(FailedLoginException.class, () -> login("ansatt", employee.password()));
        assertThrows(FailedLoginException.class, () -> login("styrer", unitAdmin.password() + code(unitAdmin)));
        assertThrows(FailedLoginException.class, () -> login("foresatt", guardian.password()));
        assertEquals(3, audit("DENIED", "shell-not-for-this-role"));
        long sessions = db.transactions().inTransaction(em -> em.createQuery("select count(s) from SessionEntity s", Long.class).getSingleResult());
        assertEquals(0, sessions, "no session was opened for them");
    }

    @Test
    void aWrongOrMissingCodeCountsTowardTheLockLikeRestSignIn() throws Exception {
        CreatedAccount admin = accounts.create("system:test", "per.admin", null, null, List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)));
        String wrong = "000000".equals(code(admin)) ? "111111" : "000000";
        assertThrows(FailedLoginException.class, () -> login("per.admin", admin.password() + wrong));
        assertThrows(FailedLoginException.class, () -> login("per.admin", admin.password()));
        assertEquals(2, failedAttempts(admin.accountId()));
        for (int i = 0; i < 3; i++) {
            assertThrows(FailedLoginException.class, () -> login("per.admin", "wrong-password" + wrong));
        }
        // locked now: even the right password and code are refused
        assertThrows(FailedLoginException.class, () -> login("per.admin", admin.password() + code(admin)));
        assertTrue(db.transactions().inTransaction(em -> em.find(StaffAccountEntity.class, admin.accountId()).getLockedUntil()) != null);
    }

    @Test
    void theFirstSystemAdminOnlyWhileNoneExistsAndThenOnlyBySystemAdmins() throws Exception {
        assertFalse(accounts.systemAdminExists());
        CreatedAccount first = accounts.createSystemAdmin(null, "system:console", "first.admin", null);
        assertTrue(accounts.systemAdminExists());
        assertThrows(FirstAdminExistsException.class, () -> accounts.createSystemAdmin(null, "system:console", "second.admin", null));
        assertEquals(1, audit("DENIED", "system-admin-exists"));
        LoginResult admin = accounts.login("first.admin", first.password().toCharArray(), code(first));
        CreatedAccount second = accounts.createSystemAdmin(admin.principal(), null, "second.admin", null);
        assertTrue(accounts.login("second.admin", second.password().toCharArray(), code(second)).principal().hasRole(Role.SYSTEM_ADMIN));
        CreatedAccount owner = accounts.create("system:test", "eier", null, null, List.of(RoleGrant.kommuneWide(Role.OWNER)));
        LoginResult ownerSession = accounts.login("eier", owner.password().toCharArray(), code(owner));
        assertThrows(AccessDeniedException.class, () -> accounts.createSystemAdmin(ownerSession.principal(), null, "third.admin", null));
    }

    @Test
    void theSetupCodeIsWrittenForTheOwnerOnlyAndUsedOnce(@TempDir Path data) throws Exception {
        Path file = data.resolve(SetupCode.FILE);
        SetupCode setup = new SetupCode(accounts, new JpaAuditTrail(db.transactions()), file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String code = Files.readString(file).strip();
        assertTrue(code.length() >= 20);
        assertThrows(AccessDeniedException.class, () -> setup.createFirstAdmin("not-the-code", "kari.admin", null));
        assertEquals(1, audit("DENIED", "wrong-setup-code"));
        // a restart before it is used keeps the same code
        assertEquals(code, Files.readString(new SetupCode(accounts, new JpaAuditTrail(db.transactions()), file).file()).strip());
        CreatedAccount admin = setup.createFirstAdmin(code, "kari.admin", "Kari");
        assertTrue(accounts.login("kari.admin", admin.password().toCharArray(), code(admin)).principal().hasRole(Role.SYSTEM_ADMIN));
        assertFalse(Files.exists(file), "used once: gone");
        assertThrows(AccessDeniedException.class, () -> setup.createFirstAdmin(code, "ola.admin", null));
        assertEquals(1, audit("DENIED", "no-setup-code"));
        // a start with a SYSTEM_ADMIN writes none
        new SetupCode(accounts, new JpaAuditTrail(db.transactions()), file);
        assertFalse(Files.exists(file));
    }

    @Test
    void theShellRecordsChangingCommandsNotReadingOnesNorTheInitScriptsDefinitions() {
        assertEquals(List.of("feature:install", "ranselpost:import-run"), ShellAudit.changingCommands(
                "feature:list -i | grep registry; feature:install ranselpost-registry-enrolment; ranselpost:import-run enrolment; "
                        + "ranselpost:import-history enrolment"));
        assertEquals(List.of("install"), ShellAudit.changingCommands("install mvn:g/a/1"));
        assertEquals(List.of(), ShellAudit.changingCommands("bundle:list; la; help feature"));
        String initScript = "ld = { log:display $args } ;\nhalt = { system:shutdown -h -f $args } ;\n"
                + "feature:upgrade = { feature:install -u $args } ;\nedit = { shell:nano $args }\n"
                + "__load_class = {\n  (($.reader class) classLoader) loadClass $1\n}\n"
                + "if { %(jlineReader != null) } {\n  max_colors = ($.jline.terminal getNumericCapability max_colors)\n}\n";
        assertEquals(List.of(), ShellAudit.changingCommands(initScript));
    }
}
