package no.ranselpost.identity.local.internal;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.EffectiveGrants;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal.Assurance;
import no.ranselpost.core.api.identity.IdentityActions;
import no.ranselpost.core.api.identity.AuthenticationException;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.identity.SessionService;
import no.ranselpost.core.api.identity.StaffAccountService;
import no.ranselpost.core.api.identity.TooManyAttemptsException;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.RoleGrantEntity;
import no.ranselpost.persistence.entity.SessionEntity;
import no.ranselpost.persistence.entity.StaffAccountEntity;

/**
 * Local accounts and their sessions. Tokens are opaque and revocable: only their SHA-256 is
 * stored, and every request resolves the token to the account and its grants afresh. OWNER,
 * SYSTEM_ADMIN and UNIT_ADMIN sign in with a TOTP code besides the password; repeated
 * failures lock an account for a while. Every sign-in, sign-out and account creation is
 * recorded in the audit trail, failures as denials.
 *
 * <p>Attempts are limited per user name and per client address ({@link AttemptLimiter}, in
 * memory, per node) before the password is hashed, so a flood of guesses costs neither Argon2
 * nor an audit row per attempt. The decision on an attempt (lockout, failure count, the TOTP
 * step used) is taken under a row lock on the account ({@code SELECT ... FOR UPDATE}), so
 * parallel attempts are counted one by one and a TOTP code is accepted once.
 */
@Component(service = {SessionService.class, StaffAccountService.class, LocalAccounts.class}, configurationPid = "no.ranselpost.identity.local")
@Designate(ocd = IdentitySettings.class)
public class LocalAccounts implements SessionService, StaffAccountService {

    private static final Logger LOG = LoggerFactory.getLogger(LocalAccounts.class);
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,99}");
    /** Source ids of the glossary an INTEGRATION account may be bound to. */
    public static final Set<String> SOURCES = Set.of("freg", "krr", "hr", "enrolment",
            // timetable: the school administration system's timetable source, and the Feide export's reader
            "timetable", "feide");
    static final String FAILED = "Wrong user name, password or code, or the account is locked after repeated failures";
    static final String TOO_MANY = "Too many sign-in attempts; try again later";
    private static final String SIGN_IN = "SIGN_IN";

    private final Transactions tx;
    private final AuditTrail audit;
    private final AccessPolicy access;
    private final EffectiveGrants effectiveGrants;
    private final OsloClock clock;
    private volatile PasswordHasher hasher = new PasswordHasher();
    private volatile Duration tokenLifetime = Duration.ofMinutes(60);
    private volatile int maxFailedAttempts = 5;
    private volatile Duration lockout = Duration.ofMinutes(15);
    /** Verified against when the user name is unknown, so both failures take the same time. */
    private volatile String decoyHash;
    private final AttemptLimiter accountAttempts;
    private final AttemptLimiter addressAttempts;
    /** Password hashes computed to check an attempt (tests prove a refused attempt computes none). */
    private final AtomicLong passwordChecks = new AtomicLong();

    @Activate
    public LocalAccounts(@Reference Transactions tx, @Reference AuditTrail audit, @Reference AccessPolicy access,
                         @Reference EffectiveGrants effectiveGrants, @Reference OsloClock clock) {
        this.tx = tx;
        this.audit = audit;
        this.access = access;
        this.effectiveGrants = effectiveGrants;
        this.clock = clock;
        this.decoyHash = hasher.hash(Secrets.newPassword(20).toCharArray());
        this.accountAttempts = new AttemptLimiter(clock, 10, Duration.ofMinutes(1));
        this.addressAttempts = new AttemptLimiter(clock, 30, Duration.ofMinutes(1));
    }

    @Activate
    @Modified
    void configure(IdentitySettings settings) {
        hasher = new PasswordHasher(settings.argon2MemoryKb(), settings.argon2Iterations(), 1);
        tokenLifetime = Duration.ofMinutes(settings.tokenLifetimeMinutes());
        maxFailedAttempts = settings.maxFailedAttempts();
        lockout = Duration.ofMinutes(settings.lockoutMinutes());
        accountAttempts.setLimit(settings.maxAttemptsPerAccountPerMinute());
        addressAttempts.setLimit(settings.maxAttemptsPerAddressPerMinute());
        decoyHash = hasher.hash(Secrets.newPassword(20).toCharArray());
    }

    /** For tests: cheaper hashing parameters and another lifetime. */
    public void configure(PasswordHasher hasher, Duration tokenLifetime) {
        this.hasher = hasher;
        this.tokenLifetime = tokenLifetime;
        this.decoyHash = hasher.hash(Secrets.newPassword(20).toCharArray());
    }

    /** For tests: other attempt limits (per user name, per client address, each per minute). */
    void configureLimits(int perAccount, int perAddress) {
        accountAttempts.setLimit(perAccount);
        addressAttempts.setLimit(perAddress);
    }

    /** How many password hashes sign-in attempts have computed so far. */
    long passwordChecks() {
        return passwordChecks.get();
    }

    private OffsetDateTime now() {
        return clock.nowUtc();
    }

    static boolean needsSecondFactor(StaffAccountEntity account) {
        return account.getGrants().stream().anyMatch(g -> g.getRole().secondFactorRequired());
    }

    /** Checks password (and TOTP where required) with lockout; returns the account id and the assurance reached. */
    private record Checked(long accountId, Assurance assurance) {
    }

    private Checked check(String username, char[] password, String totpCode, boolean basic, String clientAddress) {
        if (username == null || password == null || password.length == 0 || username.length() > 100 || password.length > 1000) {
            throw new AuthenticationException(FAILED);
        }
        String normalized = username.strip().toLowerCase(Locale.ROOT);
        // the limits answer first: an attempt over them costs no hash and (but once a window) no audit row
        Slots slots = admit(normalized, clientAddress);
        Optional<StaffAccountEntity> found = tx.inTransaction(em -> findByUsername(em, normalized));
        String verifiedHash = found.map(StaffAccountEntity::getPasswordHash).orElse(decoyHash);
        passwordChecks.incrementAndGet();
        // Argon2 runs outside the row lock: parallel attempts hash in parallel and queue only for the decision
        boolean passwordOk = hasher.verify(password, verifiedHash);
        if (found.isEmpty()) {
            fail(null, "unknown-account");
        }
        long id = found.get().getId();
        OffsetDateTime now = now();
        // the decision and the counters change in one transaction under a row lock (SELECT ... FOR UPDATE), so
        // parallel attempts see each other's counts and a TOTP step is taken once
        String failure = tx.inTransaction(em -> {
            StaffAccountEntity a = lockAccount(em, id);
            if (a == null) {
                return "unknown-account";
            }
            if (a.isDisabled()) {
                return "disabled";
            }
            if (a.getLockedUntil() != null && a.getLockedUntil().isAfter(now)) {
                return "locked";
            }
            String reason = null;
            if (!passwordOk || !verifiedHash.equals(a.getPasswordHash())) {
                reason = "bad-credentials";
            } else if (basic && a.getKind() != AccountKind.INTEGRATION) {
                reason = "basic-not-allowed";
            } else if (!basic && needsSecondFactor(a)) {
                OptionalLong step = Totp.verify(a.getTotpSecret(), totpCode, now.toEpochSecond(), a.getTotpLastStep());
                if (step.isEmpty()) {
                    reason = totpCode == null || totpCode.isBlank() ? "second-factor-missing" : "second-factor-wrong";
                } else {
                    a.setTotpLastStep(step.getAsLong());
                }
            }
            if (reason == null && !basic) {
                // a shared department account past its rotation (30 days, or a holder of the password left) waits for the unit admin
                String due = SharedPasswordRule.rotationDue(em, a, clock);
                if (due != null) {
                    return due;
                }
            }
            if (reason != null) {
                a.setFailedAttempts(a.getFailedAttempts() + 1);
                if (a.getFailedAttempts() >= maxFailedAttempts) {
                    a.setLockedUntil(now.plus(lockout));
                    a.setFailedAttempts(0);
                    reason = reason + "-locked";
                }
                return reason;
            }
            a.setFailedAttempts(0);
            a.setLockedUntil(null);
            return null;
        });
        if (failure != null) {
            fail(id, failure);
        }
        // a success gives its slots back: only failures and attempts under way use up the limits
        accountAttempts.release(slots.account());
        addressAttempts.release(slots.address());
        return new Checked(id, basic ? Assurance.INTEGRATION_BASIC
                : found.get().getTotpSecret() != null && needsSecondFactor(found.get()) ? Assurance.PASSWORD_AND_TOTP : Assurance.PASSWORD);
    }

    /** The slots an attempt holds in the account limit and (with an address) in the address limit. */
    private record Slots(AttemptLimiter.Attempt account, AttemptLimiter.Attempt address) {
    }

    /**
     * Takes a slot of the address limit and of the account limit, or refuses the attempt with
     * {@link TooManyAttemptsException}. A refusal is recorded once per key and window (the first),
     * not per attempt, so a flood cannot fill the audit trail either.
     */
    private Slots admit(String normalized, String clientAddress) {
        AttemptLimiter.Attempt address = null;
        if (clientAddress != null && !clientAddress.isBlank()) {
            address = addressAttempts.tryAcquire(AttemptLimiter.addressKey(clientAddress));
            if (!address.allowed()) {
                refuse(address, null, "too-many-attempts-from-address");
            }
        }
        AttemptLimiter.Attempt account = accountAttempts.tryAcquire(normalized);
        if (!account.allowed()) {
            addressAttempts.release(address);
            refuse(account, normalized, "too-many-attempts-for-account");
        }
        return new Slots(account, address);
    }

    private void refuse(AttemptLimiter.Attempt attempt, String username, String reason) {
        if (attempt.firstRefusalInWindow()) {
            // the record holds the account's id (when the name is one), never the name or the address
            Long accountId = username == null ? null
                    : tx.inTransaction(em -> findByUsername(em, username).map(StaffAccountEntity::getId).orElse(null));
            LOG.info("Sign-in refused ({}; further refusals in this minute are not recorded)", reason);
            audit.denial(accountId == null ? Actor.ANONYMOUS : Actor.account(accountId, "NONE"), SIGN_IN, "staff-account",
                    accountId == null ? List.of() : List.of(accountId), null, reason);
        } else {
            LOG.debug("Sign-in refused ({})", reason);
        }
        throw new TooManyAttemptsException(TOO_MANY, attempt.retryAfterSeconds());
    }

    private void fail(Long accountId, String reason) {
        LOG.info("Sign-in refused ({})", reason);
        audit.denial(accountId == null ? Actor.ANONYMOUS : Actor.account(accountId, "NONE"), SIGN_IN, "staff-account",
                accountId == null ? List.of() : List.of(accountId), null, reason);
        throw new AuthenticationException(FAILED);
    }

    @Override
    public LoginResult login(String username, char[] password, String totpCode, String clientAddress) {
        return login(username, password, totpCode, clientAddress, false);
    }

    /**
     * Sign-in to the Karaf shell (SSH, {@code bin/client}, JMX): like {@link #login}, with the same
     * attempt limits and lockout, and then only a staff account holding SYSTEM_ADMIN or OWNER
     * today that signed in with its TOTP code; any other account is refused (a denial recorded,
     * no session opened). The session's audit record says {@code shell}.
     */
    public LoginResult loginShell(String username, char[] password, String totpCode, String clientAddress) {
        return login(username, password, totpCode, clientAddress, true);
    }

    /** Whether a principal may use the Karaf shell at all (SYSTEM_ADMIN, or OWNER for read-only commands). */
    public static boolean shellAllowed(AuthenticatedPrincipal p) {
        return p.kind() == AccountKind.STAFF && p.assurance() == Assurance.PASSWORD_AND_TOTP
                && (p.hasRole(Role.SYSTEM_ADMIN) || p.hasRole(Role.OWNER));
    }

    private static final AuthenticatedPrincipal NOT_FOR_SHELL = new AuthenticatedPrincipal(0, AccountKind.STAFF, "-", "-", null,
            List.of(), 0, Assurance.PASSWORD);

    private LoginResult login(String username, char[] password, String totpCode, String clientAddress, boolean shell) {
        Checked checked = check(username, password, totpCode, false, clientAddress);
        String token = Secrets.newToken();
        OffsetDateTime now = now();
        OffsetDateTime expires = now.plus(tokenLifetime);
        AuthenticatedPrincipal principal = tx.inTransaction(em -> {
            StaffAccountEntity account = em.find(StaffAccountEntity.class, checked.accountId());
            if (account.getKind() == AccountKind.INTEGRATION) {
                // integrations use HTTP Basic on each call, never sessions
                return null;
            }
            if (shell && !shellAllowed(toPrincipal(em, account, 0, checked.assurance()))) {
                return NOT_FOR_SHELL;
            }
            SessionEntity session = new SessionEntity();
            session.setAccount(account);
            session.setTokenHash(Secrets.sha256Hex(token));
            session.setCreatedAt(now);
            session.setExpiresAt(expires);
            session.setAssurance(checked.assurance().name());
            em.persist(session);
            em.flush();
            AuthenticatedPrincipal p = toPrincipal(em, account, session.getId(), checked.assurance());
            audit.change(em, Actor.of(p), SIGN_IN, "session", session.getId(), null,
                    shell ? "shell:" + checked.assurance().name().toLowerCase(Locale.ROOT) : checked.assurance().name());
            return p;
        });
        if (principal == null) {
            fail(checked.accountId(), "integration-uses-basic");
        }
        if (principal == NOT_FOR_SHELL) {
            fail(checked.accountId(), "shell-not-for-this-role");
        }
        LOG.info("Account {} signed in{} (session {})", checked.accountId(), shell ? " to the shell" : "", principal.sessionId());
        return new LoginResult(token, expires, principal);
    }

    @Override
    public Optional<AuthenticatedPrincipal> authenticateIntegration(String username, char[] password, String clientAddress) {
        try {
            Checked checked = check(username, password, null, true, clientAddress);
            return tx.inTransaction(em -> Optional.of(
                    toPrincipal(em, em.find(StaffAccountEntity.class, checked.accountId()), 0, Assurance.INTEGRATION_BASIC)));
        } catch (AuthenticationException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<AuthenticatedPrincipal> resolve(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return Optional.empty();
        }
        OffsetDateTime now = now();
        String hash = Secrets.sha256Hex(token);
        return tx.inTransaction(em -> em.createQuery(
                        "select s from SessionEntity s where s.tokenHash = :hash and s.revokedAt is null and s.expiresAt > :now",
                        SessionEntity.class)
                .setParameter("hash", hash)
                .setParameter("now", now)
                .getResultList().stream()
                .filter(s -> !s.getAccount().isDisabled())
                .findFirst()
                .map(s -> toPrincipal(em, s.getAccount(), s.getId(), Assurance.valueOf(s.getAssurance()))));
    }

    @Override
    public boolean revoke(String token) {
        if (token == null || token.isBlank()) {
            return false;
        }
        OffsetDateTime now = now();
        String hash = Secrets.sha256Hex(token);
        return tx.inTransaction(em -> {
            List<SessionEntity> sessions = em.createQuery(
                            "select s from SessionEntity s where s.tokenHash = :hash and s.revokedAt is null", SessionEntity.class)
                    .setParameter("hash", hash)
                    .getResultList();
            for (SessionEntity s : sessions) {
                s.setRevokedAt(now);
                audit.change(em, Actor.account(s.getAccount().getId(), "SELF"), IdentityActions.SIGN_OUT, "session", s.getId(), null, null);
            }
            return !sessions.isEmpty();
        });
    }

    @Override
    public CreatedAccount create(String createdBy, String username, String displayName, Long personId, List<RoleGrant> grants) {
        return create(new Actor(createdBy, "SYSTEM_JOB"), username, displayName, personId, grants, false);
    }

    @Override
    public CreatedAccount createIntegration(AuthenticatedPrincipal principal, String username, String sourceId) {
        access.require(principal, IdentityActions.INTEGRATION_ACCOUNT_CREATE, Target.NONE);
        if (sourceId == null || !SOURCES.contains(sourceId)) {
            throw new InvalidRequestException("'sourceId' must be one of " + SOURCES.stream().sorted().toList());
        }
        return create(Actor.of(principal), username, "Integration " + sourceId, null, List.of(RoleGrant.integration(sourceId)), false);
    }

    private CreatedAccount create(Actor actor, String username, String displayName, Long personId, List<RoleGrant> grants,
                                  boolean onlyTheFirstAdmin) {
        String normalized = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(normalized).matches()) {
            throw new InvalidRequestException("A user name is 2 to 100 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
        }
        if (grants == null || grants.isEmpty()) {
            throw new InvalidRequestException("An account needs at least one role");
        }
        if (grants.stream().anyMatch(g -> g.role() == Role.SYSTEM_JOB)) {
            throw new InvalidRequestException("SYSTEM_JOB is for Ranselpost's own jobs; no account has it");
        }
        AccountKind kind = kindOf(grants);
        if (kind == AccountKind.GUARDIAN && personId == null) {
            throw new InvalidRequestException("A guardian account belongs to a person");
        }
        boolean secondFactor = grants.stream().anyMatch(g -> g.role().secondFactorRequired());
        String password = Secrets.newPassword(20);
        String totpSecret = secondFactor ? Totp.newSecret() : null;
        String hash = hasher.hash(password.toCharArray());
        OffsetDateTime now = now();
        long id = tx.inTransaction(em -> {
            if (onlyTheFirstAdmin && systemAdminExists(em)) {
                throw new FirstAdminExistsException();
            }
            if (findByUsername(em, normalized).isPresent()) {
                throw new InvalidRequestException("The user name is taken");
            }
            StaffAccountEntity account = new StaffAccountEntity();
            account.setUsername(normalized);
            account.setDisplayName(displayName == null || displayName.isBlank() ? normalized : displayName.strip());
            account.setPasswordHash(hash);
            account.setTotpSecret(totpSecret);
            account.setCreatedAt(now);
            account.setKind(kind);
            if (personId != null) {
                PersonEntity person = em.find(PersonEntity.class, personId);
                if (person == null) {
                    throw new InvalidRequestException("No person " + personId);
                }
                account.setPerson(person);
            }
            for (RoleGrant g : grants) {
                RoleGrantEntity e = new RoleGrantEntity();
                e.setRole(g.role());
                e.setUnitId(g.unitId());
                e.setGroupId(g.groupId());
                e.setValidFrom(g.validFrom());
                e.setValidTo(g.validTo());
                e.setSourceId(g.sourceId());
                account.addGrant(e);
            }
            em.persist(account);
            em.flush();
            audit.change(em, actor, "ACCOUNT_CREATE", "staff-account", account.getId(), grants.get(0).unitId(), null);
            return account.getId();
        });
        LOG.info("Created account {} with roles {}", id, grants.stream().map(g -> g.role().name()).toList());
        return new CreatedAccount(id, normalized, password, totpSecret);
    }

    /** Serializes the first administrator's creation on this node (the check and the insert are one transaction). */
    private final Object firstAdminLock = new Object();

    /** Whether an account that is not disabled holds SYSTEM_ADMIN. */
    public boolean systemAdminExists() {
        return tx.inTransaction(LocalAccounts::systemAdminExists);
    }

    private static boolean systemAdminExists(EntityManager em) {
        return em.createQuery("select count(g) from RoleGrantEntity g where g.role = :role and g.account.disabled = false", Long.class)
                .setParameter("role", Role.SYSTEM_ADMIN).getSingleResult() > 0;
    }

    /**
     * Creates a SYSTEM_ADMIN: by a signed-in SYSTEM_ADMIN (the access policy decides, recorded as that
     * person), or, with {@code principal} null, by the machine itself (the local console, the one-time
     * setup code) only while no SYSTEM_ADMIN exists, checked in the creating transaction.
     *
     * @param machine who acts when there is no principal, e.g. {@code system:console}, {@code system:setup-code}
     * @throws no.ranselpost.access.api.AccessDeniedException when neither holds (recorded)
     */
    public CreatedAccount createSystemAdmin(AuthenticatedPrincipal principal, String machine, String username, String displayName) {
        if (principal != null) {
            access.require(principal, IdentityAccessDeclaration.SYSTEM_ADMIN_CREATE, Target.NONE);
            return create(Actor.of(principal), username, displayName, null, List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), false);
        }
        Actor actor = new Actor(machine, "SYSTEM_JOB");
        synchronized (firstAdminLock) {
            try {
                return create(actor, username, displayName, null, List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), true);
            } catch (FirstAdminExistsException e) {
                LOG.info("A first SYSTEM_ADMIN was refused: one exists ({})", machine);
                audit.denial(actor, "ACCOUNT_CREATE", "staff-account", List.of(), null, "system-admin-exists");
                throw e;
            }
        }
    }

    @Override
    public long count() {
        return tx.inTransaction(em -> em.createQuery("select count(a) from StaffAccountEntity a", Long.class).getSingleResult());
    }

    /**
     * The account, read after taking a row lock held until the transaction ends: first a
     * single-table {@code SELECT ID ... FOR UPDATE} (Derby: {@code FOR UPDATE WITH RR}), then the
     * entity, read fresh. Not {@code em.find(..., PESSIMISTIC_WRITE)}: OpenJPA's find joins the
     * eager grants into that SELECT, which Derby cannot lock, and then locks the row only after
     * reading it, a stale read that let parallel attempts lose counts (checked on Derby 10.14
     * and PostgreSQL 15 with OpenJPA 3.2).
     */
    private static StaffAccountEntity lockAccount(EntityManager em, long id) {
        List<Long> locked = em.createQuery("select a.id from StaffAccountEntity a where a.id = :id", Long.class)
                .setParameter("id", id)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        return locked.isEmpty() ? null : em.find(StaffAccountEntity.class, id);
    }

    private static Optional<StaffAccountEntity> findByUsername(EntityManager em, String username) {
        return em.createQuery("select a from StaffAccountEntity a where a.username = :u", StaffAccountEntity.class)
                .setParameter("u", username)
                .getResultList().stream().findFirst();
    }

    /**
     * The account kind its roles make: GUARDIAN alone, INTEGRATION alone, or staff roles. A
     * person who is both staff and a guardian holds two accounts; one account never mixes kinds.
     */
    static AccountKind kindOf(List<RoleGrant> grants) {
        boolean guardian = grants.stream().anyMatch(g -> g.role() == Role.GUARDIAN);
        boolean integration = grants.stream().anyMatch(g -> g.role() == Role.INTEGRATION);
        boolean staff = grants.stream().anyMatch(g -> g.role() != Role.GUARDIAN && g.role() != Role.INTEGRATION);
        if ((guardian ? 1 : 0) + (integration ? 1 : 0) + (staff ? 1 : 0) > 1) {
            throw new InvalidRequestException("An account is a staff, a guardian or an integration account, never more than one: "
                    + "a person who is both staff and a guardian has two accounts");
        }
        return guardian ? AccountKind.GUARDIAN : integration ? AccountKind.INTEGRATION : AccountKind.STAFF;
    }

    /** The principal of a session: the effective grants are computed by the access bundle, in this transaction. */
    private AuthenticatedPrincipal toPrincipal(EntityManager em, StaffAccountEntity account, long sessionId, Assurance assurance) {
        List<RoleGrant> stored = account.getGrants().stream()
                .map(g -> new RoleGrant(g.getRole(), g.getUnitId(), g.getGroupId(), g.getValidFrom(), g.getValidTo(), g.getSourceId()))
                .toList();
        Long personId = account.getPerson() == null ? null : account.getPerson().getId();
        return effectiveGrants.principal(em, new EffectiveGrants.Account(account.getId(), account.getKind(), account.getUsername(),
                account.getDisplayName(), personId, stored), sessionId, assurance);
    }
}
