package no.ranselpost.benchmarks;

import java.util.List;
import java.util.Map;

import no.ranselpost.audit.api.Actor;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.freg.internal.FakeFreg;

/**
 * The first FREG run of an Oslo-sized kommune (90 000 enrolled children, about 160 000 holders
 * of parental responsibility; smoke: 500 children): the fake FREG serves the person documents
 * over real HTTP from a generated population, the FREG source looks them up in bulk and the real
 * import engine applies every child (persons, guardianships, accounts, audit records). Baseline:
 * the very rows that run wrote, read back and inserted by raw JDBC into a second in-memory Derby
 * with the same migrations and fixture (batches of 1 000 rows, one commit per batch). Throughput
 * in rows per second; goal ratio 0.5.
 */
public final class FregSnapshotImportBenchmark implements Benchmark {

    @Override
    public String id() {
        return "import-freg-snapshot";
    }

    @Override
    public String title() {
        return "FREG snapshot of an Oslo-sized kommune over HTTP vs raw JDBC insert of the same rows (rows/s)";
    }

    static int children(Benchmark.Context context) {
        return Integer.getInteger("benchmark.import.children", context.settings().smoke() ? 500 : 90_000);
    }

    @Override
    public List<LoadRun.Result> run(Context context) throws Exception {
        int n = children(context);
        ImportProduct.Kommune kommune = ImportProduct.Kommune.of(n, Math.max(1, n / 300));
        List<ImportRows.TableRows> written;
        long productNs;
        Map<String, Long> marks;
        TestDatabase product = ImportRows.database();
        try (FakeFreg fake = new FakeFreg().validating(false)) {
            ImportProduct engine = new ImportProduct(product);
            kommune.enrol(product, engine.clock.today());
            kommune.describe(fake);
            engine.freg(fake);
            marks = ImportRows.marks(product.dataSource());
            System.out.println("[benchmark] import-freg-snapshot: " + n + " children, " + kommune.guardians() + " holders, running the snapshot");
            long t0 = System.nanoTime();
            ImportRun run = engine.engine.runAsJob("freg", Actor.systemJob("benchmark"));
            productNs = System.nanoTime() - t0;
            ImportProduct.requireClean(run, "The FREG snapshot");
            written = ImportRows.written(product.dataSource(), marks, "RP_PERSON", "REGISTRY_STATUS IS NOT NULL");
            System.out.println("[benchmark] import-freg-snapshot: " + run.created() + " created, " + run.updated() + " updated in "
                    + productNs / 1_000_000 + " ms; rows written: " + ImportRows.describe(written));
        } finally {
            ImportRows.drop(product);
        }
        long rows = ImportRows.count(written);
        TestDatabase raw = ImportRows.database();
        long rawNs;
        try {
            kommune.enrol(raw, new no.ranselpost.core.api.time.OsloClock().today());
            ImportRows.marks(raw.dataSource());
            long t0 = System.nanoTime();
            ImportRows.insert(raw.dataSource(), written);
            rawNs = System.nanoTime() - t0;
        } finally {
            ImportRows.drop(raw);
        }
        String what = n + " children, " + kommune.guardians() + " holders, " + rows + " rows";
        return List.of(ImportProduct.result("raw JDBC insert of the same rows (1 000 a commit)", what, rows, rawNs),
                ImportProduct.result("FREG snapshot over HTTP (engine, rules, audit)", what, rows, productNs));
    }
}
