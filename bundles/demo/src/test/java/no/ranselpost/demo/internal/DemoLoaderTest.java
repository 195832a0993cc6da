package no.ranselpost.demo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.identity.local.internal.LocalAccounts;
import no.ranselpost.identity.local.internal.PasswordHasher;
import no.ranselpost.persistence.api.SourceRun;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.internal.JpaSourceRunHistory;
import no.ranselpost.persistence.internal.JpaSourceStateStore;
import no.ranselpost.persistence.testing.TestDatabase;

class DemoLoaderTest {

    @TempDir
    Path data;
    private TestDatabase db;
    private LocalAccounts accounts;
    private JpaSourceRunHistory runs;
    private JpaAuditTrail audit;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        audit = new JpaAuditTrail(db.transactions());
        accounts = new LocalAccounts(db.transactions(), audit, new RuleBasedAccessPolicy(db.transactions(), audit, new no.ranselpost.core.api.time.OsloClock()).declare(new no.ranselpost.core.internal.CoreAccessDeclaration(db.transactions(), new no.ranselpost.core.api.time.OsloClock()), new no.ranselpost.registry.imports.internal.ImportAccessDeclaration()), new no.ranselpost.access.internal.JpaEffectiveGrants(new no.ranselpost.core.api.time.OsloClock()), new no.ranselpost.core.api.time.OsloClock());
        accounts.configure(new PasswordHasher(8192, 1, 1), Duration.ofMinutes(5));
        runs = new JpaSourceRunHistory(db.transactions());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private DemoLoader loader(boolean allowSynthetic) {
        return new DemoLoader(db.transactions(), accounts, new JpaSourceStateStore(db.transactions()), runs, () -> allowSynthetic, audit);
    }

    private long count(String entity) {
        return db.transactions().inTransaction(em -> em.createQuery("select count(e) from " + entity + " e", Long.class).getSingleResult());
    }

    @Test
    void loadsOnceWithAccountsForEveryStaffRoleInAnOwnerOnlyFile() throws Exception {
        DemoLoader.Outcome first = loader(true).load(20261130L, 60, data);
        assertTrue(first.loaded());
        long children = count("EnrolmentEntity");
        long people = count("PersonEntity");
        assertTrue(children >= 60);

        Path file = data.resolve(DemoLoader.ACCOUNTS_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(DemoLoader.DEMO_ROLES.size(), lines.size());
        String[] leader = lines.stream().filter(l -> l.startsWith("LEADER")).findFirst().orElseThrow().split("\\s+");
        LoginResult login = accounts.login(leader[1], leader[2].toCharArray(), null);
        assertTrue(login.principal().grants().get(0).groupId() != null);
        String[] guardian = lines.stream().filter(l -> l.startsWith("GUARDIAN")).findFirst().orElseThrow().split("\\s+");
        assertTrue(accounts.login(guardian[1], guardian[2].toCharArray(), null).principal().personId() != null);
        String[] admin = lines.stream().filter(l -> l.startsWith("SYSTEM_ADMIN")).findFirst().orElseThrow().split("\\s+");
        assertEquals(4, admin.length, "admins have a TOTP secret in the file");
        long demoRecords = db.transactions().inTransaction(em -> em.createQuery(
                "select count(r) from AuditRecordEntity r where r.action = 'DEMO_LOAD'", Long.class).getSingleResult());
        assertTrue(demoRecords > people, "one audit record per object the demo created: " + demoRecords);

        DemoLoader.Outcome second = loader(true).load(20261130L, 60, data);
        assertFalse(second.loaded());
        assertEquals("already loaded", second.reason());
        assertEquals(people, count("PersonEntity"));
        assertEquals(DemoLoader.DEMO_ROLES.size(), accounts.count());
        assertEquals(SourceRun.Status.SUCCEEDED, runs.history(DemoLoader.SOURCE_ID, 5).get(0).status());
        assertEquals(1, runs.history(DemoLoader.SOURCE_ID, 5).size());
    }

    @Test
    void storesNoAddressForTheStrictlyConfidentialFamily() {
        loader(true).load(5, 30, data);
        List<PersonEntity> strict = db.transactions().inTransaction(em -> em.createQuery(
                        "select p from PersonEntity p where p.addressProtection = :p", PersonEntity.class)
                .setParameter("p", AddressProtection.STRICTLY_CONFIDENTIAL).getResultList());
        assertFalse(strict.isEmpty());
        strict.forEach(p -> {
            assertEquals(null, p.getStreetAddress());
            assertEquals(null, p.getPostalCode());
            assertEquals(null, p.getPostalPlace());
        });
    }

    /** The same database under another product name, as PostgreSQL would report itself. */
    private DemoLoader loaderOn(String product) {
        no.ranselpost.persistence.api.Transactions real = db.transactions();
        no.ranselpost.persistence.api.Transactions other = new no.ranselpost.persistence.api.Transactions() {
            @Override
            public <T> T inTransaction(java.util.function.Function<javax.persistence.EntityManager, T> work) {
                return real.inTransaction(work);
            }

            @Override
            public String databaseProductName() {
                return product;
            }
        };
        return new DemoLoader(other, accounts, new JpaSourceStateStore(db.transactions()), runs, () -> true, audit);
    }

    @Test
    void refusesAnyDatabaseButEmbeddedDerby() {
        DemoLoader.Outcome outcome = loaderOn("PostgreSQL").load(1, 30, data);
        assertFalse(outcome.loaded());
        assertEquals("database is PostgreSQL", outcome.reason());
        DemoLoader.Outcome notAllowed = loaderOn("PostgreSQL").load(1, 30, data, false);
        assertFalse(notAllowed.loaded());
        assertEquals(0L, count("PersonEntity"));
        assertEquals(0L, accounts.count());
        assertFalse(Files.exists(data.resolve(DemoLoader.ACCOUNTS_FILE)));
    }

    @Test
    void allowAnyDatabaseLetsItLoadIntoAnotherDatabase() {
        DemoLoader.Outcome outcome = loaderOn("PostgreSQL").load(1, 30, data, true);
        assertTrue(outcome.loaded(), String.valueOf(outcome.reason()));
        assertTrue(count("PersonEntity") > 0);
        assertEquals(DemoLoader.DEMO_ROLES.size(), accounts.count());
    }

    @Test
    void refusesWhenSyntheticIdsAreNotAllowed() {
        DemoLoader.Outcome outcome = loader(false).load(1, 30, data);
        assertFalse(outcome.loaded());
        assertEquals(0L, count("PersonEntity"));
        assertEquals(0L, accounts.count());
    }
}
