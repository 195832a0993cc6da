package no.ranselpost.identity.local.internal;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.ConflictException;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AccountActivation;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticationException;
import no.ranselpost.core.api.identity.StaffActions;
import no.ranselpost.core.api.identity.StaffAdministration;
import no.ranselpost.core.api.identity.TooManyAttemptsException;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.ActivationCodeEntity;
import no.ranselpost.persistence.entity.EmploymentEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.RoleGrantEntity;
import no.ranselpost.persistence.entity.SharedPasswordHolderEntity;
import no.ranselpost.persistence.entity.StaffAccountEntity;
import no.ranselpost.persistence.entity.UnitEntity;

/**
 * Staff accounts over their life (seed 000) and their owners' credentials. Who may change what
 * is told by the roles a change touches and decided by the access bundle: the unit's staff roles
 * ({@link StaffActions#UNIT_STAFF_MANAGE}), UNIT_ADMIN ({@link StaffActions#UNIT_ADMIN_MANAGE}),
 * OWNER and SYSTEM_ADMIN ({@link StaffActions#KOMMUNE_ADMIN_MANAGE}); an account as a whole is
 * managed under the action of the highest role it holds. For a person the HR system knows, HR
 * alone decides LEADER and EMPLOYEE: a grant by hand is only the group of a role HR gives at that
 * unit, otherwise 409 naming the source.
 *
 * <p>An account created here has no usable password: its owner sets one with the one-time
 * activation code (72 hours, only its SHA-256 stored), and enrols TOTP where a role needs it.
 * Nobody but the owner sees the password or the TOTP secret; a reset withdraws open codes and
 * ends every session at once, as disabling does. Every change is audited in its transaction.
 */
@Component(service = {StaffAdministration.class, AccountActivation.class}, configurationPid = "no.ranselpost.identity.local")
public class StaffAccounts implements StaffAdministration, AccountActivation {

    private static final Logger LOG = LoggerFactory.getLogger(StaffAccounts.class);
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,99}");
    static final Duration CODE_LIFETIME = Duration.ofHours(72);
    static final int MIN_PASSWORD_LENGTH = 12;
    static final String CODE_REFUSED = "The activation code is unknown, used or expired; ask your administrator for a new one";
    private static final String ISSUER = "Ranselpost";
    static final String NEW_ACCOUNT = "NEW_ACCOUNT";
    static final String PASSWORD_RESET = "PASSWORD_RESET";
    static final String TOTP_RESET = "TOTP_RESET";
    private static final String KIND = StaffAccessDeclaration.STAFF_ACCOUNT;

    private final Transactions tx;
    private final AuditTrail audit;
    private final AccessPolicy access;
    private final OsloClock clock;
    private volatile PasswordHasher hasher = new PasswordHasher();
    /** Activation attempts per client address and per code, before anything is hashed or looked up. */
    private final AttemptLimiter addressAttempts;
    private final AttemptLimiter passwordAttempts;

    @Activate
    public StaffAccounts(@Reference Transactions tx, @Reference AuditTrail audit, @Reference AccessPolicy access,
                         @Reference OsloClock clock) {
        this.tx = tx;
        this.audit = audit;
        this.access = access;
        this.clock = clock;
        this.addressAttempts = new AttemptLimiter(clock, 30, Duration.ofMinutes(1));
        this.passwordAttempts = new AttemptLimiter(clock, 10, Duration.ofMinutes(1));
    }

    @Activate
    @Modified
    void configure(IdentitySettings settings) {
        hasher = new PasswordHasher(settings.argon2MemoryKb(), settings.argon2Iterations(), 1);
        addressAttempts.setLimit(settings.maxAttemptsPerAddressPerMinute());
        passwordAttempts.setLimit(settings.maxAttemptsPerAccountPerMinute());
    }

    /** For tests: cheaper hashing. */
    void configure(PasswordHasher testHasher) {
        this.hasher = testHasher;
    }

    // ---- which action a role, a grant, an account takes

    /** The manage action a role is given and taken under; staff roles only. */
    static String manageAction(Role role) {
        return switch (role) {
            case OWNER, SYSTEM_ADMIN -> StaffActions.KOMMUNE_ADMIN_MANAGE;
            case UNIT_ADMIN -> StaffActions.UNIT_ADMIN_MANAGE;
            case LEADER, EMPLOYEE, SUBSTITUTE, SHARED_ACCOUNT -> StaffActions.UNIT_STAFF_MANAGE;
            default -> throw new InvalidRequestException("Role " + role + " is not a staff role: guardians sign in with ID-porten, "
                    + "integrations get their accounts under /integration-accounts");
        };
    }

    private static int rank(Role role) {
        return switch (role) {
            case OWNER, SYSTEM_ADMIN -> 2;
            case UNIT_ADMIN -> 1;
            default -> 0;
        };
    }

    /** The action an account as a whole is managed under: the one of the highest role it holds. */
    private static String accountAction(StaffAccountEntity a) {
        Role highest = a.getGrants().stream().map(RoleGrantEntity::getRole).max(Comparator.comparingInt(StaffAccounts::rank))
                .orElse(Role.EMPLOYEE);
        return manageAction(rank(highest) == 0 ? Role.EMPLOYEE : highest);
    }

    private static Target grantTarget(Role role, Long unitId) {
        return rank(role) == 2 ? Target.NONE : Target.unit(unitId);
    }

    private static Target accountTarget(long accountId) {
        return Target.of(KIND, accountId);
    }

    // ---- administration

    @Override
    public ActivationCode create(AuthenticatedPrincipal principal, NewStaffAccount request) {
        if (request == null || request.roles().isEmpty()) {
            throw new InvalidRequestException("A staff account needs at least one role ('roles')");
        }
        String username = normalizedUsername(request.username());
        for (GrantRequest g : request.roles()) {
            shapeOf(g);
            access.require(principal, manageAction(g.role()), grantTarget(g.role(), g.unitId()));
        }
        String unusable = hasher.hash(Secrets.newPassword(32).toCharArray());
        String code = Secrets.newPassword(20);
        OffsetDateTime now = clock.nowUtc();
        ActivationCode created = tx.inTransaction(em -> {
            if (!em.createQuery("select a.id from StaffAccountEntity a where a.username = :u", Long.class)
                    .setParameter("u", username).getResultList().isEmpty()) {
                throw new InvalidRequestException("The user name is taken");
            }
            StaffAccountEntity account = new StaffAccountEntity();
            account.setUsername(username);
            account.setDisplayName(request.displayName() == null || request.displayName().isBlank() ? username
                    : limited(request.displayName().strip(), 200, "displayName"));
            account.setPasswordHash(unusable);
            account.setCreatedAt(now);
            account.setKind(AccountKind.STAFF);
            if (request.personId() != null) {
                PersonEntity person = em.find(PersonEntity.class, request.personId());
                if (person == null) {
                    throw new InvalidRequestException("No person " + request.personId());
                }
                if (!em.createQuery("select a.id from StaffAccountEntity a where a.person.id = :p and (a.kind is null or a.kind = :k)",
                        Long.class).setParameter("p", person.getId()).setParameter("k", AccountKind.STAFF).getResultList().isEmpty()) {
                    throw new InvalidRequestException("That person has a staff account already: give it the roles");
                }
                account.setPerson(person);
            }
            em.persist(account);
            em.flush();
            audit.change(em, Actor.of(principal), StaffActions.ACCOUNT_CREATE, KIND, account.getId(),
                    request.roles().get(0).unitId(), null);
            for (GrantRequest g : request.roles()) {
                addGrant(em, principal, account, g);
            }
            if (account.getGrants().stream().anyMatch(x -> x.getRole() == Role.SHARED_ACCOUNT) && account.getGrants().size() > 1) {
                throw new InvalidRequestException("A shared department account holds its SHARED_ACCOUNT role only");
            }
            return newCode(em, principal, account, code, NEW_ACCOUNT, now);
        });
        LOG.info("Staff account {} created by account {}", created.accountId(), principal.accountId());
        return created;
    }

    @Override
    public List<StaffAccount> list(AuthenticatedPrincipal principal, long unitId) {
        access.require(principal, StaffActions.ACCOUNT_READ, Target.unit(unitId));
        // an owner sees the unit's admins only (ACCESS.md: OWNER manages unit admins, reads no staff's data)
        boolean adminsOnly = !access.decide(principal, StaffActions.UNIT_STAFF_MANAGE, Target.unit(unitId)).allowed();
        LocalDate today = clock.today();
        return tx.inTransaction(em -> {
            if (em.find(UnitEntity.class, unitId) == null) {
                throw new NoSuchObjectException("No such unit");
            }
            String q = "select a from StaffAccountEntity a where (a.kind is null or a.kind = :staff) and (exists (select g.id from "
                    + "RoleGrantEntity g where g.account = a and g.unitId = :u" + (adminsOnly ? " and g.role = :admin" : "") + ")"
                    + (adminsOnly ? "" : " or exists (select e.id from EmploymentEntity e where e.person = a.person and e.unit.id = :u "
                    + "and (e.endDate is null or e.endDate >= :today))") + ") order by a.username";
            var query = em.createQuery(q, StaffAccountEntity.class).setParameter("staff", AccountKind.STAFF).setParameter("u", unitId);
            if (adminsOnly) {
                query.setParameter("admin", Role.UNIT_ADMIN);
            } else {
                query.setParameter("today", today);
            }
            List<StaffAccountEntity> accounts = query.getResultList();
            return views(em, accounts);
        });
    }

    @Override
    public StaffAccount get(AuthenticatedPrincipal principal, long accountId) {
        return tx.inTransaction(em -> {
            StaffAccountEntity a = requireManaged(em, principal, accountId);
            return views(em, List.of(a)).get(0);
        });
    }

    @Override
    public StaffAccount addGrant(AuthenticatedPrincipal principal, long accountId, GrantRequest grant) {
        shapeOf(grant);
        access.require(principal, manageAction(grant.role()), grantTarget(grant.role(), grant.unitId()));
        return tx.inTransaction(em -> {
            StaffAccountEntity a = staffAccount(em, accountId);
            if (a.getGrants().stream().anyMatch(g -> g.getRole() == Role.SHARED_ACCOUNT) || grant.role() == Role.SHARED_ACCOUNT) {
                throw new InvalidRequestException("A shared department account holds its SHARED_ACCOUNT role only");
            }
            addGrant(em, principal, a, grant);
            return views(em, List.of(a)).get(0);
        });
    }

    @Override
    public StaffAccount changeGrant(AuthenticatedPrincipal principal, long accountId, long grantId, GrantRequest change) {
        return tx.inTransaction(em -> {
            StaffAccountEntity a = staffAccount(em, accountId);
            RoleGrantEntity g = grantOf(a, grantId);
            access.require(principal, manageAction(g.getRole()), grantTarget(g.getRole(), g.getUnitId()));
            if (change == null || (change.role() != null && change.role() != g.getRole())
                    || (change.unitId() != null && !change.unitId().equals(g.getUnitId()))) {
                throw new InvalidRequestException("A grant moves to another group of its unit or gets other dates; its role and unit "
                        + "stay (remove it and give another)");
            }
            GrantRequest next = new GrantRequest(g.getRole(), g.getUnitId(), change.groupId(), change.validFrom(), change.validTo());
            shapeOf(next);
            checkGroupAndSource(em, a, next);
            g.setGroupId(next.groupId());
            g.setValidFrom(next.validFrom());
            g.setValidTo(next.validTo());
            em.flush();
            audit.change(em, Actor.of(principal), StaffActions.ROLE_CHANGE, "role-grant", g.getId(), List.of(a.getId()), g.getUnitId(),
                    "changed");
            return views(em, List.of(a)).get(0);
        });
    }

    @Override
    public StaffAccount removeGrant(AuthenticatedPrincipal principal, long accountId, long grantId) {
        return tx.inTransaction(em -> {
            StaffAccountEntity a = staffAccount(em, accountId);
            RoleGrantEntity g = grantOf(a, grantId);
            access.require(principal, manageAction(g.getRole()), grantTarget(g.getRole(), g.getUnitId()));
            if (a.getId() == principal.accountId() && rank(g.getRole()) > 0) {
                throw new InvalidRequestException("An administrator does not remove their own administrator role");
            }
            a.getGrants().remove(g);
            em.remove(g);
            em.flush();
            audit.change(em, Actor.of(principal), StaffActions.ROLE_CHANGE, "role-grant", grantId, List.of(a.getId()), g.getUnitId(),
                    "removed");
            return views(em, List.of(a)).get(0);
        });
    }

    @Override
    public StaffAccount disable(AuthenticatedPrincipal principal, long accountId) {
        return setDisabled(principal, accountId, true);
    }

    @Override
    public StaffAccount enable(AuthenticatedPrincipal principal, long accountId) {
        return setDisabled(principal, accountId, false);
    }

    private StaffAccount setDisabled(AuthenticatedPrincipal principal, long accountId, boolean disabled) {
        if (accountId == principal.accountId()) {
            throw new InvalidRequestException("An account is not disabled or enabled by itself");
        }
        OffsetDateTime now = clock.nowUtc();
        return tx.inTransaction(em -> {
            StaffAccountEntity a = requireManaged(em, principal, accountId);
            if (a.isDisabled() != disabled) {
                a.setDisabled(disabled);
                int ended = disabled ? endSessions(em, a.getId(), null, now) : 0;
                em.flush();
                audit.change(em, Actor.of(principal), StaffActions.ACCOUNT_STATE_CHANGE, KIND, a.getId(), auditUnit(a),
                        disabled ? "disabled" : "enabled");
                LOG.info("Staff account {} {} by account {} ({} sessions ended)", a.getId(), disabled ? "disabled" : "enabled",
                        principal.accountId(), ended);
            }
            return views(em, List.of(a)).get(0);
        });
    }

    @Override
    public ActivationCode reset(AuthenticatedPrincipal principal, long accountId, ResetKind kind) {
        if (kind == null) {
            throw new InvalidRequestException("'what' is PASSWORD or TOTP");
        }
        if (accountId == principal.accountId()) {
            throw new InvalidRequestException("Your own password is changed under /auth/password; a lost device is reset by another "
                    + "administrator");
        }
        String unusable = hasher.hash(Secrets.newPassword(32).toCharArray());
        String code = Secrets.newPassword(20);
        OffsetDateTime now = clock.nowUtc();
        return tx.inTransaction(em -> {
            StaffAccountEntity a = requireManaged(em, principal, accountId);
            if (a.isDisabled()) {
                throw new InvalidRequestException("The account is disabled: enable it first");
            }
            if (kind == ResetKind.TOTP && !LocalAccounts.needsSecondFactor(a)) {
                throw new InvalidRequestException("This account's roles sign in without TOTP");
            }
            a.setPasswordHash(unusable);
            a.setPasswordChangedAt(null);
            if (kind == ResetKind.TOTP) {
                a.setTotpSecret(null);
                a.setTotpLastStep(0);
            }
            endSessions(em, a.getId(), null, now);
            return newCode(em, principal, a, code, kind == ResetKind.TOTP ? TOTP_RESET : PASSWORD_RESET, now);
        });
    }

    @Override
    public StaffAccount recordPasswordHolder(AuthenticatedPrincipal principal, long accountId, long personId) {
        OffsetDateTime now = clock.nowUtc();
        return tx.inTransaction(em -> {
            StaffAccountEntity a = requireManaged(em, principal, accountId);
            if (!SharedPasswordRule.isShared(a)) {
                throw new InvalidRequestException("Only a shared department account has holders of its password");
            }
            PersonEntity person = em.find(PersonEntity.class, personId);
            if (person == null) {
                throw new InvalidRequestException("No person " + personId);
            }
            boolean known = !em.createQuery("select h.id from SharedPasswordHolderEntity h where h.account.id = :a and h.person.id = :p",
                    Long.class).setParameter("a", accountId).setParameter("p", personId).getResultList().isEmpty();
            if (!known) {
                SharedPasswordHolderEntity h = new SharedPasswordHolderEntity();
                h.setAccount(a);
                h.setPerson(person);
                h.setRecordedAt(now);
                h.setRecordedBy(principal.accountId());
                em.persist(h);
                em.flush();
                audit.change(em, Actor.of(principal), StaffActions.PASSWORD_HOLDER_CHANGE, "shared-password-holder", h.getId(),
                        List.of(accountId, personId), auditUnit(a), "recorded");
            }
            return views(em, List.of(a)).get(0);
        });
    }

    @Override
    public StaffAccount forgetPasswordHolder(AuthenticatedPrincipal principal, long accountId, long personId) {
        return tx.inTransaction(em -> {
            StaffAccountEntity a = requireManaged(em, principal, accountId);
            List<SharedPasswordHolderEntity> found = em.createQuery("select h from SharedPasswordHolderEntity h where h.account.id = :a "
                    + "and h.person.id = :p", SharedPasswordHolderEntity.class).setParameter("a", accountId).setParameter("p", personId)
                    .getResultList();
            if (found.isEmpty()) {
                throw new NoSuchObjectException("That person is not recorded as knowing the password");
            }
            long id = found.get(0).getId();
            em.remove(found.get(0));
            em.flush();
            audit.change(em, Actor.of(principal), StaffActions.PASSWORD_HOLDER_CHANGE, "shared-password-holder", id,
                    List.of(accountId, personId), auditUnit(a), "forgotten");
            return views(em, List.of(a)).get(0);
        });
    }

    // ---- activation and the owner's password

    @Override
    public TotpEnrolment startTotpEnrolment(String activationCode, String clientAddress) {
        admit(clientAddress);
        OffsetDateTime now = clock.nowUtc();
        String secret = Totp.newSecret();
        Object outcome = tx.inTransaction(em -> {
            Optional<ActivationCodeEntity> found = usableCode(em, activationCode, now);
            if (found.isEmpty()) {
                return "code-refused";
            }
            ActivationCodeEntity c = found.get();
            StaffAccountEntity a = c.getAccount();
            if (!LocalAccounts.needsSecondFactor(a)) {
                throw new InvalidRequestException("This account's roles sign in without TOTP: set the password only");
            }
            if (a.getTotpSecret() != null) {
                throw new InvalidRequestException("This account has a TOTP device: set the password only");
            }
            c.setPendingTotpSecret(secret);
            em.flush();
            audit.change(em, Actor.account(a.getId(), "SELF"), "staff.activation.totp-offered", "activation-code", c.getId(), null, null);
            return new TotpEnrolment(secret, "otpauth://totp/" + ISSUER + ":" + a.getUsername() + "?secret=" + secret + "&issuer="
                    + ISSUER + "&algorithm=SHA1&digits=6&period=30");
        });
        if (outcome instanceof TotpEnrolment e) {
            return e;
        }
        refuse(null, (String) outcome);
        return null;
    }

    @Override
    public void activate(String activationCode, char[] newPassword, String totpCode, String clientAddress) {
        admit(clientAddress);
        OffsetDateTime now = clock.nowUtc();
        // the code is looked up before the password is judged or hashed: a wrong code costs no hash
        Long accountId = tx.inTransaction(em -> usableCode(em, activationCode, now).map(c -> c.getAccount().getId()).orElse(null));
        if (accountId == null) {
            refuse(null, "code-refused");
        }
        String username = tx.inTransaction(em -> em.find(StaffAccountEntity.class, accountId).getUsername());
        checkStrength(newPassword, username);
        String hash = hasher.hash(newPassword);
        String failure = tx.inTransaction(em -> {
            StaffAccountEntity a = lockAccount(em, accountId);
            // read again under the account's row lock: a code is used once, however many try at the same moment
            Optional<ActivationCodeEntity> found = usableCode(em, activationCode, now);
            if (a == null || found.isEmpty() || found.get().getAccount().getId() != accountId) {
                return "code-refused";
            }
            ActivationCodeEntity c = found.get();
            if (LocalAccounts.needsSecondFactor(a) && a.getTotpSecret() == null) {
                if (c.getPendingTotpSecret() == null) {
                    throw new InvalidRequestException("This account signs in with TOTP: enrol the device first "
                            + "(POST /api/v1/auth/activation/totp), then send its code with the password");
                }
                OptionalLong step = Totp.verify(c.getPendingTotpSecret(), totpCode, now.toEpochSecond(), 0);
                if (step.isEmpty()) {
                    return "totp-wrong";
                }
                a.setTotpSecret(c.getPendingTotpSecret());
                a.setTotpLastStep(step.getAsLong());
            }
            a.setPasswordHash(hash);
            a.setPasswordChangedAt(now);
            a.setFailedAttempts(0);
            a.setLockedUntil(null);
            c.setUsedAt(now);
            c.setPendingTotpSecret(null);
            if (SharedPasswordRule.isShared(a)) {
                // a rotated shared password: those who knew the old one are forgotten; the unit admin records who gets the new one
                em.createQuery("delete from SharedPasswordHolderEntity h where h.account.id = :a").setParameter("a", a.getId()).executeUpdate();
            }
            endSessions(em, a.getId(), null, now);
            em.flush();
            audit.change(em, Actor.account(a.getId(), "SELF"), "staff.account.activate", KIND, a.getId(), null,
                    c.getPurpose().toLowerCase(Locale.ROOT).replace('_', '-'));
            return null;
        });
        if (failure != null) {
            refuse(accountId, failure);
        }
        LOG.info("Staff account {} activated by its owner", accountId);
    }

    @Override
    public void changePassword(AuthenticatedPrincipal principal, char[] currentPassword, char[] newPassword) {
        access.require(principal, StaffActions.PASSWORD_CHANGE, Target.account(principal.accountId()));
        if (currentPassword == null || currentPassword.length == 0 || currentPassword.length > 1000) {
            throw new InvalidRequestException("'currentPassword' is required");
        }
        AttemptLimiter.Attempt slot = passwordAttempts.tryAcquire("account:" + principal.accountId());
        if (!slot.allowed()) {
            throw new TooManyAttemptsException("Too many attempts; try again later", slot.retryAfterSeconds());
        }
        StaffAccountEntity stored = tx.inTransaction(em -> em.find(StaffAccountEntity.class, principal.accountId()));
        if (stored == null || !hasher.verify(currentPassword, stored.getPasswordHash())) {
            audit.denial(Actor.of(principal), StaffActions.PASSWORD_CHANGE, KIND, List.of(principal.accountId()), null,
                    "current-password-wrong");
            throw new AuthenticationException("The current password is wrong");
        }
        checkStrength(newPassword, stored.getUsername());
        String hash = hasher.hash(newPassword);
        OffsetDateTime now = clock.nowUtc();
        tx.run(em -> {
            StaffAccountEntity a = lockAccount(em, principal.accountId());
            if (!stored.getPasswordHash().equals(a.getPasswordHash())) {
                throw new InvalidRequestException("The password was changed meanwhile; sign in again");
            }
            a.setPasswordHash(hash);
            a.setPasswordChangedAt(now);
            endSessions(em, a.getId(), principal.sessionId(), now);
            em.flush();
            audit.change(em, Actor.of(principal), StaffActions.PASSWORD_CHANGE, KIND, a.getId(), null, null);
        });
        passwordAttempts.release(slot);
    }

    // ---- helpers

    private void admit(String clientAddress) {
        if (clientAddress != null && !clientAddress.isBlank()) {
            AttemptLimiter.Attempt a = addressAttempts.tryAcquire(AttemptLimiter.addressKey(clientAddress));
            if (!a.allowed()) {
                if (a.firstRefusalInWindow()) {
                    audit.denial(Actor.ANONYMOUS, "staff.account.activate", "activation-code", List.of(), null,
                            "too-many-attempts-from-address");
                }
                throw new TooManyAttemptsException("Too many attempts; try again later", a.retryAfterSeconds());
            }
        }
    }

    private void refuse(Long accountId, String reason) {
        LOG.info("Activation refused ({})", reason);
        audit.denial(accountId == null ? Actor.ANONYMOUS : Actor.account(accountId, "NONE"), "staff.account.activate",
                "activation-code", accountId == null ? List.of() : List.of(accountId), null, reason);
        throw new AuthenticationException(reason.equals("totp-wrong") ? "The TOTP code is wrong" : CODE_REFUSED);
    }

    /** An activation code that is neither used, withdrawn nor expired, of an account that is not disabled. */
    private static Optional<ActivationCodeEntity> usableCode(EntityManager em, String code, OffsetDateTime now) {
        if (code == null || code.isBlank() || code.length() > 100) {
            return Optional.empty();
        }
        return em.createQuery("select c from ActivationCodeEntity c where c.codeHash = :h and c.usedAt is null and c.withdrawnAt is null "
                        + "and c.expiresAt > :now", ActivationCodeEntity.class)
                .setParameter("h", Secrets.sha256Hex(code.strip())).setParameter("now", now)
                .getResultList().stream().filter(c -> !c.getAccount().isDisabled()).findFirst();
    }

    private ActivationCode newCode(EntityManager em, AuthenticatedPrincipal principal, StaffAccountEntity account, String code,
                                   String purpose, OffsetDateTime now) {
        for (ActivationCodeEntity open : em.createQuery("select c from ActivationCodeEntity c where c.account.id = :a "
                + "and c.usedAt is null and c.withdrawnAt is null", ActivationCodeEntity.class).setParameter("a", account.getId()).getResultList()) {
            open.setWithdrawnAt(now);
        }
        ActivationCodeEntity c = new ActivationCodeEntity();
        c.setAccount(account);
        c.setCodeHash(Secrets.sha256Hex(code));
        c.setPurpose(purpose);
        c.setCreatedAt(now);
        c.setCreatedBy(principal.accountId());
        c.setExpiresAt(now.plus(CODE_LIFETIME));
        em.persist(c);
        em.flush();
        audit.change(em, Actor.of(principal), NEW_ACCOUNT.equals(purpose) ? "staff.activation.issue" : StaffActions.ACCOUNT_RESET,
                "activation-code", c.getId(), List.of(account.getId()), auditUnit(account), purpose.toLowerCase(Locale.ROOT).replace('_', '-'));
        return new ActivationCode(account.getId(), account.getUsername(), code, c.getExpiresAt());
    }

    /** Revokes every open session of the account (but the one kept); how many. */
    static int endSessions(EntityManager em, long accountId, Long keepSessionId, OffsetDateTime now) {
        var update = em.createQuery("update SessionEntity s set s.revokedAt = :now where s.account.id = :a and s.revokedAt is null"
                        + (keepSessionId == null ? "" : " and s.id <> :keep"))
                .setParameter("now", now).setParameter("a", accountId);
        if (keepSessionId != null) {
            update.setParameter("keep", keepSessionId);
        }
        return update.executeUpdate();
    }

    private static StaffAccountEntity lockAccount(EntityManager em, long id) {
        List<Long> locked = em.createQuery("select a.id from StaffAccountEntity a where a.id = :id", Long.class)
                .setParameter("id", id).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        if (locked.isEmpty()) {
            return null;
        }
        StaffAccountEntity a = em.find(StaffAccountEntity.class, id);
        em.refresh(a);
        return a;
    }

    private static StaffAccountEntity staffAccount(EntityManager em, long accountId) {
        StaffAccountEntity a = em.find(StaffAccountEntity.class, accountId);
        if (a == null || a.getKind() != AccountKind.STAFF) {
            throw new NoSuchObjectException("No such staff account");
        }
        return a;
    }

    /**
     * The account, after the principal was found allowed to manage it as a whole (the action of
     * its highest role); a missing account is a 404 (a role that never may got its 403 before).
     */
    private StaffAccountEntity requireManaged(EntityManager em, AuthenticatedPrincipal principal, long accountId) {
        StaffAccountEntity a = em.find(StaffAccountEntity.class, accountId);
        if (a == null || a.getKind() != AccountKind.STAFF) {
            throw new NoSuchObjectException("No such staff account");
        }
        access.require(principal, accountAction(a), accountTarget(accountId));
        return a;
    }

    private static RoleGrantEntity grantOf(StaffAccountEntity a, long grantId) {
        return a.getGrants().stream().filter(g -> g.getId() == grantId).findFirst()
                .orElseThrow(() -> new NoSuchObjectException("The account holds no such grant"));
    }

    /** The grant's shape: a staff role, a unit for the unit roles (none for OWNER and SYSTEM_ADMIN), dates for substitutes. */
    private static void shapeOf(GrantRequest g) {
        if (g == null || g.role() == null) {
            throw new InvalidRequestException("A role is {\"role\", \"unitId\", \"groupId\", \"validFrom\", \"validTo\"}");
        }
        manageAction(g.role());
        if (rank(g.role()) == 2) {
            if (g.unitId() != null || g.groupId() != null) {
                throw new InvalidRequestException(g.role() + " holds for the whole kommune: no unit or group");
            }
        } else if (g.unitId() == null) {
            throw new InvalidRequestException(g.role() + " is held at a unit: 'unitId' is required");
        }
        if (g.role() == Role.UNIT_ADMIN && g.groupId() != null) {
            throw new InvalidRequestException("UNIT_ADMIN holds for the whole unit: no group");
        }
        if (g.role() == Role.SHARED_ACCOUNT && g.groupId() == null) {
            throw new InvalidRequestException("A shared account belongs to one department: 'groupId' is required");
        }
        if (g.role() == Role.SUBSTITUTE && (g.validFrom() == null || g.validTo() == null)) {
            throw new InvalidRequestException("A substitute's access has dates: 'validFrom' and 'validTo' are required");
        }
        if (g.validFrom() != null && g.validTo() != null && g.validTo().isBefore(g.validFrom())) {
            throw new InvalidRequestException("'validTo' is before 'validFrom'");
        }
    }

    private void addGrant(EntityManager em, AuthenticatedPrincipal principal, StaffAccountEntity a, GrantRequest g) {
        if (g.unitId() != null && em.find(UnitEntity.class, g.unitId()) == null) {
            throw new InvalidRequestException("No unit " + g.unitId());
        }
        checkGroupAndSource(em, a, g);
        if (g.role() == Role.SHARED_ACCOUNT) {
            if (a.getPerson() != null) {
                throw new InvalidRequestException("A shared department account belongs to no person");
            }
            if (!em.createQuery("select r.id from RoleGrantEntity r where r.role = :r and r.groupId = :g", Long.class)
                    .setParameter("r", Role.SHARED_ACCOUNT).setParameter("g", g.groupId()).getResultList().isEmpty()) {
                throw new InvalidRequestException("The department has its shared account already (one per department)");
            }
        }
        boolean same = a.getGrants().stream().anyMatch(x -> x.getRole() == g.role() && java.util.Objects.equals(x.getUnitId(), g.unitId())
                && java.util.Objects.equals(x.getGroupId(), g.groupId()));
        if (same) {
            throw new InvalidRequestException("The account holds that role there already");
        }
        RoleGrantEntity e = new RoleGrantEntity();
        e.setRole(g.role());
        e.setUnitId(g.unitId());
        e.setGroupId(g.groupId());
        e.setValidFrom(g.validFrom());
        e.setValidTo(g.validTo());
        a.addGrant(e);
        em.persist(e);
        em.flush();
        audit.change(em, Actor.of(principal), StaffActions.ROLE_CHANGE, "role-grant", e.getId(), List.of(a.getId()), g.unitId(),
                g.role().name());
    }

    /**
     * The group belongs to the grant's unit; for a person HR knows, LEADER and EMPLOYEE come from
     * HR alone: by hand only the group of the role HR gives at that unit (409 naming the source).
     */
    private void checkGroupAndSource(EntityManager em, StaffAccountEntity a, GrantRequest g) {
        if (g.groupId() != null) {
            GroupEntity group = em.find(GroupEntity.class, g.groupId());
            if (group == null || group.getUnit().getId() != g.unitId()) {
                throw new InvalidRequestException("Group " + g.groupId() + " is not a group of unit " + g.unitId());
            }
        }
        if ((g.role() == Role.LEADER || g.role() == Role.EMPLOYEE) && a.getPerson() != null) {
            List<EmploymentEntity> employments = em.createQuery("select e from EmploymentEntity e where e.person.id = :p and e.sourceId is not null",
                    EmploymentEntity.class).setParameter("p", a.getPerson().getId()).getResultList();
            if (!employments.isEmpty()) {
                String source = employments.get(0).getSourceId();
                LocalDate today = clock.today();
                boolean hrGivesIt = employments.stream().anyMatch(e -> e.getUnit().getId() == g.unitId() && e.getRole() == g.role()
                        && (e.getEndDate() == null || !e.getEndDate().isBefore(today)));
                if (g.groupId() == null || !hrGivesIt) {
                    throw new ConflictException(source, "The HR system (source '" + source + "') decides LEADER and EMPLOYEE for this "
                            + "person; by hand only the groups of the role HR gives at the unit");
                }
            }
        }
    }

    private static String normalizedUsername(String username) {
        String normalized = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(normalized).matches()) {
            throw new InvalidRequestException("A user name is 2 to 100 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
        }
        return normalized;
    }

    private static String limited(String value, int max, String field) {
        if (value.length() > max) {
            throw new InvalidRequestException("'" + field + "' is longer than " + max);
        }
        return value;
    }

    /** At least 12 characters, at most 200, not containing the user name, at least 4 different characters. */
    static void checkStrength(char[] password, String username) {
        if (password == null || password.length < MIN_PASSWORD_LENGTH) {
            throw new InvalidRequestException("A password has at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length > 200) {
            throw new InvalidRequestException("A password has at most 200 characters");
        }
        String p = new String(password);
        if ((username.length() >= 4 && p.toLowerCase(Locale.ROOT).contains(username)) || p.equalsIgnoreCase(username)
                || p.chars().distinct().count() < 4) {
            throw new InvalidRequestException("The password is too easy to guess (the user name, or too few different characters)");
        }
    }

    /** The unit an account-wide change is recorded at: its first unit-scoped grant's (a unit admin finds it there). */
    private static Long auditUnit(StaffAccountEntity a) {
        return a.getGrants().stream().map(RoleGrantEntity::getUnitId).filter(java.util.Objects::nonNull).sorted().findFirst().orElse(null);
    }

    /**
     * The administrators' view of accounts: grants, HR's roles today, state and last sign-in;
     * never a password, a hash or a TOTP secret.
     */
    private List<StaffAccount> views(EntityManager em, List<StaffAccountEntity> accounts) {
        if (accounts.isEmpty()) {
            return List.of();
        }
        List<Long> ids = accounts.stream().map(StaffAccountEntity::getId).toList();
        Map<Long, OffsetDateTime> lastSignIn = new HashMap<>();
        for (Object[] row : em.createQuery("select s.account.id, max(s.createdAt) from SessionEntity s where s.account.id in :ids "
                + "group by s.account.id", Object[].class).setParameter("ids", ids).getResultList()) {
            lastSignIn.put((Long) row[0], (OffsetDateTime) row[1]);
        }
        OffsetDateTime now = clock.nowUtc();
        Map<Long, String> codeState = new HashMap<>();
        for (ActivationCodeEntity c : em.createQuery("select c from ActivationCodeEntity c where c.account.id in :ids and c.usedAt is null "
                + "and c.withdrawnAt is null", ActivationCodeEntity.class).setParameter("ids", ids).getResultList()) {
            codeState.put(c.getAccount().getId(), c.getExpiresAt().isAfter(now) ? "PENDING_ACTIVATION" : "ACTIVATION_EXPIRED");
        }
        LocalDate today = clock.today();
        List<StaffAccount> out = new ArrayList<>();
        for (StaffAccountEntity a : accounts) {
            List<Grant> grants = a.getGrants().stream().sorted(Comparator.comparingLong(RoleGrantEntity::getId))
                    .map(g -> new Grant(g.getId(), g.getRole(), g.getUnitId(), g.getGroupId(), g.getValidFrom(), g.getValidTo())).toList();
            List<HrRole> hr = new ArrayList<>();
            if (a.getPerson() != null) {
                for (EmploymentEntity e : em.createQuery("select e from EmploymentEntity e where e.person.id = :p", EmploymentEntity.class)
                        .setParameter("p", a.getPerson().getId()).getResultList()) {
                    boolean current = !e.getStartDate().isAfter(today) && (e.getEndDate() == null || !e.getEndDate().isBefore(today));
                    boolean onLeave = e.getLeaveFrom() != null && !e.getLeaveFrom().isAfter(today)
                            && (e.getLeaveTo() == null || !e.getLeaveTo().isBefore(today));
                    if (current && !onLeave && e.getRole() != null) {
                        hr.add(new HrRole(e.getRole(), e.getUnit().getId(), e.getSourceId()));
                    }
                }
            }
            String state = a.isDisabled() ? "DISABLED" : codeState.getOrDefault(a.getId(), "ACTIVE");
            List<Long> holders = SharedPasswordRule.isShared(a) ? em.createQuery("select h.person.id from SharedPasswordHolderEntity h "
                    + "where h.account.id = :a order by h.person.id", Long.class).setParameter("a", a.getId()).getResultList() : List.of();
            out.add(new StaffAccount(a.getId(), a.getUsername(), a.getDisplayName(), a.getPerson() == null ? null : a.getPerson().getId(),
                    state, a.getTotpSecret() != null, a.getCreatedAt(), lastSignIn.get(a.getId()), a.getPasswordChangedAt(), grants, hr,
                    SharedPasswordRule.rotationDue(em, a, clock), holders));
        }
        return out;
    }
}
