package no.ranselpost.identity.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import no.ranselpost.access.internal.JpaEffectiveGrants;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal.Assurance;
import no.ranselpost.core.api.identity.AuthenticationException;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.identity.api.UnknownPersonException;
import no.ranselpost.identity.api.VerifiedIdentity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.StaffAccountEntity;
import no.ranselpost.persistence.testing.TestDatabase;

/** Sessions for identities a provider proved: the same sessions as local sign-in, a guardian account made once, never a password. */
class ProviderSessionsTest {

    private static final String PID = "01017012345";

    private TestDatabase db;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T08:00:00Z"));
    private LocalAccounts local;
    private ProviderSessions sessions;
    private long personId;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        local = TestAccounts.on(db, now::get);
        OsloClock clock = TestAccounts.clock(now::get);
        sessions = new ProviderSessions(db.transactions(), new JpaAuditTrail(db.transactions()), new JpaEffectiveGrants(clock), clock);
        sessions.configure(Duration.ofMinutes(30));
        personId = db.transactions().inTransaction(em -> {
            PersonEntity p = new PersonEntity();
            p.setNationalId(PID);
            p.setGivenName("Kari");
            p.setFamilyName("Nordmann");
            p.setAddressProtection(AddressProtection.NONE);
            em.persist(p);
            em.flush();
            return p.getId();
        });
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static VerifiedIdentity idporten(String pid, Assurance assurance, String sid) {
        return new VerifiedIdentity("idporten", AccountKind.GUARDIAN, pid, "pairwise-sub", assurance, "idporten-loa-high", sid, "id.token.hint");
    }

    @Test
    void aKnownPersonGetsOneGuardianAccountAndASessionThatResolvesLikeAnyOther() {
        LoginResult first = sessions.open(idporten(PID, Assurance.IDPORTEN_LOA_HIGH, "sid-1"));
        LoginResult second = sessions.open(idporten(PID, Assurance.IDPORTEN_LOA_SUBSTANTIAL, "sid-2"));
        assertEquals(first.principal().accountId(), second.principal().accountId(), "one account per person");
        assertEquals(AccountKind.GUARDIAN, first.principal().kind());
        assertEquals(personId, first.principal().personId());
        // the token resolves through the one session service, with the level it signed in at
        assertEquals(Assurance.IDPORTEN_LOA_HIGH, local.resolve(first.token()).orElseThrow().assurance());
        assertEquals(Assurance.IDPORTEN_LOA_SUBSTANTIAL, local.resolve(second.token()).orElseThrow().assurance());
        StaffAccountEntity account = db.transactions().inTransaction(em -> em.find(StaffAccountEntity.class, first.principal().accountId()));
        assertEquals(ProviderSessions.NO_LOCAL_PASSWORD, account.getPasswordHash());
        // a provider-made account never signs in with a password, not even the marker itself
        assertThrows(AuthenticationException.class, () -> local.login(account.getUsername(), ProviderSessions.NO_LOCAL_PASSWORD.toCharArray(), null));
        assertEquals("idporten", sessions.providerSession(first.principal().sessionId()).orElseThrow().providerId());
    }

    @Test
    void anUnknownPersonGetsNoAccountOnlyADenial() {
        long before = db.transactions().inTransaction(em -> em.createQuery("select count(a) from StaffAccountEntity a", Long.class).getSingleResult());
        assertThrows(UnknownPersonException.class, () -> sessions.open(idporten("02027012345", Assurance.IDPORTEN_LOA_HIGH, null)));
        long after = db.transactions().inTransaction(em -> em.createQuery("select count(a) from StaffAccountEntity a", Long.class).getSingleResult());
        assertEquals(before, after);
        long denials = db.transactions().inTransaction(em -> em.createQuery(
                "select count(r) from AuditRecordEntity r where r.reason = 'idporten-unknown-person'", Long.class).getSingleResult());
        assertEquals(1L, denials);
    }

    @Test
    void signOutAndFrontChannelLogoutEndSessionsAtOnce() {
        LoginResult a = sessions.open(idporten(PID, Assurance.IDPORTEN_LOA_HIGH, "sid-a"));
        LoginResult b = sessions.open(idporten(PID, Assurance.IDPORTEN_LOA_HIGH, "sid-b"));
        assertTrue(sessions.end(a.principal().sessionId()));
        assertFalse(sessions.end(a.principal().sessionId()), "once");
        assertTrue(local.resolve(a.token()).isEmpty());
        assertEquals(0, sessions.endProviderSessions("idporten", "sid-unknown"));
        assertEquals(0, sessions.endProviderSessions("another-provider", "sid-b"), "a provider ends only its own sessions");
        assertTrue(local.resolve(b.token()).isPresent());
        assertEquals(1, sessions.endProviderSessions("idporten", "sid-b"));
        assertTrue(local.resolve(b.token()).isEmpty());
        assertEquals(List.of(), db.transactions().inTransaction(em -> em.createQuery(
                "select s.idTokenHint from SessionEntity s where s.idTokenHint is not null and s.revokedAt is not null", String.class)
                .getResultList()), "an ended session keeps no id_token");
    }
}
