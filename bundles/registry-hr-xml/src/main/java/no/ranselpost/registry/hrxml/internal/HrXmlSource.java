package no.ranselpost.registry.hrxml.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import javax.xml.validation.Schema;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.registry.api.FileImportSource;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.RegistrySource;

/**
 * The HR export, Vigilo-style (ExportInfo/Resources/Resource XML), as the source {@code hr}: a
 * full snapshot of the employments per file. A run reads the newest {@code *.xml} file in the
 * pickup directory whole (nothing is handed on before the whole file has been read and each
 * Resource validated), hands each employment on, and moves the file to {@code done/}; an
 * unreadable file moves to {@code failed/} and applies nothing. With no new file the last file
 * read is read again (see {@link #pull(ImportSink, StateView)}). Position codes map to roles
 * through the configured table; an unmapped code keeps the employment without a role and is
 * reported in the run.
 */
@Component(service = RegistrySource.class, configurationPid = HrXmlSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = RegistrySource.SOURCE_ID + "=" + HrXmlSource.SOURCE_ID_HR)
@Designate(ocd = HrXmlSettings.class, factory = true)
public class HrXmlSource implements FileImportSource {

    static final String SOURCE_ID_HR = "hr";
    static final String DONE = "done";
    static final String FAILED = "failed";
    /** The source state key: the name, in done/, of the file read last. */
    static final String LAST_FILE = "lastFile";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS");

    private static final Logger LOG = LoggerFactory.getLogger(HrXmlSource.class);

    private final HrXmlConfig config;
    private final Clock clock;
    private final Schema schema;

    @Activate
    public HrXmlSource(HrXmlSettings settings) {
        this(HrXmlConfig.of(settings), Clock.systemUTC());
    }

    public HrXmlSource(HrXmlConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.schema = HrXmlReader.loadSchema();
        LOG.info("HR XML source: pickup directory {}, {} position codes mapped", config.pickupDirectory(), config.positionRoles().size());
    }

    @Override
    public String sourceId() {
        return SOURCE_ID_HR;
    }

    @Override
    public boolean fullSnapshot() {
        return true;
    }

    @Override
    public long maxFileBytes() {
        return config.maxFileBytes();
    }

    HrXmlConfig config() {
        return config;
    }

    /**
     * Reads the newest {@code *.xml} file of the pickup directory and moves it to done/; older
     * files there are superseded (each is a full snapshot) and move to done/ unread. With no new
     * file, the file read last (the source state {@value #LAST_FILE}, a name in done/) is read
     * again: the same snapshot changes nothing, and a run the mass-deletion hold stopped can be
     * confirmed (the confirming run sees the held file, not an empty directory). With no file at
     * all the run fails: an empty run would end every employment the source holds.
     */
    @Override
    public boolean hasNewFile() {
        try {
            return !waiting(config.pickupDirectory()).isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public void pull(ImportSink sink, StateView state) throws Exception {
        List<Path> waiting = waiting(config.pickupDirectory());
        if (waiting.isEmpty()) {
            Path last = state.get(LAST_FILE).flatMap(this::done)
                    .orElseThrow(() -> new UnreadableFileException("no *.xml file in the pickup directory, and none read before"));
            LOG.info("HR XML: no new file in {}, the last one read again", config.pickupDirectory());
            hand(read(last), sink);
            return;
        }
        Path file = waiting.get(waiting.size() - 1);
        for (Path older : waiting.subList(0, waiting.size() - 1)) {
            move(older, DONE, "superseded-");
        }
        if (waiting.size() > 1) {
            LOG.info("HR XML: {} older file(s) superseded by the newest, moved to done/ unread", waiting.size() - 1);
        }
        List<HrXmlReader.Item> items;
        try {
            items = read(file);
        } catch (UnreadableFileException e) {
            Path moved = move(file, FAILED, "");
            LOG.warn("HR XML: {} is unreadable, nothing applied, moved to {}: {}", file.getFileName(), moved, e.getMessage());
            throw e;
        }
        Path done = move(file, DONE, "");
        hand(items, sink);
        sink.state(LAST_FILE, done.getFileName().toString());
        LOG.info("HR XML: {} read ({} items), moved to {}", file.getFileName(), items.size(), done);
    }

    @Override
    public void pull(ImportSink sink, StateView state, Path file) throws Exception {
        hand(read(file), sink);
    }

    /** The whole file read and every Resource validated and mapped: nothing handed on yet. */
    List<HrXmlReader.Item> read(Path file) throws UnreadableFileException, IOException {
        return new HrXmlReader(schema).read(file, config.maxFileBytes(), config.positionRoles(), LocalDate.now(clock));
    }

    private static void hand(List<HrXmlReader.Item> items, ImportSink sink) {
        for (HrXmlReader.Item item : items) {
            if (item instanceof HrXmlReader.Employment e) {
                sink.employment(e.record());
                if (e.unmappedCode() != null) {
                    sink.notice(e.key(), "position code " + HrXmlReader.reportableCode(e.unmappedCode())
                            + " is not mapped to a role (employment kept without role)");
                }
            } else if (item instanceof HrXmlReader.Rejection r) {
                sink.reject(r.key(), r.reason());
            }
        }
    }

    /** The regular *.xml files directly in the directory, newest last (by modification time, then name); none without a directory. */
    static List<Path> waiting(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        return !name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".xml");
                    })
                    .sorted(Comparator.comparing(HrXmlSource::modified).thenComparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    /** A file in done/ by its name, when it is there. */
    private Optional<Path> done(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            return Optional.empty();
        }
        Path file = config.pickupDirectory().resolve(DONE).resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Moves the file into done/ or failed/, its name prefixed with the time it was moved, never overwriting one. */
    private Path move(Path file, String subdirectory, String prefix) throws IOException {
        Path dir = config.pickupDirectory().resolve(subdirectory);
        Files.createDirectories(dir);
        String stamp = LocalDateTime.now(clock).format(STAMP);
        Path target = dir.resolve(stamp + "-" + prefix + file.getFileName());
        for (int i = 1; Files.exists(target); i++) {
            target = dir.resolve(stamp + "." + i + "-" + prefix + file.getFileName());
        }
        try {
            return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(file, target);
        }
    }
}
