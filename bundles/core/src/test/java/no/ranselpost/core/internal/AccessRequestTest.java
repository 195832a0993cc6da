package no.ranselpost.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;

import javax.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.access.api.Target;
import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.AccessRequestService.AccessRequest;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.CoreActions;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal.Assurance;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.GuardianshipEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.persistence.testing.TestDatabase;

/**
 * Seed 000's start of the year: every guardian is inactive ("grå konvolutt") until they ask and
 * the unit admin activates them from the request ("svart konvolutt"), or declines it.
 */
class AccessRequestTest {

    private static final OsloClock CLOCK = OsloClock.at(LocalDate.of(2026, 8, 17), 9, 0);

    private TestDatabase db;
    private RuleBasedAccessPolicy policy;
    private JpaAccessRequestService requests;
    private JpaChildService children;
    private long unit;
    private long otherUnit;
    private long child;
    private long mother;
    private long stepfather;
    private long unknownFather;
    private static int ids = 500;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
        policy = new RuleBasedAccessPolicy(db.transactions(), audit, CLOCK);
        policy.declare(new CoreAccessDeclaration(db.transactions(), CLOCK), new AccessRequestDeclaration(db.transactions()));
        requests = new JpaAccessRequestService(db.transactions(), policy, audit, CLOCK);
        children = new JpaChildService(db.transactions(), policy, audit, CLOCK);
        db.transactions().run(em -> {
            UnitEntity u = unit(em, "964338531");
            UnitEntity o = unit(em, "974760673");
            GroupEntity g = new GroupEntity();
            g.setUnit(u);
            g.setCode("A1");
            g.setName("Avdeling Rød");
            g.setGroupType(GroupType.DEPARTMENT);
            em.persist(g);
            PersonEntity c = person(em);
            EnrolmentEntity e = new EnrolmentEntity();
            e.setChild(c);
            e.setUnit(u);
            e.setGroup(g);
            e.setStartDate(CLOCK.today().minusDays(1));
            em.persist(e);
            PersonEntity m = person(em);
            PersonEntity s = person(em);
            PersonEntity f = person(em);
            link(em, c, m, ParentalResponsibility.FELLES);
            link(em, c, f, ParentalResponsibility.UKJENT);
            em.flush();
            unit = u.getId();
            otherUnit = o.getId();
            child = c.getId();
            mother = m.getId();
            stepfather = s.getId();
            unknownFather = f.getId();
        });
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static UnitEntity unit(EntityManager em, String org) {
        UnitEntity u = new UnitEntity();
        u.setOrgNumber(org);
        u.setUnitType(UnitType.KINDERGARTEN);
        u.setName("U" + org);
        em.persist(u);
        return u;
    }

    private static PersonEntity person(EntityManager em) {
        PersonEntity p = new PersonEntity();
        p.setNationalId(String.format("%011d", ++ids));
        p.setGivenName("G" + ids);
        p.setFamilyName("F");
        em.persist(p);
        return p;
    }

    private static void link(EntityManager em, PersonEntity c, PersonEntity adult, ParentalResponsibility r) {
        GuardianshipEntity g = new GuardianshipEntity();
        g.setChild(c);
        g.setGuardian(adult);
        g.setRelation(GuardianRelation.MOR);
        g.setResponsibility(r);
        g.setCurrent(true);
        em.persist(g);
    }

    private static AuthenticatedPrincipal guardian(long personId) {
        return new AuthenticatedPrincipal(100 + personId, AccountKind.GUARDIAN, "g" + personId, "G", personId,
                List.of(RoleGrant.kommuneWide(Role.GUARDIAN)), 2, Assurance.IDPORTEN_LOA_SUBSTANTIAL);
    }

    private static AuthenticatedPrincipal staff(long accountId, RoleGrant grant) {
        return new AuthenticatedPrincipal(accountId, AccountKind.STAFF, "s" + accountId, "S", null, List.of(grant), 1,
                Assurance.PASSWORD_AND_TOTP);
    }

    @Test
    void aGuardianAsksTheUnitAdminActivatesFromTheRequestAndTheGuardianSeesTheChild() {
        AuthenticatedPrincipal mum = guardian(mother);
        assertTrue(children.ownChildren(mum).isEmpty(), "inactive until activated (seed 000: all guardians start inactive)");
        List<AccessRequest> asked = requests.request(mum, child, null);
        assertEquals(1, asked.size());
        assertEquals("PENDING", asked.get(0).state());
        assertEquals(unit, asked.get(0).unitId());
        // asking again answers the pending request, not a second one
        assertEquals(asked.get(0).id(), requests.request(mum, child, unit).get(0).id());

        AuthenticatedPrincipal admin = staff(7, RoleGrant.unit(Role.UNIT_ADMIN, unit));
        AuthenticatedPrincipal otherAdmin = staff(8, RoleGrant.unit(Role.UNIT_ADMIN, otherUnit));
        assertEquals(List.of(asked.get(0).id()), requests.ofUnit(admin, unit, null).stream().map(AccessRequest::id).toList());
        assertThrows(AccessDeniedException.class, () -> requests.ofUnit(otherAdmin, unit, null));
        assertThrows(AccessDeniedException.class, () -> requests.activate(otherAdmin, asked.get(0).id()));
        assertThrows(AccessDeniedException.class, () -> requests.activate(staff(9, RoleGrant.unit(Role.LEADER, unit)), asked.get(0).id()));
        assertThrows(NoSuchObjectException.class, () -> requests.activate(admin, 987654321L));

        AccessRequest activated = requests.activate(admin, asked.get(0).id());
        assertEquals("ACTIVATED", activated.state());
        assertEquals(List.of(child), children.ownChildren(mum).stream().map(c -> c.id()).toList());
        assertTrue(requests.ofUnit(admin, unit, null).isEmpty());
        assertThrows(InvalidRequestException.class, () -> requests.activate(admin, asked.get(0).id()), "decided once");
        assertThrows(InvalidRequestException.class, () -> requests.request(mum, child, null), "active already");
        boolean wished = db.transactions().inTransaction(em -> em.createQuery("select ua.guardianAsked from GuardianUnitAccessEntity ua "
                + "where ua.person.id = :p", Boolean.class).setParameter("p", mother).getSingleResult());
        assertTrue(wished, "the request is her recorded wish");
        // the activation and the decision are in the trail, in the same transaction
        long records = db.transactions().inTransaction(em -> em.createQuery("select count(r) from AuditRecordEntity r where r.action in "
                + "('core.access-request.create', 'core.access-request.decide', 'core.guardian-access.activate') and r.outcome = 'CHANGED'", Long.class).getSingleResult());
        assertEquals(3L, records);
        assertEquals(List.of("ACTIVATED"), requests.own(mum).stream().map(AccessRequest::state).toList());
        assertTrue(policy.decide(mum, CoreActions.CHILD_READ, Target.child(child)).allowed());
    }

    @Test
    void onlyAHolderOfResponsibilityAsksAndADeclineCarriesAReasonCode() {
        // a step-parent (no link) and a parent with "ukjent" responsibility cannot ask: they go through consent by hand
        assertThrows(InvalidRequestException.class, () -> requests.request(guardian(stepfather), child, null));
        assertThrows(InvalidRequestException.class, () -> requests.request(guardian(unknownFather), child, null));
        assertThrows(InvalidRequestException.class, () -> requests.request(guardian(mother), child, otherUnit), "the child is not there");
        assertThrows(AccessDeniedException.class, () -> requests.request(staff(7, RoleGrant.unit(Role.UNIT_ADMIN, unit)), child, null),
                "a staff session never asks as a guardian");

        AccessRequest asked = requests.request(guardian(mother), child, null).get(0);
        AuthenticatedPrincipal admin = staff(7, RoleGrant.unit(Role.UNIT_ADMIN, unit));
        assertThrows(InvalidRequestException.class, () -> requests.decline(admin, asked.id(), "Kari Nordmann sa nei"));
        AccessRequest declined = requests.decline(admin, asked.id(), "asked-custodians");
        assertEquals("DECLINED", declined.state());
        assertEquals("asked-custodians", declined.declineReason());
        assertTrue(children.ownChildren(guardian(mother)).isEmpty());
        long unitAccess = db.transactions().inTransaction(em -> em.createQuery(
                "select count(ua) from GuardianUnitAccessEntity ua where ua.person.id = :p and ua.state = :a", Long.class)
                .setParameter("p", mother).setParameter("a", AccountState.ACTIVE).getSingleResult());
        assertEquals(0L, unitAccess, "a declined request activates nothing");
        assertEquals(1, requests.ofUnit(admin, unit, "DECLINED").size());
        // a new request may follow a declined one
        assertEquals("PENDING", requests.request(guardian(mother), child, null).get(0).state());
    }
}
