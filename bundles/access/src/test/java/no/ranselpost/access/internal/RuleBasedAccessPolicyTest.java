package no.ranselpost.access.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.AnonymousEndpoint;
import no.ranselpost.access.api.Condition;
import no.ranselpost.access.api.Facts;
import no.ranselpost.access.api.FieldSet;
import no.ranselpost.access.api.Rule;
import no.ranselpost.access.api.Scope;
import no.ranselpost.access.api.Target;
import no.ranselpost.access.api.TargetKind;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal.Assurance;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.testing.TestDatabase;

/**
 * The evaluation of what capabilities declare: actions by id, target kinds with resolvers,
 * conditions, field sets and anonymous endpoints, with duplicates refused and everything gone
 * when a capability stops. No capability of the product is needed: a declaration is made here.
 */
class RuleBasedAccessPolicyTest {

    private static final long UNIT = 10;
    private static final long GROUP = 11;
    private static final long OTHER_GROUP = 12;

    private TestDatabase db;
    private RuleBasedAccessPolicy policy;

    /** A note belongs to the group of its id, in unit 10. */
    static class Notes implements AccessDeclaration {
        @Override
        public String capability() {
            return "notes";
        }

        @Override
        public List<Action> actions() {
            return List.of(
                    Action.of("notes.note.read", "Read a group's note", Rule.of(Role.LEADER, Scope.GROUP), Rule.of(Role.EMPLOYEE, Scope.GROUP),
                            Rule.of(Role.UNIT_ADMIN, Scope.UNIT)),
                    Action.of("notes.note.read-sensitive", "Read a sensitive note", Rule.of(Role.LEADER, Scope.GROUP, Condition.LOA_HIGH)),
                    Action.of("notes.note.read-wide", "Leaders of the unit, where the kommune allows",
                            Rule.of(Role.LEADER, Scope.UNIT, Condition.settingOn("unitWideRead"))),
                    Action.of("notes.nothing.do", "No rule: nobody"));
        }

        @Override
        public List<TargetKind> targetKinds() {
            return List.of(new TargetKind("notes.note", t -> t.id() == 404 ? Facts.NONE : Facts.of(Set.of(UNIT), Set.of(t.id()), Set.of())));
        }

        @Override
        public List<FieldSet> fieldSets() {
            return List.of(FieldSet.of("notes.note",
                    FieldSet.Field.of("text", "The note", Rule.of(Role.LEADER, Scope.GROUP), Rule.of(Role.EMPLOYEE, Scope.GROUP)),
                    FieldSet.Field.of("leader-remark", "For leaders only", Rule.of(Role.LEADER, Scope.GROUP))));
        }

        @Override
        public List<AnonymousEndpoint> anonymousEndpoints() {
            return List.of(AnonymousEndpoint.of("GET", "/api/v1/notes/ping", "ping"),
                    AnonymousEndpoint.of("GET", "/api/v1/notes/feeds/*", "a feed under its token"),
                    AnonymousEndpoint.of("GET", "/static/**", "static files"),
                    new AnonymousEndpoint("GET", "/api/soap/NoteService", "wsdl", "the WSDL"));
        }
    }

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        policy = new RuleBasedAccessPolicy(db.transactions(), new JpaAuditTrail(db.transactions()),
                OsloClock.fixed(Instant.parse("2026-12-01T12:00:00Z")));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static AuthenticatedPrincipal staff(Assurance assurance, RoleGrant... grants) {
        return new AuthenticatedPrincipal(1, AccountKind.STAFF, "u", "U", null, List.of(grants), 1, assurance);
    }

    private static Target note(long group) {
        return Target.of("notes.note", group);
    }

    @Test
    void aCapabilitysActionsExistWhileItsDeclarationIsRegistered() {
        AuthenticatedPrincipal leader = staff(Assurance.PASSWORD, RoleGrant.group(Role.LEADER, UNIT, GROUP));
        assertEquals("unknown-action", policy.decide(leader, "notes.note.read", note(GROUP)).reason(), "deny by default before it starts");
        Notes notes = new Notes();
        policy.addDeclaration(notes);
        assertTrue(policy.decide(leader, "notes.note.read", note(GROUP)).allowed());
        assertEquals("not-in-scope", policy.decide(leader, "notes.note.read", note(OTHER_GROUP)).reason());
        assertEquals("not-in-scope", policy.decide(leader, "notes.note.read", note(404)).reason(), "an object that does not exist");
        assertEquals("no-rule", policy.decide(leader, "notes.nothing.do", Target.NONE).reason());
        assertTrue(policy.isAnonymous("GET", "/api/v1/notes/ping", null));
        policy.removeDeclaration(notes);
        assertEquals("unknown-action", policy.decide(leader, "notes.note.read", note(GROUP)).reason());
        assertFalse(policy.isAnonymous("GET", "/api/v1/notes/ping", null));
        assertTrue(policy.actions().isEmpty());
    }

    @Test
    void aDeclarationRepeatingAnotherOnesIdIsRefusedWhole() {
        policy.addDeclaration(new Notes());
        AccessDeclaration clash = new AccessDeclaration() {
            @Override
            public String capability() {
                return "clash";
            }

            @Override
            public List<Action> actions() {
                return List.of(Action.of("clash.thing.do", "its own", Rule.of(Role.OWNER, Scope.KOMMUNE)),
                        Action.of("notes.note.read", "someone else's", Rule.of(Role.OWNER, Scope.KOMMUNE)));
            }
        };
        policy.addDeclaration(clash);
        AuthenticatedPrincipal owner = staff(Assurance.PASSWORD_AND_TOTP, RoleGrant.kommuneWide(Role.OWNER));
        assertEquals("unknown-action", policy.decide(owner, "clash.thing.do", Target.NONE).reason(), "nothing of a refused declaration exists");
        assertFalse(policy.decide(owner, "notes.note.read", note(GROUP)).allowed(), "the first declaration's rules stand");
        assertThrows(IllegalArgumentException.class, () -> Action.of("NOT_A_DOTTED_ID", "old style"));
    }

    @Test
    void conditionsBesideRoleAndScope() {
        policy.addDeclaration(new Notes());
        AuthenticatedPrincipal leader = staff(Assurance.PASSWORD, RoleGrant.group(Role.LEADER, UNIT, GROUP));
        assertEquals("assurance-too-low", policy.decide(leader, "notes.note.read-sensitive", note(GROUP)).reason());
        AuthenticatedPrincipal high = staff(Assurance.IDPORTEN_LOA_HIGH, RoleGrant.group(Role.LEADER, UNIT, GROUP));
        assertTrue(policy.decide(high, "notes.note.read-sensitive", note(GROUP)).allowed());
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> policy.require(leader, "notes.note.read-sensitive", note(GROUP)));
        assertEquals("assurance-too-low", e.reason());

        AuthenticatedPrincipal unitLeader = staff(Assurance.PASSWORD, RoleGrant.unit(Role.LEADER, UNIT));
        assertEquals("setting-off", policy.decide(unitLeader, "notes.note.read-wide", note(OTHER_GROUP)).reason());
        policy.setSetting("unitWideRead", true);
        assertTrue(policy.decide(unitLeader, "notes.note.read-wide", note(OTHER_GROUP)).allowed());
    }

    @Test
    void aSettingWithAValueIsNamedByItsValue() {
        policy.addDeclaration(new Notes());
        policy.addDeclaration(new AccessDeclaration() {
            @Override
            public String capability() {
                return "inbox";
            }

            @Override
            public List<Action> actions() {
                return List.of(Action.of("inbox.group.read", "a group's inbox", Rule.of(Role.LEADER, Scope.GROUP),
                        Rule.of(Role.LEADER, Scope.UNIT, Condition.settingOn("groupInboxReaders=UNIT_STAFF"))));
            }
        });
        AuthenticatedPrincipal unitLeader = staff(Assurance.PASSWORD, RoleGrant.unit(Role.LEADER, UNIT));
        policy.configure(java.util.Map.of());
        assertEquals("setting-off", policy.decide(unitLeader, "inbox.group.read", note(OTHER_GROUP)).reason(), "GROUP_STAFF by default");
        policy.configure(java.util.Map.of("groupInboxReaders", "UNIT_STAFF"));
        assertTrue(policy.decide(unitLeader, "inbox.group.read", note(OTHER_GROUP)).allowed());
        policy.configure(java.util.Map.of("groupInboxReaders", "GROUP_STAFF"));
        assertFalse(policy.decide(unitLeader, "inbox.group.read", note(OTHER_GROUP)).allowed(), "one value at a time");
        policy.configure(java.util.Map.of("groupInboxReaders", "unit staff; drop table"));
        assertFalse(policy.decide(unitLeader, "inbox.group.read", note(OTHER_GROUP)).allowed(), "a value that is no constant is ignored");
    }

    @Test
    void fieldsAreThoseTheDeclaredRelationMaySee() {
        policy.addDeclaration(new Notes());
        assertEquals(Set.of("text", "leader-remark"),
                policy.fields(staff(Assurance.PASSWORD, RoleGrant.group(Role.LEADER, UNIT, GROUP)), "notes.note", note(GROUP), null));
        assertEquals(Set.of("text"),
                policy.fields(staff(Assurance.PASSWORD, RoleGrant.group(Role.EMPLOYEE, UNIT, GROUP)), "notes.note", note(GROUP), null));
        assertEquals(Set.of(),
                policy.fields(staff(Assurance.PASSWORD, RoleGrant.group(Role.LEADER, UNIT, GROUP)), "notes.note", note(OTHER_GROUP), null));
        assertEquals(Set.of(), policy.fields(staff(Assurance.PASSWORD, RoleGrant.group(Role.LEADER, UNIT, GROUP)), "nobody.view", note(GROUP), null));
    }

    /**
     * A list read decides the fields of many objects at once: the same answer as one by one, for a
     * kind with a batch resolver (asked once, not per object) and for one without (asked per object).
     */
    @Test
    void fieldsOfManyAreDecidedAsOneByOneWithTheirFactsResolvedTogether() {
        java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger singles = new java.util.concurrent.atomic.AtomicInteger();
        TargetKind.BatchResolver batch = ids -> {
            batches.incrementAndGet();
            java.util.Map<Long, Facts> out = new java.util.LinkedHashMap<>();
            ids.forEach(id -> out.put(id, id == 404 ? Facts.NONE : Facts.of(Set.of(UNIT), Set.of(id), Set.of())));
            return out;
        };
        policy.addDeclaration(new Notes() {
            @Override
            public List<TargetKind> targetKinds() {
                return List.of(new TargetKind("notes.note", t -> {
                    singles.incrementAndGet();
                    return t.id() == 404 ? Facts.NONE : Facts.of(Set.of(UNIT), Set.of(t.id()), Set.of());
                }, batch));
            }
        });
        List<Long> ids = List.of(GROUP, OTHER_GROUP, 404L, GROUP);
        for (var principal : List.of(staff(Assurance.PASSWORD, RoleGrant.group(Role.LEADER, UNIT, GROUP)),
                staff(Assurance.PASSWORD, RoleGrant.group(Role.EMPLOYEE, UNIT, GROUP)),
                staff(Assurance.PASSWORD, RoleGrant.unit(Role.UNIT_ADMIN, UNIT)))) {
            java.util.Map<Long, Set<String>> many = policy.fields(principal, "notes.note", "notes.note", ids, null);
            assertEquals(java.util.Set.copyOf(ids), many.keySet());
            for (Long id : ids) {
                assertEquals(policy.fields(principal, "notes.note", note(id), null), many.get(id), principal + " on " + id);
            }
        }
        assertEquals(2, batches.get(), "one batch resolution per list, none where no rule the principal holds needs facts");
        assertEquals(8, singles.get(), "the single decisions resolve one by one (leader and employee)");
        assertEquals(Set.of("text", "leader-remark"), policy.fields(staff(Assurance.PASSWORD, RoleGrant.group(Role.LEADER, UNIT, GROUP)),
                "notes.note", "notes.note", ids, null).get(GROUP));
        assertEquals(Set.of(), policy.fields(staff(Assurance.PASSWORD, RoleGrant.group(Role.LEADER, UNIT, GROUP)),
                "notes.note", "notes.note", ids, null).get(OTHER_GROUP));
    }

    @Test
    void grantsCountOnlyForTheirAccountKind() {
        policy.addDeclaration(new Notes());
        AuthenticatedPrincipal guardianWithStaffRole = new AuthenticatedPrincipal(2, AccountKind.GUARDIAN, "g", "G", 5L,
                List.of(RoleGrant.group(Role.LEADER, UNIT, GROUP)), 2, Assurance.IDPORTEN_LOA_HIGH);
        assertEquals("role-not-allowed", policy.decide(guardianWithStaffRole, "notes.note.read", note(GROUP)).reason());
        assertFalse(policy.mayEver(guardianWithStaffRole, "notes.note.read"));
        assertTrue(policy.reach(guardianWithStaffRole, "notes.note.read").isEmpty());
    }

    @Test
    void unitsForUnitScopedQueries() {
        policy.addDeclaration(new Notes());
        assertEquals(Set.of(UNIT), policy.units(staff(Assurance.PASSWORD_AND_TOTP, RoleGrant.unit(Role.UNIT_ADMIN, UNIT)), "notes.note.read"));
        assertEquals(Set.of(), policy.units(staff(Assurance.PASSWORD, RoleGrant.group(Role.EMPLOYEE, UNIT, GROUP)), "notes.nothing.do"));
        assertNull(new RuleBasedAccessPolicyTest.Kommune().units(policy));
    }

    /** A KOMMUNE rule reaches all units (null). */
    static final class Kommune {
        Set<Long> units(RuleBasedAccessPolicy policy) {
            policy.addDeclaration(new AccessDeclaration() {
                @Override
                public String capability() {
                    return "kommune";
                }

                @Override
                public List<Action> actions() {
                    return List.of(Action.of("kommune.all.query", "all", Rule.of(Role.SYSTEM_ADMIN, Scope.KOMMUNE)));
                }
            });
            return policy.units(staff(Assurance.PASSWORD_AND_TOTP, RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), "kommune.all.query");
        }
    }

    @Test
    void anonymousEndpointsMatchExactlyWhatTheirBundleDeclared() {
        policy.addDeclaration(new Notes());
        assertTrue(policy.isAnonymous("GET", "/api/v1/notes/ping", null));
        assertTrue(policy.isAnonymous("get", "/api/v1/notes/ping/", null));
        assertFalse(policy.isAnonymous("POST", "/api/v1/notes/ping", null));
        assertFalse(policy.isAnonymous("GET", "/api/v1/notes/ping/more", null));
        assertTrue(policy.isAnonymous("GET", "/api/v1/notes/feeds/abc123", null));
        assertFalse(policy.isAnonymous("GET", "/api/v1/notes/feeds/abc123/x", null), "* is one segment");
        assertFalse(policy.isAnonymous("GET", "/api/v1/notes/feeds/", null));
        assertTrue(policy.isAnonymous("GET", "/static/css/site.css", null));
        assertTrue(policy.isAnonymous("GET", "/static", null));
        assertFalse(policy.isAnonymous("GET", "/static/../api/v1/children/1", null), "no dot segments");
        assertFalse(policy.isAnonymous("GET", "/static/%2e%2e/api/v1/children/1", null), "no encoded tricks");
        assertFalse(policy.isAnonymous("GET", "/staticfoo", null));
        assertTrue(policy.isAnonymous("GET", "/api/soap/NoteService", "wsdl"));
        assertFalse(policy.isAnonymous("GET", "/api/soap/NoteService", null), "the service itself needs credentials");
        assertEquals(4, policy.anonymousEndpoints().size());
    }

    @Test
    void aDenialIsRecordedWithTheActionsId() {
        policy.addDeclaration(new Notes());
        AuthenticatedPrincipal employee = staff(Assurance.PASSWORD, RoleGrant.group(Role.EMPLOYEE, UNIT, GROUP));
        assertThrows(AccessDeniedException.class, () -> policy.require(employee, "notes.note.read", note(OTHER_GROUP)));
        assertThrows(AccessDeniedException.class, () -> policy.requireAnyRole(employee, "no such action; drop table"));
        List<String> actions = db.transactions().inTransaction(em -> em.createQuery(
                "select r.action from AuditRecordEntity r where r.outcome = 'DENIED' order by r.id", String.class).getResultList());
        assertEquals(List.of("notes.note.read", "unknown"), actions);
    }
}
