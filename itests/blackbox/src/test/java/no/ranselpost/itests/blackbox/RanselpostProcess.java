package no.ranselpost.itests.blackbox;

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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built ranselpost tar.gz, unpacked once and run as a process (bin/karaf server), with its
 * ports moved to free ones. It can be killed with SIGKILL and started again on the same install.
 */
public final class RanselpostProcess {

    private final Path home;
    private final int httpPort;
    private Process process;
    private static final Pattern OPERATION_ID = Pattern.compile("\"operationId\"\\s*:\\s*\"([^\"]+)\"");
    private int starts;
    /** The operations the first start settled on. */
    private Set<String> settledApi;

    private RanselpostProcess(Path home, int httpPort) {
        this.home = home;
        this.httpPort = httpPort;
    }

    static RanselpostProcess unpack(Path tarGz, Path into) throws IOException, InterruptedException {
        if (Files.exists(into)) {
            try (Stream<Path> walk = Files.walk(into)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(into);
        Process tar = new ProcessBuilder("tar", "xzf", tarGz.toAbsolutePath().toString(), "-C", into.toString())
                .inheritIO().start();
        if (tar.waitFor() != 0) {
            throw new IOException("tar failed on " + tarGz);
        }
        Path home;
        try (Stream<Path> list = Files.list(into)) {
            home = list.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        int http = freePort();
        setProperty(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", Integer.toString(http));
        setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(freePort()));
        setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort", Integer.toString(freePort()));
        setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort", Integer.toString(freePort()));
        // what the README's start command does: the demo kommune with its synthetic ids
        setProperty(home.resolve("etc/no.ranselpost.core.cfg"), "allowSyntheticIds", "true");
        setProperty(home.resolve("etc/no.ranselpost.demo.cfg"), "enabled", "true");
        // retention: the authorization matrix runs it as SYSTEM_ADMIN; children stay 100 years here, so it forgets no fixture
        setProperty(home.resolve("etc/no.ranselpost.retention.cfg"), "childRetentionDays", "36500");
        setProperty(home.resolve("etc/no.ranselpost.retention.cfg"), "dailyAtHour", "-1");
        return new RanselpostProcess(home, http);
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

    /**
     * Adds a feature to {@code featuresBoot} in etc/org.apache.karaf.features.cfg (a value continued
     * over several lines with backslashes): what a kommune does to install a feature at the first start
     * without the console.
     */
    public static void addBootFeature(Path featuresCfg, String feature) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(featuresCfg));
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.startsWith("#") || !(l.startsWith("featuresBoot ") || l.startsWith("featuresBoot=") || l.startsWith("featuresBoot\t"))) {
                continue;
            }
            int last = i;
            while (lines.get(last).stripTrailing().endsWith("\\") && last + 1 < lines.size()) {
                last++;
            }
            String end = lines.get(last).stripTrailing();
            boolean empty = last == i && end.substring(end.indexOf('=') + 1).isBlank();
            lines.set(last, end + (empty ? " " : ", \\"));
            if (!empty) {
                lines.add(last + 1, "    " + feature);
            } else {
                lines.set(last, lines.get(last) + feature);
            }
            Files.write(featuresCfg, lines);
            return;
        }
        throw new IllegalStateException("No featuresBoot in " + featuresCfg);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    Path home() {
        return home;
    }

    String baseUrl() {
        return "http://localhost:" + httpPort + "/api/v1";
    }

    /**
     * Starts bin/karaf server and waits until /health answers UP and the published API has settled:
     * the REST server rebuilds itself while resources arrive, so UP alone can come from a server
     * that is about to be replaced. The first start waits for the same API description twice in a
     * row; a restart waits for exactly the description the first start settled on. Returns how long
     * it took.
     */
    Duration start(Duration timeout) throws IOException, InterruptedException {
        starts++;
        Path out = home.resolve("console-" + starts + ".out");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        long t0 = System.nanoTime();
        process = pb.start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = t0 + timeout.toNanos();
        boolean up = false;
        Set<String> previousApi = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Ranselpost exited with " + process.exitValue() + "; see " + out);
            }
            try {
                if (!up) {
                    HttpResponse<String> r = get(client, "/health");
                    up = r.statusCode() == 200 && r.body().contains("UP");
                }
                if (up) {
                    HttpResponse<String> api = get(client, "/openapi.json");
                    Set<String> operations = api.statusCode() == 200 ? operationIds(api.body()) : null;
                    boolean settled = operations != null && !operations.isEmpty()
                            && (settledApi != null ? operations.equals(settledApi) : operations.equals(previousApi));
                    if (settled) {
                        settledApi = operations;
                        return Duration.ofNanos(System.nanoTime() - t0);
                    }
                    previousApi = operations;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(up ? 1000 : 250);
        }
        throw new IllegalStateException("Ranselpost did not answer UP with a settled API within " + timeout + "; see " + out);
    }

    /** The operation ids an API description lists (its path order follows registration order). */
    /** The operation ids the live API publishes now. */
    Set<String> operationIds() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return operationIds(get(client, "/openapi.json").body());
    }

    static Set<String> operationIds(String openApi) {
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

    /** SIGKILL to the launcher script and the JVM under it: no shutdown hook runs. */
    void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>();
        process.descendants().forEach(all::add);
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            h.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        process = null;
    }

    Path consoleOutput(int start) {
        return home.resolve("console-" + start + ".out");
    }
}
