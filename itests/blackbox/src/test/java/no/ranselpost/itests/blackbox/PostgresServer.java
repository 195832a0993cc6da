package no.ranselpost.itests.blackbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server from the machine's own binaries ({@code /usr/lib/postgresql/<n>/bin},
 * or initdb and pg_ctl on the PATH): a fresh cluster under the given directory (trust
 * authentication, UTF8, C.UTF-8), listening on 127.0.0.1 on a free port with its socket in that
 * directory, with one role and one database. initdb and pg_ctl refuse to run as root: as root they
 * run as the {@code postgres} user (su), which then owns the directory. {@link #close()} stops it
 * ({@code pg_ctl -m fast stop}); so does a shutdown hook, should the JVM end first. Public for
 * the benchmarks module's PostgreSQL run (through this module's test-jar).
 */
public final class PostgresServer implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private final Path bin;
    private final Path dir;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final Thread shutdownHook;
    private boolean running;

    private PostgresServer(Path bin, Path dir, int port, String database, String user, String password) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.shutdownHook = new Thread(this::stopQuietly, "postgres-stop");
    }

    /** Whether initdb and pg_ctl exist on this machine. */
    public static boolean available() {
        return binaries().isPresent();
    }

    /**
     * The directory holding initdb, pg_ctl, postgres and psql: the system property
     * {@code ranselpost.postgresql.bin} if set, else the newest /usr/lib/postgresql/<n>/bin, else the PATH's.
     */
    static Optional<Path> binaries() {
        List<Path> candidates = new ArrayList<>();
        String chosen = System.getProperty("ranselpost.postgresql.bin", "");
        if (!chosen.isBlank()) {
            // only this directory (a way to pick one of several versions, or to see the skip)
            candidates.add(Path.of(chosen));
            return candidates.stream().filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl"))).findFirst();
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.map(v -> v.resolve("bin"))
                        .sorted(Comparator.comparing((Path p) -> versionOf(p.getParent().getFileName().toString())).reversed())
                        .forEach(candidates::add);
            } catch (IOException e) {
                // not readable: try the PATH
            }
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path initdb = Path.of(entry, "initdb");
            if (Files.isExecutable(initdb)) {
                try {
                    // /usr/local/bin/initdb may be a link into the real bin directory, next to postgres itself
                    candidates.add(initdb.toRealPath().getParent());
                } catch (IOException e) {
                    candidates.add(Path.of(entry));
                }
            }
        }
        return candidates.stream()
                .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                .findFirst();
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name.replaceAll("[^0-9].*$", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean runningAsRoot() {
        if ("root".equals(System.getProperty("user.name"))) {
            return true;
        }
        try {
            Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            id.waitFor(10, TimeUnit.SECONDS);
            return out.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A fresh cluster in {@code dir} (emptied first), started on a free port, with the role
     * {@code user} (LOGIN, {@code password}) owning the database {@code database}.
     */
    public static PostgresServer start(Path dir, String database, String user, String password) throws IOException, InterruptedException {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException("No PostgreSQL binaries (initdb, pg_ctl) on this machine"));
        dir = dir.toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        if (runningAsRoot()) {
            run(List.of("chown", "postgres:postgres", dir.toString()), false);
        }
        PostgresServer server = new PostgresServer(bin, dir, RanselpostProcess.freePort(), database, user, password);
        server.initdbAndStart();
        return server;
    }

    private void initdbAndStart() throws IOException, InterruptedException {
        Path data = dir.resolve("data");
        asPostgres(q(bin.resolve("initdb")) + " -D " + q(data) + " -U postgres --auth=trust -E UTF8 --locale=C.UTF-8");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        running = true;
        asPostgres(q(bin.resolve("pg_ctl")) + " -D " + q(data) + " -l " + q(dir.resolve("postgres.log"))
                + " -o " + q("-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1") + " -w -t 60 start");
        psql("postgres", "CREATE ROLE " + user + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
        psql("postgres", "CREATE DATABASE " + database + " OWNER " + user + " ENCODING 'UTF8'");
    }

    int port() {
        return port;
    }

    String database() {
        return database;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    Path directory() {
        return dir;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Runs one SQL statement with psql as the superuser over TCP on 127.0.0.1 and returns its
     * unaligned, tuples-only output (fields separated by '|').
     */
    String psql(String db, String sql) throws IOException, InterruptedException {
        Path psql = Files.isExecutable(bin.resolve("psql")) ? bin.resolve("psql") : Path.of("psql");
        return asPostgres(q(psql) + " -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p " + port + " -U postgres -d " + q(db) + " -At -c " + q(sql));
    }

    /**
     * Runs one of the server's client programs ({@code pg_dump}, {@code pg_restore}, ...) from its
     * bin directory with the given arguments (already quoted for /bin/sh), as the postgres user
     * when the JVM is root; answers its output.
     */
    String tool(String program, String arguments) throws IOException, InterruptedException {
        return asPostgres(q(bin.resolve(program)) + " " + arguments);
    }

    /** Single-quoted for /bin/sh. */
    static String quoted(Object word) {
        return q(word);
    }

    /** Stops the server ({@code pg_ctl -m fast stop}); the data directory stays for a look afterwards. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (!running) {
            return;
        }
        asPostgres(q(bin.resolve("pg_ctl")) + " -D " + q(dir.resolve("data")) + " -m fast -w -t 60 stop");
        running = false;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void stopQuietly() {
        try {
            if (running) {
                asPostgres(q(bin.resolve("pg_ctl")) + " -D " + q(dir.resolve("data")) + " -m immediate -w -t 30 stop");
                running = false;
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("[blackbox] could not stop PostgreSQL in " + dir + ": " + e);
        }
    }

    /** A shell command line, run as the postgres user when the JVM is root, else as it is. */
    private String asPostgres(String commandLine) throws IOException, InterruptedException {
        if (runningAsRoot()) {
            return run(List.of("su", "postgres", "-s", "/bin/sh", "-c", commandLine), true);
        }
        return run(List.of("/bin/sh", "-c", commandLine), true);
    }

    private static String run(List<String> command, boolean fromDir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (fromDir) {
            // su keeps the working directory; the postgres user may not be allowed into ours
            pb.directory(new java.io.File("/"));
        }
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("Timed out: " + command);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("Failed (" + p.exitValue() + "): " + command + "\n" + text);
        }
        return text.strip();
    }

    /** Single-quotes a word for /bin/sh. */
    private static String q(Object word) {
        return "'" + word.toString().replace("'", "'\"'\"'") + "'";
    }
}
