package no.ranselpost.registry.hrxml.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.LocalDate;
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
 * unreadable file moves to {@code failed/} and applies nothing. Position codes map to roles
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

    @Override
    public void pull(ImportSink sink, StateView state) throws Exception {
        Optional<Path> newest = newest(config.pickupDirectory());
        if (newest.isEmpty()) {
            LOG.info("HR XML: no *.xml file in {}", config.pickupDirectory());
            return;
        }
        Path file = newest.get();
        List<HrXmlReader.Item> items;
        try {
            items = read(file);
        } catch (UnreadableFileException e) {
            Path moved = move(file, FAILED);
            LOG.warn("HR XML: {} is unreadable, nothing applied, moved to {}: {}", file.getFileName(), moved, e.getMessage());
            throw e;
        }
        hand(items, sink);
        Path moved = move(file, DONE);
        LOG.info("HR XML: {} read ({} items), moved to {}", file.getFileName(), items.size(), moved);
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
                    sink.reject(e.key(), "position code " + HrXmlReader.reportableCode(e.unmappedCode())
                            + " is not mapped to a role (employment kept without role)");
                }
            } else if (item instanceof HrXmlReader.Rejection r) {
                sink.reject(r.key(), r.reason());
            }
        }
    }

    /** The newest regular *.xml file directly in the directory (by modification time, then name); empty if none or no directory. */
    static Optional<Path> newest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        return !name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".xml");
                    })
                    .max(Comparator.comparing(HrXmlSource::modified).thenComparing(p -> p.getFileName().toString()));
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Moves the file into the named subdirectory of its own directory, never overwriting an earlier one. */
    private Path move(Path file, String subdirectory) throws IOException {
        Path dir = file.getParent().resolve(subdirectory);
        Files.createDirectories(dir);
        Path target = dir.resolve(file.getFileName());
        if (Files.exists(target)) {
            target = dir.resolve(file.getFileName() + "." + clock.millis());
        }
        try {
            return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(file, target);
        }
    }
}
