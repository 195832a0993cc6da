package no.ranselpost.demo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.identity.local.internal.LocalAccounts;
import no.ranselpost.identity.local.internal.PasswordHasher;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.internal.JpaSourceRunHistory;
import no.ranselpost.persistence.internal.JpaSourceStateStore;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.registry.api.ChildRecord;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.api.PersonRecord;
import no.ranselpost.registry.imports.internal.ImportEngine;

/** The demo registry's records, edge cases and all, through the import engine onto the loaded demo kommune. */
class DemoRegistryImportTest {

    @TempDir
    Path data;
    private TestDatabase db;
    private ImportEngine engine;
    private final AuthenticatedPrincipal sysadmin = new AuthenticatedPrincipal(1, no.ranselpost.core.api.identity.AccountKind.STAFF, "sys", "Sys", null,
            List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), 1, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
        RuleBasedAccessPolicy access = new RuleBasedAccessPolicy(db.transactions(), audit, new no.ranselpost.core.api.time.OsloClock()).declare(new no.ranselpost.core.internal.CoreAccessDeclaration(db.transactions(), new no.ranselpost.core.api.time.OsloClock()), new no.ranselpost.registry.imports.internal.ImportAccessDeclaration());
        LocalAccounts accounts = new LocalAccounts(db.transactions(), audit, access, new no.ranselpost.access.internal.JpaEffectiveGrants(new no.ranselpost.core.api.time.OsloClock()), new no.ranselpost.core.api.time.OsloClock());
        accounts.configure(new PasswordHasher(8192, 1, 1), Duration.ofMinutes(5));
        JpaSourceStateStore state = new JpaSourceStateStore(db.transactions());
        JpaSourceRunHistory runs = new JpaSourceRunHistory(db.transactions());
        new DemoLoader(db.transactions(), accounts, state, runs, () -> true, audit).load(20261130L, 300, data);
        engine = new ImportEngine(db.transactions(), audit, access, () -> true, state, runs, new no.ranselpost.core.api.time.OsloClock());
        DemoRegistrySource source = new DemoRegistrySource() {
            @Override
            public void pull(no.ranselpost.registry.api.ImportSink sink, StateView view) {
                DemoRegistrySource.Records r = DemoRegistrySource.records(20261130L, 300);
                r.children.forEach(sink::child);
                r.enrolments.forEach(sink::enrolment);
            }
        };
        engine.bindSource(source);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private PersonEntity person(String id) {
        return db.transactions().inTransaction(em -> em.createQuery("select p from PersonEntity p where p.nationalId = :id", PersonEntity.class)
                .setParameter("id", id).getResultList().stream().findFirst().orElse(null));
    }

    private long links(String childId, String adultId, boolean current) {
        return db.transactions().inTransaction(em -> em.createQuery("select count(g) from GuardianshipEntity g where g.child.nationalId = :c "
                        + "and g.guardian.nationalId = :a and g.current = :cur", Long.class)
                .setParameter("c", childId).setParameter("a", adultId).setParameter("cur", current).getSingleResult());
    }

    private ChildRecord edge(int n) {
        return DemoRegistrySource.records(20261130L, 300).children.stream().filter(c -> c.key().equals("edge#" + n)).findFirst().orElseThrow();
    }

    @Test
    void theEdgeCasesComeOutAsTheRulesSayAndASecondRunChangesNothing() {
        ImportRun first = engine.run(sysadmin, DemoRegistrySource.SOURCE_ID);
        assertEquals(1, first.rejected(), first.rejections().toString());
        assertTrue(first.rejections().get(0).reason().startsWith("child: invalid national identity number"));
        assertTrue(first.created() > 100, "created " + first.created());

        ChildRecord custody = edge(1);
        PersonRecord formerHolder = custody.adults().get(0);
        assertNull(person(formerHolder.nationalId()), "the history entry's holder is not stored");
        assertEquals(1, links(custody.child().nationalId(), custody.adults().get(1).nationalId(), true));

        ChildRecord noResponsibility = edge(2);
        assertNull(person(noResponsibility.adults().get(1).nationalId()), "a parent without responsibility is not stored at all");

        ChildRecord strict = edge(5);
        assertEquals(AddressProtection.STRICTLY_CONFIDENTIAL, person(strict.child().nationalId()).getAddressProtection());
        assertNull(person(strict.child().nationalId()).getStreetAddress(), "the address the source sent was dropped");
        assertEquals("Skjermet vei " + AddressProtection.CONFIDENTIAL.ordinal(), person(edge(3).child().nationalId()).getStreetAddress());

        ChildRecord death = edge(9);
        assertEquals(0, links(death.child().nationalId(), death.adults().get(1).nationalId(), true), "the dead father is no guardian");
        assertEquals(1, links(death.child().nationalId(), death.adults().get(0).nationalId(), true));

        ChildRecord renumbered = edge(10);
        assertNull(person(renumbered.adults().get(0).formerNationalIds().get(0)));
        assertTrue(person(renumbered.adults().get(0).nationalId()) != null);

        ChildRecord verge = edge(11);
        long wardships = db.transactions().inTransaction(em -> em.createQuery("select count(w) from WardshipEntity w", Long.class)
                .getSingleResult());
        assertEquals(1, wardships);
        assertEquals(0, links(verge.child().nationalId(), verge.adults().get(1).nationalId(), true), "a verge is no guardian");

        ImportRun second = engine.run(sysadmin, DemoRegistrySource.SOURCE_ID);
        assertEquals(0, second.created() + second.updated() + second.ended(), second.toString());
        assertEquals(1, second.rejected());
        assertFalse(second.rejections().toString().contains("12345678901"));
    }
}
