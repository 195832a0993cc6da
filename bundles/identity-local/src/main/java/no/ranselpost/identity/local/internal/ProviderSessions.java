package no.ranselpost.identity.local.internal;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.access.api.EffectiveGrants;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticationException;
import no.ranselpost.core.api.identity.IdentityActions;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.identity.api.ProviderSession;
import no.ranselpost.identity.api.SessionIssuer;
import no.ranselpost.identity.api.UnknownPersonException;
import no.ranselpost.identity.api.VerifiedIdentity;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.FormerNationalIdEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.RoleGrantEntity;
import no.ranselpost.persistence.entity.SessionEntity;
import no.ranselpost.persistence.entity.StaffAccountEntity;

/**
 * Sessions for identities an outside provider proved (ID-porten): the same opaque, revocable
 * token and session table as local sign-in, so everything after sign-in is the same. A guardian
 * is found by the national id the provider names (or a former one the register replaced); a
 * person the registers know gets a guardian account on the first sign-in, whatever their links
 * are today (the access policy decides what they see: possibly nothing). A person nobody knows
 * gets no account, only a denial in the audit trail.
 */
@Component(service = SessionIssuer.class, configurationPid = "no.ranselpost.identity.local")
public class ProviderSessions implements SessionIssuer {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderSessions.class);
    /** What a provider-made account has instead of a password hash: never matches a password. */
    static final String NO_LOCAL_PASSWORD = "!provider";
    static final String UNKNOWN = "Ranselpost does not know this person: no child is registered with them as guardian";
    private static final String SIGN_IN = "SIGN_IN";

    private final Transactions tx;
    private final AuditTrail audit;
    private final EffectiveGrants effectiveGrants;
    private final OsloClock clock;
    private volatile Duration tokenLifetime = Duration.ofMinutes(60);

    @Activate
    public ProviderSessions(@Reference Transactions tx, @Reference AuditTrail audit, @Reference EffectiveGrants effectiveGrants,
                            @Reference OsloClock clock) {
        this.tx = tx;
        this.audit = audit;
        this.effectiveGrants = effectiveGrants;
        this.clock = clock;
    }

    @Activate
    @Modified
    void configure(IdentitySettings settings) {
        tokenLifetime = Duration.ofMinutes(settings.tokenLifetimeMinutes());
    }

    /** For tests: another session lifetime. */
    void configure(Duration lifetime) {
        tokenLifetime = lifetime;
    }

    @Override
    public LoginResult open(VerifiedIdentity identity) {
        if (identity.kind() != AccountKind.GUARDIAN || identity.nationalId() == null) {
            // staff from an outside provider (Feide) would be found by their provider subject; not yet
            throw new AuthenticationException("This provider signs in guardians by their national identity number only");
        }
        String token = Secrets.newToken();
        OffsetDateTime now = clock.nowUtc();
        OffsetDateTime expires = now.plus(tokenLifetime);
        Object result = tx.inTransaction(em -> {
            PersonEntity person = person(em, identity.nationalId());
            if (person == null) {
                return "unknown-person";
            }
            StaffAccountEntity account = guardianAccount(em, person, identity.providerId(), now);
            if (account.isDisabled()) {
                return "disabled";
            }
            SessionEntity session = new SessionEntity();
            session.setAccount(account);
            session.setTokenHash(Secrets.sha256Hex(token));
            session.setCreatedAt(now);
            session.setExpiresAt(expires);
            session.setAssurance(identity.assurance().name());
            session.setProviderId(identity.providerId());
            session.setProviderSessionId(limit(identity.providerSessionId(), 200));
            session.setIdTokenHint(limit(identity.idTokenHint(), 8000));
            em.persist(session);
            em.flush();
            AuthenticatedPrincipal p = principal(em, account, session.getId(), identity.assurance());
            audit.change(em, Actor.of(p), SIGN_IN, "session", session.getId(), null, identity.assurance().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            return p;
        });
        if (result instanceof String reason) {
            LOG.info("Sign-in through {} refused ({})", identity.providerId(), reason);
            audit.denial(Actor.ANONYMOUS, SIGN_IN, "session", List.of(), null, identity.providerId() + "-" + reason);
            throw reason.equals("unknown-person") ? new UnknownPersonException(UNKNOWN)
                    : new AuthenticationException("This account is disabled");
        }
        AuthenticatedPrincipal principal = (AuthenticatedPrincipal) result;
        LOG.info("Account {} signed in through {} at {} (session {})", principal.accountId(), identity.providerId(),
                identity.assurance(), principal.sessionId());
        return new LoginResult(token, expires, principal);
    }

    private static String limit(String value, int max) {
        return value == null || value.length() <= max ? value : null;
    }

    /** The person with this national id, or whose former one it is. */
    private static PersonEntity person(EntityManager em, String nationalId) {
        List<PersonEntity> current = em.createQuery("select p from PersonEntity p where p.nationalId = :n", PersonEntity.class)
                .setParameter("n", nationalId).getResultList();
        if (!current.isEmpty()) {
            return current.get(0);
        }
        List<PersonEntity> former = em.createQuery("select f.person from FormerNationalIdEntity f where f.nationalId = :n", PersonEntity.class)
                .setParameter("n", nationalId).getResultList();
        return former.isEmpty() ? null : former.get(0);
    }

    /** The person's guardian account, made on the first sign-in; it has no local password. */
    private StaffAccountEntity guardianAccount(EntityManager em, PersonEntity person, String providerId, OffsetDateTime now) {
        Optional<StaffAccountEntity> existing = em.createQuery("select a from StaffAccountEntity a where a.person.id = :p", StaffAccountEntity.class)
                .setParameter("p", person.getId()).getResultList().stream()
                .filter(a -> a.getKind() == AccountKind.GUARDIAN).findFirst();
        if (existing.isPresent()) {
            return existing.get();
        }
        StaffAccountEntity account = new StaffAccountEntity();
        account.setUsername(providerId + ".guardian-" + person.getId());
        account.setDisplayName(displayName(person));
        account.setPasswordHash(NO_LOCAL_PASSWORD);
        account.setKind(AccountKind.GUARDIAN);
        account.setCreatedAt(now);
        account.setPerson(person);
        RoleGrantEntity grant = new RoleGrantEntity();
        grant.setRole(Role.GUARDIAN);
        grant.setSourceId(providerId);
        account.addGrant(grant);
        em.persist(account);
        em.flush();
        audit.change(em, Actor.systemJob(providerId), "ACCOUNT_CREATE", "staff-account", account.getId(), (Long) null, "first-sign-in");
        return account;
    }

    private static String displayName(PersonEntity person) {
        String name = ((person.getGivenName() == null ? "" : person.getGivenName()) + " "
                + (person.getFamilyName() == null ? "" : person.getFamilyName())).strip();
        return name.isEmpty() ? "Foresatt" : name.length() > 200 ? name.substring(0, 200) : name;
    }

    private AuthenticatedPrincipal principal(EntityManager em, StaffAccountEntity account, long sessionId,
                                             AuthenticatedPrincipal.Assurance assurance) {
        List<no.ranselpost.core.api.identity.RoleGrant> stored = account.getGrants().stream()
                .map(g -> new no.ranselpost.core.api.identity.RoleGrant(g.getRole(), g.getUnitId(), g.getGroupId(), g.getValidFrom(),
                        g.getValidTo(), g.getSourceId()))
                .toList();
        return effectiveGrants.principal(em, new EffectiveGrants.Account(account.getId(), account.getKind(), account.getUsername(),
                account.getDisplayName(), account.getPerson().getId(), stored), sessionId, assurance);
    }

    @Override
    public Optional<ProviderSession> providerSession(long sessionId) {
        return tx.inTransaction(em -> {
            SessionEntity s = em.find(SessionEntity.class, sessionId);
            return s == null || s.getProviderId() == null ? Optional.<ProviderSession>empty()
                    : Optional.of(new ProviderSession(s.getProviderId(), s.getProviderSessionId(), s.getIdTokenHint()));
        });
    }

    @Override
    public boolean end(long sessionId) {
        OffsetDateTime now = clock.nowUtc();
        return tx.inTransaction(em -> {
            SessionEntity s = em.find(SessionEntity.class, sessionId);
            if (s == null || s.getRevokedAt() != null || !s.getExpiresAt().isAfter(now)) {
                return false;
            }
            s.setRevokedAt(now);
            s.setIdTokenHint(null);
            audit.change(em, Actor.account(s.getAccount().getId(), "SELF"), IdentityActions.SIGN_OUT, "session", s.getId(), (Long) null, null);
            return true;
        });
    }

    @Override
    public int endProviderSessions(String providerId, String providerSessionId) {
        if (providerId == null || providerSessionId == null || providerSessionId.isBlank() || providerSessionId.length() > 200) {
            return 0;
        }
        OffsetDateTime now = clock.nowUtc();
        return tx.inTransaction(em -> {
            List<SessionEntity> live = em.createQuery("select s from SessionEntity s where s.providerSessionId = :sid and s.providerId = :p"
                            + " and s.revokedAt is null and s.expiresAt > :now", SessionEntity.class)
                    .setParameter("sid", providerSessionId).setParameter("p", providerId).setParameter("now", now)
                    .getResultList();
            for (SessionEntity s : live) {
                s.setRevokedAt(now);
                // the id_token holds the national id: it goes with the session it served
                s.setIdTokenHint(null);
                audit.change(em, Actor.systemJob(providerId), IdentityActions.SIGN_OUT, "session", s.getId(), (Long) null, "front-channel-logout");
            }
            return live.size();
        });
    }
}
