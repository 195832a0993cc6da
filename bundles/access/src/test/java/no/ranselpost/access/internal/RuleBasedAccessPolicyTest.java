package no.ranselpost.access.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.ChildField;
import no.ranselpost.access.api.ChildScope;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.GuardianAccountEntity;
import no.ranselpost.persistence.entity.GuardianBlockEntity;
import no.ranselpost.persistence.entity.GuardianshipEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.persistence.testing.TestDatabase;

/** The rules of ACCESS.md against a small world in the real persistence unit. */
class RuleBasedAccessPolicyTest {

    private TestDatabase db;
    private RuleBasedAccessPolicy policy;
    private long unitA;
    private long unitB;
    private long groupA1;
    private long groupA2;
    private long groupB1;
    private long childA1;
    private long childA2;
    private long childB1;
    private long mother;
    private long unknownParent;
    private static int ids;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        policy = new RuleBasedAccessPolicy(db.transactions(), new JpaAuditTrail(db.transactions()));
        db.transactions().run(em -> {
            UnitEntity a = unit(em, "964338531");
            UnitEntity b = unit(em, "974760673");
            GroupEntity a1 = group(em, a, "A1");
            GroupEntity a2 = group(em, a, "A2");
            GroupEntity b1 = group(em, b, "B1");
            PersonEntity c1 = person(em);
            PersonEntity c2 = person(em);
            PersonEntity c3 = person(em);
            enrol(em, c1, a, a1, null);
            enrol(em, c2, a, a2, null);
            enrol(em, c3, b, b1, null);
            PersonEntity m = person(em);
            PersonEntity u = person(em);
            link(em, c1, m, ParentalResponsibility.FELLES);
            link(em, c3, m, ParentalResponsibility.FELLES);
            link(em, c1, u, ParentalResponsibility.UKJENT);
            account(em, m, AccountState.ACTIVE);
            account(em, u, AccountState.ACTIVE);
            em.flush();
            unitA = a.getId();
            unitB = b.getId();
            groupA1 = a1.getId();
            groupA2 = a2.getId();
            groupB1 = b1.getId();
            childA1 = c1.getId();
            childA2 = c2.getId();
            childB1 = c3.getId();
            mother = m.getId();
            unknownParent = u.getId();
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

    private static GroupEntity group(EntityManager em, UnitEntity unit, String code) {
        GroupEntity g = new GroupEntity();
        g.setUnit(unit);
        g.setCode(code);
        g.setName(code);
        g.setGroupType(GroupType.DEPARTMENT);
        em.persist(g);
        return g;
    }

    private static PersonEntity person(EntityManager em) {
        PersonEntity p = new PersonEntity();
        p.setNationalId(String.format("%011d", ++ids));
        p.setGivenName("G");
        p.setFamilyName("F");
        em.persist(p);
        return p;
    }

    private static EnrolmentEntity enrol(EntityManager em, PersonEntity child, UnitEntity unit, GroupEntity group, LocalDate end) {
        EnrolmentEntity e = new EnrolmentEntity();
        e.setChild(child);
        e.setUnit(unit);
        e.setGroup(group);
        e.setStartDate(LocalDate.now(ZoneOffset.UTC).minusYears(1));
        e.setEndDate(end);
        em.persist(e);
        return e;
    }

    private static void link(EntityManager em, PersonEntity child, PersonEntity adult, ParentalResponsibility r) {
        GuardianshipEntity g = new GuardianshipEntity();
        g.setChild(child);
        g.setGuardian(adult);
        g.setRelation(GuardianRelation.MOR);
        g.setResponsibility(r);
        g.setCurrent(true);
        em.persist(g);
    }

    private static void account(EntityManager em, PersonEntity p, AccountState state) {
        GuardianAccountEntity a = new GuardianAccountEntity();
        a.setPerson(p);
        a.setState(state);
        em.persist(a);
    }

    private static AuthenticatedPrincipal staff(RoleGrant... grants) {
        return new AuthenticatedPrincipal(1, "u", "U", null, List.of(grants), 1, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);
    }

    private AuthenticatedPrincipal guardian(long personId) {
        return new AuthenticatedPrincipal(2, "g", "G", personId, List.of(RoleGrant.kommuneWide(Role.GUARDIAN)), 2,
                AuthenticatedPrincipal.Assurance.PASSWORD);
    }

    private boolean may(AuthenticatedPrincipal p, Action a, Target t) {
        return policy.decide(p, a, t).allowed();
    }

    private List<Long> listed(AuthenticatedPrincipal p, Action a) {
        ChildScope scope = policy.childScope(p, a);
        return db.transactions().inTransaction(em -> {
            TypedQuery<Long> q = em.createQuery("select c.id from PersonEntity c where " + scope.predicate() + " order by c.id", Long.class);
            scope.parameters().forEach(q::setParameter);
            return q.getResultList();
        });
    }

    @Test
    void leadersReadTheirOwnGroupsOnlyUnlessUnitWideReadIsOn() {
        AuthenticatedPrincipal leader = staff(RoleGrant.group(Role.LEADER, unitA, groupA1));
        assertTrue(may(leader, Action.CHILD_READ, Target.child(childA1)));
        assertFalse(may(leader, Action.CHILD_READ, Target.child(childA2)), "another group of the same unit");
        assertFalse(may(leader, Action.CHILD_READ, Target.child(childB1)), "another unit");
        assertEquals(List.of(childA1), listed(leader, Action.CHILD_READ));
        policy.setUnitWideRead(true);
        assertTrue(may(leader, Action.CHILD_READ, Target.child(childA2)));
        assertEquals(List.of(childA1, childA2), listed(leader, Action.CHILD_READ));
        assertFalse(may(leader, Action.CHILD_READ, Target.child(childB1)));
    }

    @Test
    void unitAdminsManageTheirUnitAndOwnersSeeNoChildData() {
        AuthenticatedPrincipal admin = staff(RoleGrant.unit(Role.UNIT_ADMIN, unitA));
        assertTrue(may(admin, Action.CHILD_READ, Target.child(childA2)));
        assertTrue(may(admin, Action.GUARDIAN_BLOCK, Target.child(childA1)));
        assertFalse(may(admin, Action.GUARDIAN_BLOCK, Target.child(childB1)));
        assertTrue(may(admin, Action.GUARDIAN_ACCOUNT_ACTIVATE, Target.guardian(mother)), "the mother has a child in unit A");
        assertTrue(policy.childFields(admin, childA1, null).contains(ChildField.ADDRESS_CONFIDENTIAL));
        assertEquals(Set.of(unitA), policy.auditUnits(admin));

        AuthenticatedPrincipal owner = staff(RoleGrant.kommuneWide(Role.OWNER));
        assertFalse(may(owner, Action.CHILD_READ, Target.child(childA1)));
        assertTrue(policy.childFields(owner, childA1, null).isEmpty());
        assertEquals(List.of(), listed(owner, Action.CHILD_READ));
        assertTrue(may(owner, Action.UNIT_LIST, Target.NONE));
    }

    @Test
    void systemAdminsSeeConfidentialAddressesOnlyWithAReason() {
        AuthenticatedPrincipal sys = staff(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN));
        assertFalse(policy.childFields(sys, childB1, null).contains(ChildField.ADDRESS_CONFIDENTIAL));
        assertTrue(policy.childFields(sys, childB1, "court-case").contains(ChildField.ADDRESS_CONFIDENTIAL));
        assertEquals(null, policy.auditUnits(sys));
    }

    @Test
    void guardiansSeeOnlyChildrenTheyHoldCurrentResponsibilityForWithAnActiveUnblockedAccount() {
        AuthenticatedPrincipal m = guardian(mother);
        assertEquals(List.of(childA1, childB1), listed(m, Action.CHILD_READ));
        assertTrue(may(m, Action.CHILD_READ, Target.child(childA1)));
        assertFalse(may(m, Action.CHILD_READ, Target.child(childA2)), "another family's child");
        assertEquals(Set.of(ChildField.BASIC, ChildField.NATIONAL_ID, ChildField.GUARDIANS), policy.childFields(m, childA1, null));

        AuthenticatedPrincipal unknown = guardian(unknownParent);
        assertFalse(may(unknown, Action.CHILD_READ, Target.child(childA1)), "ansvar ukjent grants nothing");
        assertEquals(List.of(), listed(unknown, Action.CHILD_READ));

        // a block on one child ends access to that child only
        db.transactions().run(em -> {
            GuardianBlockEntity b = new GuardianBlockEntity();
            b.setGuardian(em.find(PersonEntity.class, mother));
            b.setChild(em.find(PersonEntity.class, childA1));
            b.setBlockedAt(java.time.OffsetDateTime.now(ZoneOffset.UTC));
            b.setBlockedBy(9);
            b.setReasonCode("court-order");
            em.persist(b);
        });
        assertFalse(may(m, Action.CHILD_READ, Target.child(childA1)));
        assertEquals(List.of(childB1), listed(m, Action.CHILD_READ));

        // an ended enrolment ends access to that child
        db.transactions().run(em -> em.createQuery("select e from EnrolmentEntity e where e.child.id = :c", EnrolmentEntity.class)
                .setParameter("c", childB1).getResultList().forEach(e -> e.setEndDate(LocalDate.now(ZoneOffset.UTC).minusDays(1))));
        assertEquals(List.of(), listed(m, Action.CHILD_READ));

        // a deactivated account reads nothing
        db.transactions().run(em -> em.createQuery("update GuardianAccountEntity a set a.state = :s").setParameter("s", AccountState.INACTIVE)
                .executeUpdate());
        assertFalse(may(m, Action.CHILD_READ, Target.child(childB1)));
    }

    @Test
    void aDenialIsRecordedAndThrown() {
        AuthenticatedPrincipal leader = staff(RoleGrant.group(Role.LEADER, unitA, groupA1));
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> policy.require(leader, Action.CHILD_READ, Target.child(childB1)));
        assertEquals("not-in-scope", e.reason());
        assertThrows(AccessDeniedException.class, () -> policy.require(leader, Action.AUDIT_VERIFY, Target.NONE));
        long denials = db.transactions().inTransaction(em -> em.createQuery(
                "select count(r) from AuditRecordEntity r where r.outcome = 'DENIED'", Long.class).getSingleResult());
        assertEquals(2, denials);
        assertFalse(policy.decide(null, Action.UNIT_LIST, Target.NONE).allowed(), "no principal, no access");
        assertFalse(may(staff(), Action.UNIT_LIST, Target.NONE), "a principal without grants (a substitute outside their dates) gets nothing");
        assertEquals(List.of(), listed(staff(RoleGrant.group(Role.LEADER, unitB, groupB1)), Action.OWN_CHILDREN_READ));
    }
}
