package no.ranselpost.core.internal;

import static no.ranselpost.core.api.CoreActions.CHILD_READ;
import static no.ranselpost.core.api.CoreActions.GUARDIAN_ACCESS_ACTIVATE;
import static no.ranselpost.core.api.CoreActions.GUARDIAN_BLOCK;
import static no.ranselpost.core.api.CoreActions.OWN_CHILDREN_READ;
import static no.ranselpost.core.api.CoreActions.UNIT_LIST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.access.api.ChildScope;
import no.ranselpost.access.api.EffectiveGrants;
import no.ranselpost.access.api.Target;
import no.ranselpost.access.internal.JpaEffectiveGrants;
import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.api.AuditAdministration;
import no.ranselpost.audit.api.AuditRecord;
import no.ranselpost.audit.api.Outcome;
import no.ranselpost.audit.internal.AuditAccessDeclaration;
import no.ranselpost.audit.internal.AuditAdmin;
import no.ranselpost.audit.internal.AuditSealer;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.ChildView;
import no.ranselpost.core.api.CoreActions;
import no.ranselpost.core.api.CoreActions.ChildFields;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.GuardianAccount;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal.Assurance;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.entity.EmploymentEntity;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.GuardianAccountEntity;
import no.ranselpost.persistence.entity.GuardianBlockEntity;
import no.ranselpost.persistence.entity.GuardianUnitAccessEntity;
import no.ranselpost.persistence.entity.GuardianshipEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.persistence.testing.TestDatabase;

/**
 * The core's rules of ACCESS.md, as the core declares them and the access bundle evaluates
 * them, against a small world in the real persistence unit: who reads which child, which
 * fields, per-unit activation, account kinds, and the protected co-guardian.
 */
class CoreAccessRulesTest {

    /** A late evening in Oslo: already tomorrow in Oslo while still today in UTC. */
    private static final OsloClock CLOCK = OsloClock.at(LocalDate.of(2026, 12, 1), 23, 30);
    private static final LocalDate TODAY = CLOCK.today();

    private TestDatabase db;
    private RuleBasedAccessPolicy policy;
    private JpaChildService children;
    private JpaGuardianAccountService guardians;
    private long unitA;
    private long unitB;
    private long groupA1;
    private long groupB1;
    private long childA1;
    private long childA2;
    private long childB1;
    /** At school A and its SFO B at once. */
    private long childAB;
    private long mother;
    private long unknownParent;
    /** The protected co-guardian family: only one of the two guardians is protected. */
    private long familyChild;
    private long plainParent;
    private long protectedParent;
    private static int ids;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        policy = new RuleBasedAccessPolicy(db.transactions(), new JpaAuditTrail(db.transactions()), CLOCK);
        policy.addDeclaration(new CoreAccessDeclaration(db.transactions(), CLOCK));
        children = new JpaChildService(db.transactions(), policy, new JpaAuditTrail(db.transactions()), CLOCK);
        guardians = new JpaGuardianAccountService(db.transactions(), policy, new JpaAuditTrail(db.transactions()), CLOCK);
        db.transactions().run(em -> {
            UnitEntity a = unit(em, "964338531");
            UnitEntity b = unit(em, "974760673");
            GroupEntity a1 = group(em, a, "A1");
            GroupEntity a2 = group(em, a, "A2");
            GroupEntity b1 = group(em, b, "B1");
            PersonEntity c1 = person(em, AddressProtection.NONE);
            PersonEntity c2 = person(em, AddressProtection.NONE);
            PersonEntity c3 = person(em, AddressProtection.NONE);
            PersonEntity c4 = person(em, AddressProtection.NONE);
            enrol(em, c1, a, a1, null);
            enrol(em, c2, a, a2, null);
            enrol(em, c3, b, b1, null);
            enrol(em, c4, a, a1, null);
            enrol(em, c4, b, b1, null);
            PersonEntity m = person(em, AddressProtection.NONE);
            PersonEntity u = person(em, AddressProtection.NONE);
            link(em, c1, m, ParentalResponsibility.FELLES, GuardianRelation.MOR);
            link(em, c3, m, ParentalResponsibility.FELLES, GuardianRelation.MOR);
            link(em, c4, m, ParentalResponsibility.FELLES, GuardianRelation.MOR);
            link(em, c1, u, ParentalResponsibility.UKJENT, GuardianRelation.FAR);
            active(em, m, a, b);
            active(em, u, a);

            PersonEntity fc = person(em, AddressProtection.NONE);
            enrol(em, fc, a, a1, null);
            PersonEntity plain = person(em, AddressProtection.NONE);
            plain.setEmail("plain@example.invalid");
            PersonEntity prot = person(em, AddressProtection.CONFIDENTIAL);
            prot.setEmail("protected@example.invalid");
            prot.setAddress("Skjult vei 1", "5003", "Bergen");
            link(em, fc, plain, ParentalResponsibility.FELLES, GuardianRelation.FAR);
            link(em, fc, prot, ParentalResponsibility.FELLES, GuardianRelation.MOR);
            active(em, plain, a);
            active(em, prot, a);
            em.flush();
            unitA = a.getId();
            unitB = b.getId();
            groupA1 = a1.getId();
            groupB1 = b1.getId();
            childA1 = c1.getId();
            childA2 = c2.getId();
            childB1 = c3.getId();
            childAB = c4.getId();
            mother = m.getId();
            unknownParent = u.getId();
            familyChild = fc.getId();
            plainParent = plain.getId();
            protectedParent = prot.getId();
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

    private static PersonEntity person(EntityManager em, AddressProtection protection) {
        PersonEntity p = new PersonEntity();
        p.setNationalId(String.format("%011d", ++ids));
        p.setGivenName("G" + ids);
        p.setFamilyName("F");
        p.setAddressProtection(protection);
        em.persist(p);
        return p;
    }

    /** Enrolled since the Oslo date of today (in UTC it is still yesterday): the Oslo clock decides. */
    private static void enrol(EntityManager em, PersonEntity child, UnitEntity unit, GroupEntity group, LocalDate end) {
        EnrolmentEntity e = new EnrolmentEntity();
        e.setChild(child);
        e.setUnit(unit);
        e.setGroup(group);
        e.setStartDate(TODAY);
        e.setEndDate(end);
        em.persist(e);
    }

    private static void link(EntityManager em, PersonEntity child, PersonEntity adult, ParentalResponsibility r, GuardianRelation rel) {
        GuardianshipEntity g = new GuardianshipEntity();
        g.setChild(child);
        g.setGuardian(adult);
        g.setRelation(rel);
        g.setResponsibility(r);
        g.setCurrent(true);
        em.persist(g);
    }

    private static void active(EntityManager em, PersonEntity p, UnitEntity... units) {
        GuardianAccountEntity a = new GuardianAccountEntity();
        a.setPerson(p);
        a.setState(AccountState.ACTIVE);
        em.persist(a);
        for (UnitEntity u : units) {
            GuardianUnitAccessEntity ua = new GuardianUnitAccessEntity();
            ua.setPerson(p);
            ua.setUnit(u);
            ua.setState(AccountState.ACTIVE);
            em.persist(ua);
        }
    }

    private static AuthenticatedPrincipal staff(RoleGrant... grants) {
        return new AuthenticatedPrincipal(1, AccountKind.STAFF, "u", "U", null, List.of(grants), 1, Assurance.PASSWORD_AND_TOTP);
    }

    private static AuthenticatedPrincipal staff(long accountId, RoleGrant... grants) {
        return new AuthenticatedPrincipal(accountId, AccountKind.STAFF, "u" + accountId, "U", null, List.of(grants), 1,
                Assurance.PASSWORD_AND_TOTP);
    }

    /** The audit trail's queries as the REST resource calls them, with the audit bundle's declaration. */
    private AuditAdministration auditAdministration() {
        policy.addDeclaration(new AuditAccessDeclaration());
        JpaAuditTrail trail = new JpaAuditTrail(db.transactions());
        return new AuditAdmin(policy, new AuditSealer(db.transactions()), trail);
    }

    private static List<String> actions(List<AuditRecord> records) {
        return records.stream().map(AuditRecord::action).sorted().toList();
    }

    private static AuthenticatedPrincipal guardian(long personId) {
        return new AuthenticatedPrincipal(100 + personId, AccountKind.GUARDIAN, "g", "G", personId,
                List.of(RoleGrant.kommuneWide(Role.GUARDIAN)), 2, Assurance.PASSWORD);
    }

    private boolean may(AuthenticatedPrincipal p, String action, Target t) {
        return policy.decide(p, action, t).allowed();
    }

    private Set<String> fields(AuthenticatedPrincipal p, long child, String reason) {
        return policy.fields(p, CoreActions.CHILD_VIEW, Target.child(child), reason);
    }

    private List<Long> listed(AuthenticatedPrincipal p, String action) {
        ChildScope scope = policy.childScope(p, action);
        return db.transactions().inTransaction(em -> {
            TypedQuery<Long> q = em.createQuery("select c.id from PersonEntity c where " + scope.predicate() + " order by c.id", Long.class);
            scope.parameters().forEach(q::setParameter);
            return q.getResultList();
        });
    }

    @Test
    void leadersReadTheirOwnGroupsOnlyUnlessUnitWideReadIsOn() {
        AuthenticatedPrincipal leader = staff(RoleGrant.group(Role.LEADER, unitA, groupA1));
        assertTrue(may(leader, CHILD_READ, Target.child(childA1)), "enrolled from today in Oslo, though yesterday in UTC");
        assertFalse(may(leader, CHILD_READ, Target.child(childA2)), "another group of the same unit");
        assertFalse(may(leader, CHILD_READ, Target.child(childB1)), "another unit");
        assertEquals(List.of(childA1, childAB, familyChild), listed(leader, CHILD_READ));
        assertEquals(Set.of(ChildFields.BASIC, ChildFields.PROTECTED_FLAG, ChildFields.ADDRESS, ChildFields.GUARDIANS,
                ChildFields.GUARDIAN_CONTACT, ChildFields.GUARDIAN_ADDRESS), fields(leader, childA1, null));
        policy.setSetting("unitWideRead", true);
        assertTrue(may(leader, CHILD_READ, Target.child(childA2)));
        assertEquals(List.of(childA1, childA2, childAB, familyChild), listed(leader, CHILD_READ));
        assertFalse(may(leader, CHILD_READ, Target.child(childB1)));
    }

    @Test
    void unitAdminsManageTheirUnitAndOwnersSeeNoChildData() {
        AuthenticatedPrincipal admin = staff(RoleGrant.unit(Role.UNIT_ADMIN, unitA));
        assertTrue(may(admin, CHILD_READ, Target.child(childA2)));
        assertTrue(may(admin, GUARDIAN_BLOCK, Target.child(childA1)));
        assertFalse(may(admin, GUARDIAN_BLOCK, Target.child(childB1)));
        assertTrue(may(admin, GUARDIAN_ACCESS_ACTIVATE, Target.guardian(mother)), "the mother has a child in unit A");
        assertTrue(fields(admin, childA1, null).contains(ChildFields.ADDRESS_CONFIDENTIAL));

        AuthenticatedPrincipal owner = staff(RoleGrant.kommuneWide(Role.OWNER));
        assertFalse(may(owner, CHILD_READ, Target.child(childA1)));
        assertTrue(fields(owner, childA1, null).isEmpty());
        assertEquals(List.of(), listed(owner, CHILD_READ));
        assertTrue(may(owner, UNIT_LIST, Target.NONE));
    }

    @Test
    void systemAdminsSeeConfidentialAddressesOnlyWithAReason() {
        AuthenticatedPrincipal sys = staff(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN));
        assertFalse(fields(sys, childB1, null).contains(ChildFields.ADDRESS_CONFIDENTIAL));
        assertTrue(fields(sys, childB1, "court-case").contains(ChildFields.ADDRESS_CONFIDENTIAL));
    }

    @Test
    void guardiansSeeOnlyChildrenTheyHoldCurrentResponsibilityForUnblocked() {
        AuthenticatedPrincipal m = guardian(mother);
        assertEquals(List.of(childA1, childB1, childAB), listed(m, CHILD_READ));
        assertTrue(may(m, CHILD_READ, Target.child(childA1)));
        assertFalse(may(m, CHILD_READ, Target.child(childA2)), "another family's child");
        assertEquals(Set.of(ChildFields.BASIC, ChildFields.NATIONAL_ID, ChildFields.GUARDIANS), fields(m, childA1, null));

        AuthenticatedPrincipal unknown = guardian(unknownParent);
        assertFalse(may(unknown, CHILD_READ, Target.child(childA1)), "ansvar ukjent grants nothing, even when active at the unit");
        assertEquals(List.of(), listed(unknown, CHILD_READ));

        // a block on one child ends access to that child only
        db.transactions().run(em -> {
            GuardianBlockEntity b = new GuardianBlockEntity();
            b.setGuardian(em.find(PersonEntity.class, mother));
            b.setChild(em.find(PersonEntity.class, childA1));
            b.setBlockedAt(CLOCK.nowUtc());
            b.setBlockedBy(9);
            b.setReasonCode("court-order");
            em.persist(b);
        });
        assertFalse(may(m, CHILD_READ, Target.child(childA1)));
        assertEquals(List.of(childB1, childAB), listed(m, CHILD_READ));

        // an ended enrolment ends access to that child
        db.transactions().run(em -> em.createQuery("select e from EnrolmentEntity e where e.child.id = :c", EnrolmentEntity.class)
                .setParameter("c", childB1).getResultList().forEach(e -> {
                    e.setStartDate(TODAY.minusDays(10));
                    e.setEndDate(TODAY.minusDays(1));
                }));
        assertFalse(may(m, CHILD_READ, Target.child(childB1)));
        assertEquals(List.of(childAB), listed(m, CHILD_READ));
    }

    @Test
    void aUnitAdminsDeactivationLeavesTheGuardiansAccessAtAnotherUnitAsItWas() {
        AuthenticatedPrincipal m = guardian(mother);
        AuthenticatedPrincipal adminA = staff(RoleGrant.unit(Role.UNIT_ADMIN, unitA));
        assertTrue(may(m, CHILD_READ, Target.child(childA1)), "active at A before");

        GuardianAccount after = guardians.deactivate(adminA, mother, null);
        assertEquals(AccountState.ACTIVE, after.state(), "still active at B");
        assertEquals(AccountState.INACTIVE, after.units().stream().filter(u -> u.unitId() == unitA).findFirst().orElseThrow().state());
        assertEquals(AccountState.ACTIVE, after.units().stream().filter(u -> u.unitId() == unitB).findFirst().orElseThrow().state());

        assertFalse(may(m, CHILD_READ, Target.child(childA1)), "a deactivated guardian reads nothing at that unit");
        assertTrue(may(m, CHILD_READ, Target.child(childB1)), "the other unit's activation is untouched");
        assertTrue(may(m, CHILD_READ, Target.child(childAB)), "a child at school A and SFO B: visible while active at any of its units");
        assertEquals(List.of(childB1, childAB), listed(m, CHILD_READ));
        // unit-scoped data (a message, an absence) follows each unit's own activation
        policy.addDeclaration(new no.ranselpost.access.api.AccessDeclaration() {
            @Override
            public String capability() {
                return "unitnote";
            }

            @Override
            public List<no.ranselpost.access.api.Action> actions() {
                return List.of(no.ranselpost.access.api.Action.of("unitnote.note.read", "A unit's note about a child",
                        no.ranselpost.access.api.Rule.of(Role.GUARDIAN, no.ranselpost.access.api.Scope.OWN_CHILD)));
            }

            @Override
            public List<no.ranselpost.access.api.TargetKind> targetKinds() {
                return List.of(new no.ranselpost.access.api.TargetKind("unitnote.note",
                        t -> no.ranselpost.access.api.Facts.of(Set.of(t.id()), Set.of(), Set.of(childAB))));
            }
        });
        assertFalse(may(m, "unitnote.note.read", Target.of("unitnote.note", unitA)), "unit A's note: A deactivated her");
        assertTrue(may(m, "unitnote.note.read", Target.of("unitnote.note", unitB)), "unit B's note about the same child");

        // a unit admin of A cannot touch B's activation
        assertThrows(AccessDeniedException.class, () -> guardians.deactivate(adminA, mother, unitB));
        // a system administrator acts on all units
        guardians.deactivate(staff(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), mother, null);
        assertEquals(List.of(), listed(m, CHILD_READ));
        assertFalse(may(m, CHILD_READ, Target.child(childB1)));
        // and activation at one unit gives that unit's children back
        guardians.activate(adminA, mother, unitA, true);
        assertEquals(List.of(childA1, childAB), listed(m, CHILD_READ));
        long records = db.transactions().inTransaction(em -> em.createQuery(
                "select count(r) from AuditRecordEntity r where r.action = :a and r.outcome <> 'DENIED'", Long.class)
                .setParameter("a", CoreActions.GUARDIAN_ACCESS_DEACTIVATE).getSingleResult());
        assertEquals(3, records, "one record per unit changed: A, then A and B");
    }

    @Test
    void aUnitAdminFindsTheReadsTheBlockTheUnblockAndTheActivationOfAChildOfTheirUnitByTheChildsId() {
        AuditAdministration audit = auditAdministration();
        AuthenticatedPrincipal adminA = staff(11, RoleGrant.unit(Role.UNIT_ADMIN, unitA));
        AuthenticatedPrincipal adminB = staff(12, RoleGrant.unit(Role.UNIT_ADMIN, unitB));
        AuthenticatedPrincipal sys = staff(13, RoleGrant.kommuneWide(Role.SYSTEM_ADMIN));
        AuthenticatedPrincipal leader = staff(14, RoleGrant.group(Role.LEADER, unitA, groupA1));
        OffsetDateTime t1 = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        children.child(leader, childA1, null);
        guardians.block(adminA, mother, childA1, "court-order");
        guardians.unblock(adminA, mother, childA1);
        guardians.activate(adminA, mother, unitA, true);
        OffsetDateTime t2 = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1);

        List<AuditRecord> atA = audit.query(adminA, childA1, null, t1, t2, 100);
        assertEquals(List.of(CHILD_READ, GUARDIAN_ACCESS_ACTIVATE, GUARDIAN_BLOCK, CoreActions.GUARDIAN_UNBLOCK), actions(atA), atA.toString());
        assertTrue(atA.stream().allMatch(r -> r.unitId() == unitA), atA.toString());
        // who saw child A1 between t1 and t2: the leader
        assertEquals(List.of("account:14"), atA.stream().filter(r -> r.outcome() == Outcome.READ).map(AuditRecord::principal).toList());
        AuditRecord block = atA.stream().filter(r -> r.action().equals(GUARDIAN_BLOCK)).findFirst().orElseThrow();
        assertTrue(block.objectIds().containsAll(List.of(mother, childA1)), block.toString());
        assertEquals("court-order", block.reason());
        // by the guardian's id too
        assertEquals(3, audit.query(adminA, mother, null, t1, t2, 100).size());
        // the same for the system administrator, and nothing outside the period
        assertEquals(atA.stream().map(AuditRecord::id).toList(), audit.query(sys, childA1, null, t1, t2, 100).stream().map(AuditRecord::id).toList());
        assertEquals(List.of(), audit.query(adminA, childA1, null, t2, null, 100));
        assertEquals(List.of(), audit.query(sys, childA1, null, null, t1, 100));

        // the admin of another unit finds none of it
        assertEquals(List.of(), audit.query(adminB, childA1, null, null, null, 100));
        assertEquals(List.of(), audit.query(adminB, mother, null, t1, t2, 100).stream().filter(r -> r.objectIds().contains(childA1)).toList());
    }

    @Test
    void aChildAtTwoUnitsIsFoundByTheAdminOfEach() {
        AuditAdministration audit = auditAdministration();
        AuthenticatedPrincipal adminA = staff(11, RoleGrant.unit(Role.UNIT_ADMIN, unitA));
        AuthenticatedPrincipal adminB = staff(12, RoleGrant.unit(Role.UNIT_ADMIN, unitB));
        AuthenticatedPrincipal sys = staff(13, RoleGrant.kommuneWide(Role.SYSTEM_ADMIN));
        children.child(staff(14, RoleGrant.group(Role.LEADER, unitA, groupA1)), childAB, null);
        guardians.block(sys, mother, childAB, "court-order");
        for (AuthenticatedPrincipal admin : List.of(adminA, adminB)) {
            List<AuditRecord> found = audit.query(admin, childAB, null, null, null, 100);
            assertEquals(List.of(CHILD_READ, GUARDIAN_BLOCK), actions(found), found.toString());
        }
        // one record per unit, each at its unit
        assertEquals(4, audit.query(sys, childAB, null, null, null, 100).size());
        // the guardian's own list (the child blocked above is not in it): each unit's record names only that unit's children
        children.ownChildren(guardian(mother));
        List<AuditRecord> own = audit.query(adminB, mother + 100, null, null, null, 100);
        assertEquals(List.of(), own, "object ids, not principals");
        List<AuditRecord> ownAtB = audit.query(adminB, null, "account:" + (100 + mother), null, null, 100);
        assertEquals(1, ownAtB.size(), ownAtB.toString());
        assertEquals(List.of(childB1), ownAtB.get(0).objectIds());
        List<AuditRecord> ownAtA = audit.query(adminA, null, "account:" + (100 + mother), null, null, 100);
        assertEquals(List.of(childA1), ownAtA.get(0).objectIds());
    }

    @Test
    void aPersonWhoIsBothStaffAndGuardianActsAsOneKindPerSession() {
        // the mother also works as a leader at unit B, so the HR file names her
        db.transactions().run(em -> {
            EmploymentEntity e = new EmploymentEntity();
            e.setPerson(em.find(PersonEntity.class, mother));
            e.setUnit(em.find(UnitEntity.class, unitB));
            e.setRole(Role.LEADER);
            e.setStartDate(TODAY.minusYears(1));
            em.persist(e);
        });
        EffectiveGrants grants = new JpaEffectiveGrants(CLOCK);
        AuthenticatedPrincipal asGuardian = db.transactions().inTransaction(em -> grants.principal(em,
                new EffectiveGrants.Account(7, AccountKind.GUARDIAN, "m", "M", mother, List.of(RoleGrant.kommuneWide(Role.GUARDIAN))),
                1, Assurance.IDPORTEN_LOA_SUBSTANTIAL));
        assertEquals(List.of(RoleGrant.kommuneWide(Role.GUARDIAN)), asGuardian.grants(), "no staff grant from HR in a guardian session");
        assertFalse(may(asGuardian, CoreActions.GROUP_LIST, Target.unit(unitB)));

        AuthenticatedPrincipal asStaff = db.transactions().inTransaction(em -> grants.principal(em,
                new EffectiveGrants.Account(8, AccountKind.STAFF, "m.staff", "M", mother,
                        List.of(RoleGrant.group(Role.LEADER, unitB, groupB1), RoleGrant.kommuneWide(Role.GUARDIAN))),
                2, Assurance.PASSWORD));
        assertTrue(asStaff.hasRole(Role.LEADER));
        assertFalse(asStaff.hasRole(Role.GUARDIAN), "a staff session never carries a guardian's access");
        assertFalse(may(asStaff, OWN_CHILDREN_READ, Target.NONE));
        assertFalse(may(asStaff, CHILD_READ, Target.child(childA1)), "her own child at unit A is not hers in the staff session");
        assertTrue(may(asStaff, CHILD_READ, Target.child(childB1)), "her group's child, as staff");

        // a principal that mixes kinds by hand gets nothing from the foreign grant
        AuthenticatedPrincipal mixed = new AuthenticatedPrincipal(9, AccountKind.STAFF, "x", "X", mother,
                List.of(RoleGrant.kommuneWide(Role.GUARDIAN)), 3, Assurance.PASSWORD);
        assertFalse(may(mixed, CHILD_READ, Target.child(childA1)));
        assertEquals(List.of(), listed(mixed, CHILD_READ));
    }

    @Test
    void aGuardianNeverSeesAProtectedCoGuardianWhoIsShownToStaff() {
        ChildView byPlain = children.child(guardian(plainParent), familyChild, null);
        assertEquals(List.of(plainParent), byPlain.guardians().stream().map(ChildView.GuardianView::personId).toList(),
                "the protected co-guardian is not shown at all to the other guardian");
        assertNull(byPlain.protectedPerson());
        assertTrue(byPlain.guardians().stream().allMatch(g -> g.protectedPerson() == null));

        ChildView byProtected = children.child(guardian(protectedParent), familyChild, null);
        assertEquals(Set.of(plainParent, protectedParent),
                Set.copyOf(byProtected.guardians().stream().map(ChildView.GuardianView::personId).toList()));
        ChildView.GuardianView other = byProtected.guardians().stream().filter(g -> g.personId() == plainParent).findFirst().orElseThrow();
        assertNull(other.email(), "never another adult's contact details");
        assertNull(other.address());

        ChildView byLeader = children.child(staff(RoleGrant.group(Role.LEADER, unitA, groupA1)), familyChild, null);
        ChildView.GuardianView prot = byLeader.guardians().stream().filter(g -> g.personId() == protectedParent).findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, prot.protectedPerson());
        assertNull(prot.email(), "a leader sees no protected guardian's contact details");
        assertNull(prot.address());
        ChildView.GuardianView plain = byLeader.guardians().stream().filter(g -> g.personId() == plainParent).findFirst().orElseThrow();
        assertEquals("plain@example.invalid", plain.email());

        ChildView byAdmin = children.child(staff(RoleGrant.unit(Role.UNIT_ADMIN, unitA)), familyChild, null);
        assertEquals("protected@example.invalid",
                byAdmin.guardians().stream().filter(g -> g.personId() == protectedParent).findFirst().orElseThrow().email());
        assertEquals(AccountState.ACTIVE, byAdmin.guardians().get(0).accountState());
    }

    @Test
    void contactDataFromTheContactRegisterIsShownWithItsSourceAndStalenessExactlyWhereTheContactDataIs() {
        db.transactions().run(em -> {
            PersonEntity plain = em.find(PersonEntity.class, plainParent);
            plain.setEmailConfirmedAt(java.time.OffsetDateTime.parse("2025-01-01T10:00:00Z"));
            plain.setMobile("+4790000000");
            plain.setMobileConfirmedAt(java.time.OffsetDateTime.parse("2026-11-01T10:00:00Z"));
            plain.setContactReserved(true);
            no.ranselpost.persistence.entity.ContactRegistrationEntity r = new no.ranselpost.persistence.entity.ContactRegistrationEntity();
            r.setPerson(plain);
            r.setSourceId("krr");
            r.setRegisterStatus("ACTIVE");
            r.setNotificationStatus("CANNOT_BE_NOTIFIED");
            r.setLanguage("nn");
            r.setEmailUpdatedAt(java.time.OffsetDateTime.parse("2025-01-01T10:00:00Z"));
            r.setMobileVerifiedAt(java.time.OffsetDateTime.parse("2026-11-01T10:00:00Z"));
            r.setCheckedAt(java.time.OffsetDateTime.parse("2026-12-01T08:00:00Z"));
            em.persist(r);
        });
        ChildView byLeader = children.child(staff(RoleGrant.group(Role.LEADER, unitA, groupA1)), familyChild, null);
        ChildView.GuardianView plain = byLeader.guardians().stream().filter(g -> g.personId() == plainParent).findFirst().orElseThrow();
        ChildView.ContactSource source = plain.contactSource();
        assertEquals("krr", source.source());
        assertTrue(source.locked());
        assertEquals("ACTIVE", source.registerStatus());
        assertEquals(Boolean.TRUE, source.reserved());
        assertEquals("CANNOT_BE_NOTIFIED", source.notificationStatus());
        assertEquals(Boolean.TRUE, source.emailStale(), "neither updated nor verified since 1 June 2025");
        assertEquals(Boolean.FALSE, source.mobileStale());
        // whoever does not see the contact data does not see where it came from either
        ChildView byProtected = children.child(guardian(protectedParent), familyChild, null);
        assertNull(byProtected.guardians().stream().filter(g -> g.personId() == plainParent).findFirst().orElseThrow().contactSource());
        // the guardian sees their own
        ChildView byPlain = children.child(guardian(plainParent), familyChild, null);
        assertEquals("krr", byPlain.guardians().get(0).contactSource().source());
    }

    @Test
    void aDenialIsRecordedAndThrown() {
        AuthenticatedPrincipal leader = staff(RoleGrant.group(Role.LEADER, unitA, groupA1));
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> policy.require(leader, CHILD_READ, Target.child(childB1)));
        assertEquals("not-in-scope", e.reason());
        assertThrows(AccessDeniedException.class, () -> policy.require(leader, GUARDIAN_BLOCK, Target.child(childA1)));
        long denials = db.transactions().inTransaction(em -> em.createQuery(
                "select count(r) from AuditRecordEntity r where r.outcome = 'DENIED'", Long.class).getSingleResult());
        assertEquals(2, denials);
        assertFalse(policy.decide(null, UNIT_LIST, Target.NONE).allowed(), "no principal, no access");
        assertFalse(may(staff(), UNIT_LIST, Target.NONE), "a principal without grants (a substitute outside their dates) gets nothing");
        assertEquals(List.of(), listed(staff(RoleGrant.group(Role.LEADER, unitB, groupB1)), OWN_CHILDREN_READ));
    }
}
