package no.ranselpost.identity.local.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticationException;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.identity.SessionService;
import no.ranselpost.core.api.identity.StaffAccountService;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.RoleGrantEntity;
import no.ranselpost.persistence.entity.SessionEntity;
import no.ranselpost.persistence.entity.StaffAccountEntity;

/**
 * Local staff accounts and their sessions. Tokens are opaque and revocable: only their SHA-256
 * is stored, and every request resolves the token to the account and its grants afresh.
 */
@Component(service = {SessionService.class, StaffAccountService.class}, configurationPid = "no.ranselpost.identity.local")
@Designate(ocd = IdentitySettings.class)
public class LocalAccounts implements SessionService, StaffAccountService {

    private static final Logger LOG = LoggerFactory.getLogger(LocalAccounts.class);
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,99}");
    static final String FAILED = "Wrong user name or password";

    private final Transactions tx;
    private final Clock clock;
    private volatile PasswordHasher hasher = new PasswordHasher();
    private volatile Duration tokenLifetime = Duration.ofMinutes(60);
    /** Verified against when the user name is unknown, so both failures take the same time. */
    private volatile String decoyHash;

    @Activate
    public LocalAccounts(@Reference Transactions tx) {
        this(tx, Clock.systemUTC());
    }

    public LocalAccounts(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
        this.decoyHash = hasher.hash(Secrets.newPassword(20).toCharArray());
    }

    @Activate
    @Modified
    void configure(IdentitySettings settings) {
        hasher = new PasswordHasher(settings.argon2MemoryKb(), settings.argon2Iterations(), 1);
        tokenLifetime = Duration.ofMinutes(settings.tokenLifetimeMinutes());
        decoyHash = hasher.hash(Secrets.newPassword(20).toCharArray());
    }

    /** For tests: cheaper hashing parameters and another lifetime. */
    public void configure(PasswordHasher hasher, Duration tokenLifetime) {
        this.hasher = hasher;
        this.tokenLifetime = tokenLifetime;
        this.decoyHash = hasher.hash(Secrets.newPassword(20).toCharArray());
    }

    @Override
    public LoginResult login(String username, char[] password) {
        if (username == null || password == null || password.length == 0) {
            throw new AuthenticationException(FAILED);
        }
        String normalized = username.strip().toLowerCase(java.util.Locale.ROOT);
        Optional<StaffAccountEntity> found = tx.inTransaction(em -> findByUsername(em, normalized));
        String stored = found.map(StaffAccountEntity::getPasswordHash).orElse(decoyHash);
        boolean ok = hasher.verify(password, stored);
        if (!ok || found.isEmpty() || found.get().isDisabled()) {
            LOG.info("Sign-in failed for an account (known: {})", found.isPresent());
            throw new AuthenticationException(FAILED);
        }
        String token = Secrets.newToken();
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime expires = now.plus(tokenLifetime);
        long accountId = found.get().getId();
        AuthenticatedPrincipal principal = tx.inTransaction(em -> {
            StaffAccountEntity account = em.find(StaffAccountEntity.class, accountId);
            SessionEntity session = new SessionEntity();
            session.setAccount(account);
            session.setTokenHash(Secrets.sha256Hex(token));
            session.setCreatedAt(now);
            session.setExpiresAt(expires);
            em.persist(session);
            em.flush();
            return toPrincipal(account, session.getId(), now.toLocalDate());
        });
        LOG.info("Account {} signed in (session {})", accountId, principal.sessionId());
        return new LoginResult(token, expires, principal);
    }

    @Override
    public Optional<AuthenticatedPrincipal> resolve(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return Optional.empty();
        }
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        String hash = Secrets.sha256Hex(token);
        return tx.inTransaction(em -> em.createQuery(
                        "select s from SessionEntity s where s.tokenHash = :hash and s.revokedAt is null and s.expiresAt > :now",
                        SessionEntity.class)
                .setParameter("hash", hash)
                .setParameter("now", now)
                .getResultList().stream()
                .filter(s -> !s.getAccount().isDisabled())
                .findFirst()
                .map(s -> toPrincipal(s.getAccount(), s.getId(), now.toLocalDate())));
    }

    @Override
    public boolean revoke(String token) {
        if (token == null || token.isBlank()) {
            return false;
        }
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        String hash = Secrets.sha256Hex(token);
        return tx.inTransaction(em -> {
            List<SessionEntity> sessions = em.createQuery(
                            "select s from SessionEntity s where s.tokenHash = :hash and s.revokedAt is null", SessionEntity.class)
                    .setParameter("hash", hash)
                    .getResultList();
            sessions.forEach(s -> s.setRevokedAt(now));
            return !sessions.isEmpty();
        });
    }

    @Override
    public CreatedAccount create(String username, String displayName, List<RoleGrant> grants) {
        String normalized = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        if (!USERNAME.matcher(normalized).matches()) {
            throw new IllegalArgumentException("A user name is 2 to 100 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
        }
        if (grants == null || grants.isEmpty()) {
            throw new IllegalArgumentException("An account needs at least one role");
        }
        String password = Secrets.newPassword(20);
        String hash = hasher.hash(password.toCharArray());
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        long id = tx.inTransaction(em -> {
            if (findByUsername(em, normalized).isPresent()) {
                throw new IllegalArgumentException("The user name is taken");
            }
            StaffAccountEntity account = new StaffAccountEntity();
            account.setUsername(normalized);
            account.setDisplayName(displayName == null || displayName.isBlank() ? normalized : displayName.strip());
            account.setPasswordHash(hash);
            account.setCreatedAt(now);
            for (RoleGrant g : grants) {
                RoleGrantEntity e = new RoleGrantEntity();
                e.setRole(g.role());
                e.setUnitId(g.unitId());
                e.setGroupId(g.groupId());
                e.setValidFrom(g.validFrom());
                e.setValidTo(g.validTo());
                account.addGrant(e);
            }
            em.persist(account);
            em.flush();
            return account.getId();
        });
        LOG.info("Created staff account {} with roles {}", id, grants.stream().map(g -> g.role().name()).toList());
        return new CreatedAccount(id, normalized, password);
    }

    @Override
    public long count() {
        return tx.inTransaction(em -> em.createQuery("select count(a) from StaffAccountEntity a", Long.class).getSingleResult());
    }

    private static Optional<StaffAccountEntity> findByUsername(EntityManager em, String username) {
        return em.createQuery("select a from StaffAccountEntity a where a.username = :u", StaffAccountEntity.class)
                .setParameter("u", username)
                .getResultList().stream().findFirst();
    }

    private static AuthenticatedPrincipal toPrincipal(StaffAccountEntity account, long sessionId, LocalDate today) {
        List<RoleGrant> grants = account.getGrants().stream()
                .map(g -> new RoleGrant(g.getRole(), g.getUnitId(), g.getGroupId(), g.getValidFrom(), g.getValidTo()))
                .filter(g -> g.isValidOn(today))
                .toList();
        return new AuthenticatedPrincipal(account.getId(), account.getUsername(), account.getDisplayName(), grants, sessionId);
    }
}
