package no.ranselpost.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built tar.gz, unpacked afresh, its ports moved to free ones and the demo kommune enabled
 * (the same edits as the black-box suite's RanselpostProcess), run as {@code bin/karaf server}.
 * {@link #stop()} (also {@link #close()}) always ends the process: bin/stop, then SIGKILL after
 * a timeout; a JVM shutdown hook does the SIGKILL if the benchmark JVM is ended first.
 */
public final class Distribution implements AutoCloseable {

    private static final Pattern OPERATION_ID = Pattern.compile("\"operationId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private final int httpPort;
    private Process process;
    private Thread killOnExit;

    private Distribution(Path home, int httpPort) {
        this.home = home;
        this.httpPort = httpPort;
    }

    public static Distribution unpack(Path tarGz, Path into) throws IOException, InterruptedException {
        if (!Files.isRegularFile(tarGz)) {
            throw new IOException("No distribution at " + tarGz + " (run mvn install first)");
        }
        if (Files.exists(into)) {
            try (Stream<Path> walk = Files.walk(into)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(into);
        Process tar = new ProcessBuilder("tar", "xzf", tarGz.toString(), "-C", into.toString()).inheritIO().start();
        if (tar.waitFor() != 0) {
            throw new IOException("tar failed on " + tarGz);
        }
        Path home;
        try (Stream<Path> list = Files.list(into)) {
            home = list.filter(Files::isDirectory).findFirst().orElseThrow(() -> new IOException("empty " + tarGz));
        }
        int http = freePort();
        setProperty(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", Integer.toString(http));
        setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(freePort()));
        setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort", Integer.toString(freePort()));
        setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort", Integer.toString(freePort()));
        // what the README's start command does: the demo kommune with its synthetic ids
        setProperty(home.resolve("etc/no.ranselpost.core.cfg"), "allowSyntheticIds", "true");
        setProperty(home.resolve("etc/no.ranselpost.demo.cfg"), "enabled", "true");
        return new Distribution(home, http);
    }

    /**
     * Points the distribution at a PostgreSQL database instead of the embedded Derby, the README's
     * "Switching to PostgreSQL" steps: the driver's feature at boot, the DataSource's
     * configuration, and the demo allowed into a database that is not embedded Derby.
     */
    public void usePostgresql(String jdbcUrl, String user, String password) throws IOException {
        no.ranselpost.itests.blackbox.RanselpostProcess.addBootFeature(home.resolve("etc/org.apache.karaf.features.cfg"),
                "ranselpost-datasource-postgresql");
        Files.writeString(home.resolve("etc/org.ops4j.datasource-ranselpost.cfg"), String.join("\n",
                "osgi.jdbc.driver.name = PostgreSQL JDBC Driver",
                "dataSourceName = ranselpost",
                "url = " + jdbcUrl,
                "user = " + user,
                "password = " + password,
                "pool = dbcp2",
                "xa = false",
                "jdbc.pool.maxTotal = 16",
                ""));
        setProperty(home.resolve("etc/no.ranselpost.demo.cfg"), "allowAnyDatabase", "true");
    }

    /** Replaces or appends {@code key = value} in a Karaf .cfg file. */
    static void setProperty(Path cfg, String key, String value) throws IOException {
        List<String> lines = Files.exists(cfg) ? new ArrayList<>(Files.readAllLines(cfg)) : new ArrayList<>();
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (!l.startsWith("#") && (l.startsWith(key + " ") || l.startsWith(key + "=") || l.startsWith(key + "\t"))) {
                lines.set(i, key + " = " + value);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(key + " = " + value);
        }
        Files.write(cfg, lines);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    public Path home() {
        return home;
    }

    /** e.g. http://localhost:40123/api/v1 */
    public String baseUrl() {
        return "http://localhost:" + httpPort + "/api/v1";
    }

    /**
     * Starts bin/karaf server and waits until /health answers UP and /openapi.json lists the same
     * operations twice in a row (the REST server rebuilds itself while resources arrive, so UP
     * alone can come from a server about to be replaced). Returns how long it took.
     */
    public Duration start(Duration timeout) throws IOException, InterruptedException {
        Path out = home.resolve("console.out");
        long t0 = System.nanoTime();
        process = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        killOnExit = new Thread(this::destroyForcibly, "benchmark-kill-karaf");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = t0 + timeout.toNanos();
        boolean up = false;
        Set<String> previous = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Karaf exited with " + process.exitValue() + "; see " + out);
            }
            try {
                if (!up) {
                    HttpResponse<String> r = get(client, "/health");
                    up = r.statusCode() == 200 && r.body().contains("UP");
                }
                if (up) {
                    HttpResponse<String> api = get(client, "/openapi.json");
                    Set<String> operations = api.statusCode() == 200 ? operationIds(api.body()) : null;
                    if (operations != null && !operations.isEmpty() && operations.equals(previous)) {
                        Duration took = Duration.ofNanos(System.nanoTime() - t0);
                        System.out.println("[benchmark] Karaf answered UP with " + operations.size() + " operations after "
                                + took.toMillis() + " ms at " + baseUrl());
                        return took;
                    }
                    previous = operations;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(up ? 1000 : 250);
        }
        throw new IllegalStateException("Karaf did not answer UP with a settled API within " + timeout + "; see " + out);
    }

    private static Set<String> operationIds(String openApi) {
        Set<String> ids = new TreeSet<>();
        Matcher m = OPERATION_ID.matcher(openApi);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until a file under the Karaf home exists. */
    public Path waitForFile(String relative, Duration timeout) throws InterruptedException {
        Path file = home.resolve(relative);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(file + " did not appear within " + timeout);
            }
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("Karaf exited with " + process.exitValue() + " before " + file + " appeared");
            }
            Thread.sleep(250);
        }
        return file;
    }

    /** Runs bin/stop, waits for Karaf to exit, and SIGKILLs whatever is left after the timeout. Idempotent. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        long t0 = System.nanoTime();
        // the launcher script runs the JVM as a child: collect both before either exits
        List<ProcessHandle> all = new ArrayList<>();
        process.descendants().forEach(all::add);
        all.add(process.toHandle());
        String how = "bin/stop";
        try {
            Process stop = new ProcessBuilder(home.resolve("bin/stop").toString())
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("stop.out").toFile())
                    .start();
            if (!stop.waitFor(30, TimeUnit.SECONDS)) {
                stop.destroyForcibly();
            }
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            for (ProcessHandle h : all) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    h.onExit().orTimeout(left, TimeUnit.NANOSECONDS).exceptionally(e -> null).join();
                }
            }
        } catch (IOException e) {
            System.out.println("[benchmark] bin/stop failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                how = "SIGKILL after bin/stop timed out";
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : all) {
            h.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        process = null;
        try {
            if (killOnExit != null) {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            }
        } catch (IllegalStateException shuttingDown) {
            // already in the hooks
        }
        System.out.println("[benchmark] Karaf stopped (" + how + ") in " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
    }

    private synchronized void destroyForcibly() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The last lines of data/log/karaf.log (none if there is no log yet). */
    public List<String> logTail(int lines) {
        Path log = home.resolve("data/log/karaf.log");
        try {
            List<String> all = Files.exists(log)
                    ? new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8).lines().toList()
                    : List.<String>of();
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e + ")");
        }
    }

    public void printLogTail(int lines) {
        System.out.println("[benchmark] ---- last " + lines + " lines of " + home.resolve("data/log/karaf.log") + " ----");
        logTail(lines).forEach(System.out::println);
        System.out.println("[benchmark] ---- end of karaf.log (console output: " + home.resolve("console.out") + ") ----");
    }
}
