package no.ranselpost.demo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.ChildView;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.internal.JpaChildService;
import no.ranselpost.identity.local.internal.LocalAccounts;
import no.ranselpost.identity.local.internal.PasswordHasher;
import no.ranselpost.persistence.internal.JpaSourceRunHistory;
import no.ranselpost.persistence.internal.JpaSourceStateStore;
import no.ranselpost.persistence.testing.RowCountingDataSource;
import no.ranselpost.persistence.testing.TestDatabase;

/**
 * On a 10 000-child demo kommune, a guardian's child list is filtered by the database: the rows
 * the database hands over are counted, and they are a handful, not the kommune.
 */
class GuardianListScaleTest {

    @TempDir
    static Path data;
    private static final RowCountingDataSource COUNTER = new RowCountingDataSource();
    private static TestDatabase db;
    private static JpaChildService children;
    private static AuthenticatedPrincipal guardian;
    private static long people;
    private static AuthenticatedPrincipal leader;
    private static AuthenticatedPrincipal unitAdmin;

    @BeforeAll
    static void loadTenThousandChildren() throws Exception {
        db = new TestDatabase(COUNTER::wrap);
        JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
        RuleBasedAccessPolicy access = new RuleBasedAccessPolicy(db.transactions(), audit, new no.ranselpost.core.api.time.OsloClock()).declare(new no.ranselpost.core.internal.CoreAccessDeclaration(db.transactions(), new no.ranselpost.core.api.time.OsloClock()), new no.ranselpost.registry.imports.internal.ImportAccessDeclaration());
        LocalAccounts accounts = new LocalAccounts(db.transactions(), audit, access, new no.ranselpost.access.internal.JpaEffectiveGrants(new no.ranselpost.core.api.time.OsloClock()), new no.ranselpost.core.api.time.OsloClock());
        accounts.configure(new PasswordHasher(8192, 1, 1), Duration.ofMinutes(5));
        long t0 = System.nanoTime();
        DemoLoader.Outcome outcome = new DemoLoader(db.transactions(), accounts, new JpaSourceStateStore(db.transactions()),
                new JpaSourceRunHistory(db.transactions()), () -> true, audit).load(7, 10_000, data);
        System.out.printf("[scale] demo kommune of %d children and %d adults loaded in %d ms%n", outcome.children(), outcome.adults(),
                (System.nanoTime() - t0) / 1_000_000);
        children = new JpaChildService(db.transactions(), access, audit, new no.ranselpost.core.api.time.OsloClock());
        String[] g = Files.readAllLines(data.resolve(DemoLoader.ACCOUNTS_FILE)).stream()
                .filter(l -> l.startsWith("GUARDIAN")).findFirst().orElseThrow().split("\\s+");
        guardian = accounts.login(g[1], g[2].toCharArray(), null).principal();
        leader = signIn(accounts, "LEADER");
        unitAdmin = signIn(accounts, "UNIT_ADMIN");
        people = db.transactions().inTransaction(em -> em.createQuery("select count(p) from PersonEntity p", Long.class).getSingleResult());
    }

    private static long auditObjectRows() {
        return db.transactions().inTransaction(em -> em.createQuery("select count(o) from AuditObjectEntity o", Long.class).getSingleResult());
    }

    /** The demo account of a role from the accounts file (role, user, password[, TOTP secret]). */
    private static AuthenticatedPrincipal signIn(LocalAccounts accounts, String role) throws Exception {
        String[] a = Files.readAllLines(data.resolve(DemoLoader.ACCOUNTS_FILE)).stream()
                .filter(l -> l.startsWith(role + " ")).findFirst().orElseThrow().split("\\s+");
        String totp = a.length > 3 ? no.ranselpost.identity.local.internal.Totp.code(a[3],
                no.ranselpost.identity.local.internal.Totp.step(System.currentTimeMillis() / 1000)) : null;
        return accounts.login(a[1], a[2].toCharArray(), totp, null).principal();
    }

    /**
     * A group read decides and reads the whole list at once: the statements it executes are a
     * fixed handful, not one or two per child or per guardian (OpenJPA loads an entity selected
     * beside a column with a query of its own per row, and a per-guardian account lookup is two
     * more). The unit admin's read adds the guardians' access states and blocks, also per list.
     */
    @Test
    void aGroupReadRunsAFixedHandfulOfStatementsNotSomePerChildOrGuardian() {
        long groupId = leader.grants().stream().filter(r -> r.groupId() != null).findFirst().orElseThrow().groupId();
        for (AuthenticatedPrincipal reader : List.of(leader, unitAdmin)) {
            long objectRowsBefore = auditObjectRows();
            COUNTER.reset();
            List<ChildView> group = children.childrenOfGroup(reader, groupId);
            List<String> sql = COUNTER.prepared();
            long selects = sql.stream().filter(q -> q.startsWith("SELECT")).count();
            long other = sql.stream().filter(q -> !q.startsWith("SELECT") && !q.startsWith("INSERT INTO RP_AUDIT_")).count();
            long auditInserts = sql.stream().filter(q -> q.startsWith("INSERT INTO RP_AUDIT_")).count();
            long objectRows = auditObjectRows() - objectRowsBefore;
            long guardians = group.stream().mapToLong(c -> c.guardians() == null ? 0 : c.guardians().size()).sum();
            System.out.printf("[scale] %s's group read: %d children, %d guardians shown, %d selects, %d audit inserts prepared, %d object rows%n",
                    reader.grants().get(0).role(), group.size(), guardians, selects, auditInserts, objectRows);
            assertTrue(group.size() >= 10, "children in the group: " + group.size());
            assertTrue(guardians >= group.size(), "guardians shown: " + guardians);
            String all = "\n" + String.join("\n", sql);
            // before the list was read per list: 61 (the enrolments, guardianships and guardians one by one)
            assertTrue(selects <= 12, "selects for a group of " + group.size() + " children and " + guardians + " guardians: " + selects + all);
            // the read's audit record with one object row per child named (what "who saw child X" queries), batched by OpenJPA
            assertEquals(group.size(), objectRows, "audit object rows");
            assertTrue(auditInserts <= 1 + group.size(), "audit inserts" + all);
            assertEquals(0, other, "nothing else is written by a read" + all);
        }
        // the unit admin sees each guardian's access state and block, read per list
        children.childrenOfGroup(unitAdmin, groupId).forEach(c -> c.guardians().forEach(g -> {
            assertTrue(g.accountState() != null, "account state shown to the unit admin");
            assertTrue(g.blocked() != null, "block shown to the unit admin");
        }));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void aGuardiansChildListReadsAHandfulOfRowsNotTheKommune() {
        assertTrue(people > 19_000, "persons in the kommune: " + people);
        COUNTER.reset();
        List<ChildView> own = children.ownChildren(guardian);
        long rows = COUNTER.rows();
        System.out.printf("[scale] guardian's child list: %d children from %d rows read, in a kommune of %d persons%n", own.size(), rows,
                people);
        assertTrue(own.size() >= 1 && own.size() <= 3, "own children: " + own.size());
        // per child: the child, its enrolments, its guardians, the access decisions (a few rows each)
        assertTrue(rows < 100, "rows read: " + rows);
        own.forEach(c -> assertTrue(c.guardians().stream().anyMatch(g -> g.personId() == guardian.personId())));
    }

    @Test
    void anotherFamilysChildIsNeitherListedNorReadable() {
        List<Long> own = children.ownChildren(guardian).stream().map(ChildView::id).toList();
        long stranger = db.transactions().inTransaction(em -> em.createQuery(
                        "select e.child.id from EnrolmentEntity e where e.child.id not in :own order by e.id", Long.class)
                .setParameter("own", own).setMaxResults(1).getSingleResult());
        org.junit.jupiter.api.Assertions.assertThrows(no.ranselpost.access.api.AccessDeniedException.class,
                () -> children.child(guardian, stranger, null));
        assertEquals(own, children.ownChildren(guardian).stream().map(ChildView::id).toList());
    }
}
