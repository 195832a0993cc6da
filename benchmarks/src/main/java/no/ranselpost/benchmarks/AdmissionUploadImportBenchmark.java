package no.ranselpost.benchmarks;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.enrolment.internal.EnrolmentCsvSource;

/**
 * The admission export of an Oslo-sized kommune (90 000 rows, one enrolment per child, 300
 * schools of ten classes; smoke: 500 rows) uploaded to the enrolment source through the import
 * engine's upload (what the REST and SOAP uploads call: access asked, the file read and checked
 * whole, then every row applied with its audit records). Baseline: the rows it wrote, inserted by
 * raw JDBC into a second in-memory Derby with the same migrations (batches of 1 000, one commit
 * per batch). Throughput in rows per second; goal ratio 0.5.
 */
public final class AdmissionUploadImportBenchmark implements Benchmark {

    @Override
    public String id() {
        return "import-admission-upload";
    }

    @Override
    public String title() {
        return "admission upload of an Oslo-sized kommune vs raw JDBC insert of the same rows (rows/s)";
    }

    @Override
    public List<LoadRun.Result> run(Context context) throws Exception {
        int n = FregSnapshotImportBenchmark.children(context);
        ImportProduct.Kommune kommune = ImportProduct.Kommune.of(n, Math.max(1, n / 300));
        Path dir = Files.createTempDirectory("ranselpost-bench-admission");
        Path csv = dir.resolve("upload.csv");
        LocalDate start = new no.ranselpost.core.api.time.OsloClock().today().minusDays(30);
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("child_national_id;unit_org_number;unit_name;unit_type;group_code;group_name;group_type;start_date;end_date\n");
            for (int i = 0; i < n; i++) {
                int unit = i % kommune.units().size();
                int group = (i / kommune.units().size()) % 10;
                w.write(kommune.children().get(i) + ";" + kommune.units().get(unit) + ";Benkemerke skole " + unit + ";SCHOOL;" + (1 + group)
                        + "A;" + (1 + group) + "A;CLASS;" + start + ";\n");
            }
        }
        List<ImportRows.TableRows> written;
        long productNs;
        TestDatabase product = ImportRows.database();
        try {
            ImportProduct engine = new ImportProduct(product);
            engine.engine.bindSource(new EnrolmentCsvSource(dir.resolve("pickup"), 512L * 1024 * 1024));
            var marks = ImportRows.marks(product.dataSource());
            System.out.println("[benchmark] import-admission-upload: uploading " + n + " rows (" + Files.size(csv) / 1024 + " KiB)");
            long t0 = System.nanoTime();
            ImportRun run;
            try (InputStream in = Files.newInputStream(csv)) {
                run = engine.engine.upload(ImportProduct.SYSADMIN, "enrolment", in);
            }
            productNs = System.nanoTime() - t0;
            ImportProduct.requireClean(run, "The admission upload");
            written = ImportRows.written(product.dataSource(), marks, null, null);
            System.out.println("[benchmark] import-admission-upload: " + run.created() + " created in " + productNs / 1_000_000
                    + " ms; rows written: " + ImportRows.describe(written));
        } finally {
            ImportRows.drop(product);
            Files.deleteIfExists(csv);
        }
        long rows = ImportRows.count(written);
        TestDatabase raw = ImportRows.database();
        long rawNs;
        try {
            long t0 = System.nanoTime();
            ImportRows.insert(raw.dataSource(), written);
            rawNs = System.nanoTime() - t0;
        } finally {
            ImportRows.drop(raw);
        }
        String what = n + " rows uploaded, " + rows + " rows written";
        return List.of(ImportProduct.result("raw JDBC insert of the same rows (1 000 a commit)", what, rows, rawNs),
                ImportProduct.result("admission upload (engine, rules, audit)", what, rows, productNs));
    }
}
