package no.ranselpost.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a benchmark run is sized, from system properties:
 * <ul>
 * <li>{@code benchmark.connections} concurrent workers, each with its own connection (default 32)</li>
 * <li>{@code benchmark.seconds} measured seconds per endpoint (default 20)</li>
 * <li>{@code benchmark.warmupSeconds} warm-up seconds per endpoint, not measured (default 5)</li>
 * <li>{@code benchmark.smoke=true}: only checks that the benchmarks run: 4 connections, 2 s, 1 s
 * warm-up (each still overridable by the properties above)</li>
 * <li>{@code benchmark.database}: {@code derby} (default: the embedded database, as the README's
 * start command) or {@code postgresql} (a PostgreSQL server of the run's own, started from the
 * machine's binaries as the black-box suite does, with the demo kommune loaded into it)</li>
 * <li>{@code benchmark.distribution}, {@code benchmark.runDir}, {@code benchmark.results}: the
 * tar.gz, where it is unpacked, where the JSON results go (set by the pom)</li>
 * </ul>
 */
public record Settings(boolean smoke, int connections, Duration measure, Duration warmup,
                       Path distribution, Path runDir, Path results, String database) {

    public static Settings fromSystemProperties() {
        boolean smoke = Boolean.getBoolean("benchmark.smoke");
        int connections = intProperty("benchmark.connections", smoke ? 4 : 32);
        int seconds = intProperty("benchmark.seconds", smoke ? 2 : 20);
        int warmup = intProperty("benchmark.warmupSeconds", smoke ? 1 : 5);
        if (connections < 1 || seconds < 1 || warmup < 0) {
            throw new IllegalArgumentException("benchmark.connections and benchmark.seconds must be >= 1, benchmark.warmupSeconds >= 0");
        }
        return new Settings(smoke, connections, Duration.ofSeconds(seconds), Duration.ofSeconds(warmup),
                path("benchmark.distribution", "target/dist/ranselpost.tar.gz"),
                path("benchmark.runDir", "target/benchmark-run"),
                path("benchmark.results", "target/benchmark-results.json"), databaseProperty());
    }

    private static String databaseProperty() {
        String db = System.getProperty("benchmark.database", "derby").strip().toLowerCase(java.util.Locale.ROOT);
        if (!db.equals("derby") && !db.equals("postgresql")) {
            throw new IllegalArgumentException("benchmark.database must be derby or postgresql, not " + db);
        }
        return db;
    }

    private static int intProperty(String key, int dflt) {
        String v = System.getProperty(key);
        return v == null || v.isBlank() ? dflt : Integer.parseInt(v.strip());
    }

    private static Path path(String key, String dflt) {
        return Path.of(System.getProperty(key, dflt)).toAbsolutePath();
    }

    /** e.g. "32 connections, 20 s each". */
    public String describe() {
        return connections + " connections, " + measure.toSeconds() + " s each" + (smoke ? ", smoke" : "") + ", on " + database;
    }
}
