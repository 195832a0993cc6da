package no.ranselpost.registry.files.api;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import no.ranselpost.registry.api.FileImportSource;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.RegistrySource;

/**
 * The directory an export is dropped into: the newest {@code *.csv} is the snapshot to read;
 * read files move to {@code done/}, unreadable ones to {@code failed/}. Write a file under
 * another name (e.g. {@code .part}) and rename it to {@code .csv} when it is complete.
 */
public final class PickupDirectory {

    /** The source-state key under which the name (in done/) of the file read last is kept. */
    public static final String LAST_FILE = "lastFile";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS");

    private final Path dir;

    public PickupDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * The directory configured, or by default {@code <karaf.data>/import/<sourceId>}.
     */
    public static PickupDirectory configured(String configured, String sourceId) {
        if (configured != null && !configured.isBlank()) {
            return new PickupDirectory(Path.of(configured.strip()));
        }
        return new PickupDirectory(Path.of(System.getProperty("karaf.data", "data"), "import", sourceId));
    }

    public Path path() {
        return dir;
    }

    /** The {@code *.csv} files waiting, newest last (by modification time, then name). */
    public List<Path> waiting() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(PickupDirectory::modified).thenComparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** A file in done/ by its name, when it is there. */
    public Optional<Path> done(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            return Optional.empty();
        }
        Path file = dir.resolve(DONE).resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Moves the file into {@code done/} or {@code failed/}, its name prefixed with the time it was moved. */
    public Path moveTo(Path file, String where, String prefix) throws IOException {
        Path target = dir.resolve(where);
        Files.createDirectories(target);
        Path moved = target.resolve(LocalDateTime.now(ZoneOffset.UTC).format(STAMP) + "-" + prefix + file.getFileName());
        try {
            return Files.move(file, moved, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(file, moved);
        }
    }

    /** Reads and checks a whole file before anything of it is handed on. */
    @FunctionalInterface
    public interface SnapshotReader<T> {
        T read(Path file) throws FileImportSource.UnreadableFileException;
    }

    /** Hands what a file held to the sink. */
    @FunctionalInterface
    public interface Handing<T> {
        void hand(T content, ImportSink sink);
    }

    /**
     * One run of a file source on this directory. The newest waiting file is read and moved to
     * done/ (an unreadable one to failed/); older waiting files are superseded (each is a full
     * snapshot) and move to done/ unread. With no new file, the file read last (the source state
     * {@value #LAST_FILE}) is read again: the same snapshot changes nothing, and a run the
     * mass-deletion hold stopped can be confirmed. An empty run would end everything the source
     * holds, so with no file at all the run fails.
     */
    public <T> void run(RegistrySource.StateView state, ImportSink sink, SnapshotReader<T> reader, Handing<T> handing)
            throws IOException, FileImportSource.UnreadableFileException {
        List<Path> waiting = waiting();
        if (waiting.isEmpty()) {
            Path last = state.get(LAST_FILE).flatMap(this::done).orElseThrow(() -> new FileImportSource.UnreadableFileException(
                    "no *.csv file in the pickup directory, and none read before"));
            handing.hand(reader.read(last), sink);
            return;
        }
        Path newest = waiting.get(waiting.size() - 1);
        for (Path older : waiting.subList(0, waiting.size() - 1)) {
            moveTo(older, DONE, "superseded-");
        }
        T content;
        try {
            content = reader.read(newest);
        } catch (FileImportSource.UnreadableFileException e) {
            moveTo(newest, FAILED, "");
            throw e;
        }
        Path done = moveTo(newest, DONE, "");
        // before handing: a run cut off midway (the node killed) is resumed by reading this file again, not an older one
        sink.state(LAST_FILE, done.getFileName().toString());
        handing.hand(content, sink);
    }

    /** Whether a new file waits (false when the directory cannot be read). */
    public boolean hasNewFile() {
        try {
            return !waiting().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
