package no.ranselpost.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs every benchmark against one start of the built distribution: unpack, start with the
 * demo kommune, wait for the API and the LEADER's sign-in, run {@link #benchmarks()} in order,
 * print the table, write the JSON, and always stop Karaf. Fails (throws) if a load got no
 * request through or any non-2xx or I/O error, never for slowness; on failure prints the tail
 * of karaf.log. Run by BenchmarksIT (failsafe), or directly with the module's classpath.
 */
public final class Main {

    static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    static final Duration SIGN_IN_TIMEOUT = Duration.ofSeconds(120);

    private Main() {
    }

    /** The benchmarks of a run, in order; {@code -Dbenchmark.only=id,id} keeps only those. */
    public static List<Benchmark> benchmarks() {
        List<Benchmark> all = List.of(new StaffGroupReadBenchmark(), new DailyLifeMixedBenchmark(), new MessagingBroadcastBenchmark(),
                new NotificationFanoutBenchmark(), new FregSnapshotImportBenchmark(), new AdmissionUploadImportBenchmark(),
                new FregFeedBurstBenchmark());
        String only = System.getProperty("benchmark.only", "").trim();
        if (only.isEmpty()) {
            return all;
        }
        java.util.Set<String> ids = java.util.Set.of(only.split("\\s*,\\s*"));
        return all.stream().filter(b -> ids.contains(b.id())).toList();
    }

    public static void main(String[] args) throws Exception {
        run(Settings.fromSystemProperties(), benchmarks());
    }

    public static Report run(Settings settings, List<Benchmark> benchmarks) throws Exception {
        long t0 = System.nanoTime();
        System.out.println("[benchmark] " + settings.describe() + ", " + settings.warmup().toSeconds() + " s warm-up; distribution "
                + settings.distribution());
        Distribution dist = Distribution.unpack(settings.distribution(), settings.runDir());
        no.ranselpost.itests.blackbox.PostgresServer postgres = null;
        try {
            if (settings.database().equals("postgresql")) {
                String password = java.util.UUID.randomUUID().toString();
                postgres = no.ranselpost.itests.blackbox.PostgresServer.start(settings.runDir().resolveSibling("benchmark-pg"),
                        "ranselpost", "ranselpost", password);
                dist.usePostgresql(postgres.jdbcUrl(), "ranselpost", password);
                System.out.println("[benchmark] on PostgreSQL at " + postgres.jdbcUrl());
            }
            dist.start(START_TIMEOUT);
            Path accounts = dist.waitForFile("data/demo-accounts.txt", SIGN_IN_TIMEOUT);
            DemoApi api = new DemoApi(dist.baseUrl(), accounts);
            api.signIn(StaffGroupReadBenchmark.ROLE, SIGN_IN_TIMEOUT);
            System.out.println("[benchmark] " + StaffGroupReadBenchmark.ROLE + " signed in");

            Benchmark.Context context = new Benchmark.Context(dist, api, settings);
            Report report = new Report(settings);
            for (Benchmark b : benchmarks) {
                report.add(b, b.run(context));
            }
            report.print();
            report.writeJson(settings.results());
            System.out.println("[benchmark] results written to " + settings.results());
            List<String> failures = report.failures();
            if (!failures.isEmpty()) {
                throw new IllegalStateException("Benchmark run failed:\n  " + String.join("\n  ", failures));
            }
            return report;
        } catch (Throwable t) {
            System.out.println("[benchmark] FAILED: " + t);
            dist.printLogTail(50);
            throw t;
        } finally {
            dist.stop();
            if (postgres != null) {
                postgres.close();
            }
            System.out.println("[benchmark] total " + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s");
        }
    }
}
