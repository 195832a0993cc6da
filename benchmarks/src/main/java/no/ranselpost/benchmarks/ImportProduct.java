package no.ranselpost.benchmarks;

import java.net.URI;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.core.internal.CoreAccessDeclaration;
import no.ranselpost.persistence.internal.JpaSourceRunHistory;
import no.ranselpost.persistence.internal.JpaSourceStateStore;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.freg.internal.FakeFreg;
import no.ranselpost.registry.freg.internal.FregConfig;
import no.ranselpost.registry.freg.internal.FregSource;
import no.ranselpost.registry.freg.internal.Population;
import no.ranselpost.registry.freg.internal.TokenSupplier;
import no.ranselpost.registry.imports.internal.ImportAccessDeclaration;
import no.ranselpost.registry.imports.internal.ImportEngine;

/**
 * The product side of the import benchmarks: the real import engine (rules, access, audit, one
 * run in the run history) on the real persistence unit, with the FREG source reading a fake FREG
 * over real HTTP, and a kommune's fixture of units, classes and enrolled children.
 */
final class ImportProduct {

    static final AuthenticatedPrincipal SYSADMIN = new AuthenticatedPrincipal(90_000_001L, AccountKind.STAFF, "bench.sysadmin", "Sys",
            null, List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), 1, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);

    final TestDatabase db;
    final OsloClock clock = new OsloClock();
    final JpaSourceStateStore state;
    final ImportEngine engine;

    ImportProduct(TestDatabase db) {
        this.db = db;
        JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
        RuleBasedAccessPolicy policy = new RuleBasedAccessPolicy(db.transactions(), audit, clock)
                .declare(new CoreAccessDeclaration(db.transactions(), clock), new ImportAccessDeclaration());
        state = new JpaSourceStateStore(db.transactions());
        engine = new ImportEngine(db.transactions(), audit, policy, () -> true, state, new JpaSourceRunHistory(db.transactions()), clock);
        // the engine's default unless a run asks for another (to compare sizes)
        Integer perTransaction = Integer.getInteger("benchmark.import.perTransaction");
        if (perTransaction != null) {
            engine.setRecordsPerTransaction(perTransaction);
        }
    }

    /** A FREG source on this engine, reading the fake. */
    FregSource freg(FakeFreg fake) {
        FregConfig config = new FregConfig(URI.create(fake.baseUrl()), List.of(), FregConfig.BULK_LIMIT, 60_000, 3, 10,
                Duration.ofSeconds(120), 200L * 1024 * 1024);
        FregSource source = new FregSource(db.transactions(), config, TokenSupplier.fixed(FakeFreg.TOKEN), clock);
        engine.bindSource(source);
        return source;
    }

    static void requireClean(ImportRun run, String what) {
        if (run.status() != ImportRun.Status.SUCCEEDED || run.rejected() > 0) {
            throw new IllegalStateException(what + " did not succeed whole: " + run.status() + ", rejected " + run.rejected() + ": "
                    + run.message() + " " + run.rejections().stream().limit(5).toList());
        }
    }

    /** A kommune's population: children, each with one or two holders of responsibility (1.78 on average, as in Oslo). */
    record Kommune(List<String> children, List<List<String>> holders, List<String> units) {

        static Kommune of(int children, int units) {
            ImportRows.Ids ids = new ImportRows.Ids();
            List<String> cs = new ArrayList<>(children);
            List<List<String>> hs = new ArrayList<>(children);
            java.util.Random random = new java.util.Random(14);
            for (int i = 0; i < children; i++) {
                cs.add(ids.child());
                hs.add(random.nextInt(100) < 78 ? List.of(ids.adult(), ids.adult()) : List.of(ids.adult()));
            }
            return new Kommune(cs, hs, ImportRows.orgs(units));
        }

        long guardians() {
            return holders.stream().mapToLong(List::size).sum();
        }

        /** Their person documents in the fake: names, address, joint (or the mother's) responsibility. */
        void describe(FakeFreg fake) {
            Population pop = new Population(fake);
            for (int i = 0; i < children.size(); i++) {
                String c = children.get(i);
                List<String> h = holders.get(i);
                String street = "Benkeveien";
                String number = Integer.toString(1 + i % 200);
                pop.person(c, "Barn" + i, "Familie" + i, street, number);
                for (int k = 0; k < h.size(); k++) {
                    pop.person(h.get(k), (k == 0 ? "Mor" : "Far") + i, "Familie" + i, street, number);
                    pop.parent(c, h.get(k), k == 0 ? "mor" : "far");
                    pop.responsibility(c, h.size() == 1 ? "mor" : "felles", h.get(k), true);
                }
            }
        }

        /** The fixture: units with ten classes each, every child enrolled (by number only, as an admission file leaves it). */
        void enrol(TestDatabase db, LocalDate today) throws Exception {
            long id = ImportRows.SETUP_BASE;
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                List<Long> groups = new ArrayList<>();
                List<Long> unitOfGroup = new ArrayList<>();
                try (PreparedStatement u = c.prepareStatement("INSERT INTO RP_UNIT (ID, NAME, ORG_NUMBER, UNIT_TYPE) VALUES (?, ?, ?, 'SCHOOL')");
                     PreparedStatement g = c.prepareStatement("INSERT INTO RP_UNIT_GROUP (ID, GROUP_CODE, GROUP_TYPE, NAME, UNIT_ID) "
                             + "VALUES (?, ?, 'CLASS', ?, ?)")) {
                    for (int i = 0; i < units.size(); i++) {
                        long unit = id++;
                        u.setLong(1, unit);
                        u.setString(2, "Benkemerke skole " + i);
                        u.setString(3, units.get(i));
                        u.addBatch();
                        for (int k = 0; k < 10; k++) {
                            long group = id++;
                            g.setLong(1, group);
                            g.setString(2, (1 + k) + "A");
                            g.setString(3, (1 + k) + "A");
                            g.setLong(4, unit);
                            g.addBatch();
                            groups.add(group);
                            unitOfGroup.add(unit);
                        }
                    }
                    u.executeBatch();
                    g.executeBatch();
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO RP_PERSON (ID, NATIONAL_ID, ADDRESS_PROTECTION, DECEASED) "
                        + "VALUES (?, ?, 'NONE', 0)");
                     PreparedStatement e = c.prepareStatement("INSERT INTO RP_ENROLMENT (ID, CHILD_ID, UNIT_ID, GROUP_ID, START_DATE, "
                             + "SOURCE_ID, SOURCE_KEY) VALUES (?, ?, ?, ?, ?, 'enrolment', ?)")) {
                    for (int i = 0; i < children.size(); i++) {
                        long child = id++;
                        p.setLong(1, child);
                        p.setString(2, children.get(i));
                        p.addBatch();
                        int gi = i % groups.size();
                        e.setLong(1, id++);
                        e.setLong(2, child);
                        e.setLong(3, unitOfGroup.get(gi));
                        e.setLong(4, groups.get(gi));
                        e.setDate(5, Date.valueOf(today.minusDays(30)));
                        e.setString(6, "bench-" + i);
                        e.addBatch();
                        if (i % 1000 == 999) {
                            p.executeBatch();
                            e.executeBatch();
                        }
                    }
                    p.executeBatch();
                    e.executeBatch();
                }
                c.commit();
            }
        }
    }

    static no.ranselpost.benchmarks.LoadRun.Result result(String label, String what, long items, long nanos) {
        double seconds = nanos / 1e9;
        double ms = nanos / 1e6;
        return new LoadRun.Result(label, "IMPORT", what, 1, seconds, items, items / seconds, ms, ms, ms, 0, 0, Map.of(200, 1L), List.of());
    }
}
