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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The built ranselpost tar.gz, unpacked once and run as a process (bin/karaf server), with its
 * ports moved to free ones. It can be killed with SIGKILL and started again on the same install.
 */
final class RanselpostProcess {

    private final Path home;
    private final int httpPort;
    private Process process;
    private int starts;

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

    /** Starts bin/karaf server and waits until /health answers UP; returns how long it took. */
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
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Ranselpost exited with " + process.exitValue() + "; see " + out);
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("UP")) {
                    return Duration.ofNanos(System.nanoTime() - t0);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Ranselpost did not answer UP within " + timeout + "; see " + out);
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
