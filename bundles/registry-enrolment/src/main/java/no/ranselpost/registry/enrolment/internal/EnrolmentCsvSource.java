package no.ranselpost.registry.enrolment.internal;

import no.ranselpost.registry.files.api.CsvSnapshotFile;
import no.ranselpost.registry.files.api.PickupDirectory;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.OrgNumber;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.registry.api.EnrolmentRecord;
import no.ranselpost.registry.api.FileImportSource;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.RegistrySource;

/**
 * The admission / school administration export (FORMATS.md, "Enrolments") as a full-snapshot
 * file source: the whole file is read and checked first, then every row is handed as one
 * enrolment keyed by its line. A row that cannot be read is rejected alone; a file that cannot
 * be read (header, encoding, size, CSV syntax) applies nothing.
 */
@Component(service = RegistrySource.class, configurationPid = EnrolmentSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = RegistrySource.SOURCE_ID + "=" + EnrolmentCsvSource.SOURCE_ID_ENROLMENT)
@Designate(ocd = EnrolmentSettings.class, factory = true)
public class EnrolmentCsvSource implements FileImportSource {

    static final String SOURCE_ID_ENROLMENT = "enrolment";
    static final List<String> HEADER = List.of("child_national_id", "unit_org_number", "unit_name", "unit_type", "group_code",
            "group_name", "group_type", "start_date", "end_date");

    /** The source state key: the name, in done/, of the file read last. */
    static final String LAST_FILE = PickupDirectory.LAST_FILE;

    private static final Logger LOG = LoggerFactory.getLogger(EnrolmentCsvSource.class);

    private final PickupDirectory pickup;
    private final long maxFileBytes;

    @Activate
    public EnrolmentCsvSource(EnrolmentSettings settings) {
        this(PickupDirectory.configured(settings.pickupDirectory(), SOURCE_ID_ENROLMENT).path(), settings.maxFileBytes());
    }

    public EnrolmentCsvSource(Path pickupDirectory, long maxFileBytes) {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive");
        }
        this.pickup = new PickupDirectory(pickupDirectory);
        this.maxFileBytes = maxFileBytes;
    }

    @Override
    public String sourceId() {
        return SOURCE_ID_ENROLMENT;
    }

    @Override
    public boolean fullSnapshot() {
        return true;
    }

    @Override
    public long maxFileBytes() {
        return maxFileBytes;
    }

    @Override
    public boolean hasNewFile() {
        return pickup.hasNewFile();
    }

    /** Reads the newest file of the pickup directory, or the last one again (see {@link PickupDirectory#run}). */
    @Override
    public void pull(ImportSink sink, StateView state) throws Exception {
        pickup.run(state, sink, this::read, EnrolmentCsvSource::hand);
    }

    @Override
    public void pull(ImportSink sink, StateView state, Path file) throws Exception {
        hand(read(file), sink);
    }

    /** A row read: the record, or why it was rejected. */
    private record Item(String key, EnrolmentRecord record, String rejection) {
    }

    private static void hand(List<Item> items, ImportSink sink) {
        for (Item item : items) {
            if (item.record() != null) {
                sink.enrolment(item.record());
            } else {
                sink.reject(item.key(), item.rejection());
            }
        }
    }

    /** The whole file, read and checked before anything of it is handed on. */
    private List<Item> read(Path file) throws UnreadableFileException {
        List<CsvSnapshotFile.Row> rows = CsvSnapshotFile.read(file, HEADER, maxFileBytes);
        List<Item> items = new ArrayList<>(rows.size());
        int rejected = 0;
        for (CsvSnapshotFile.Row row : rows) {
            String key = "line " + row.line();
            try {
                items.add(new Item(key, record(key, row.values()), null));
            } catch (BadRow e) {
                items.add(new Item(key, null, e.getMessage()));
                rejected++;
            }
        }
        LOG.info("Enrolment file read: {} rows, {} of them unreadable", rows.size(), rejected);
        return items;
    }

    static EnrolmentRecord record(String key, List<String> v) throws BadRow {
        if (v.size() != HEADER.size()) {
            throw new BadRow("expected " + HEADER.size() + " fields, found " + v.size());
        }
        String org = v.get(1);
        String orgReason = OrgNumber.rejectionReason(org);
        if (orgReason != null) {
            throw new BadRow("unit_org_number: organisation number " + orgReason);
        }
        UnitType unitType = Fields.enumValue(UnitType.class, v.get(3), "unit_type", true);
        GroupType groupType = Fields.enumValue(GroupType.class, v.get(6), "group_type", false);
        LocalDate start = Fields.date(v.get(7), "start_date", true);
        LocalDate end = Fields.date(v.get(8), "end_date", false);
        if (end != null && end.isBefore(start)) {
            throw new BadRow("end_date is before start_date");
        }
        return new EnrolmentRecord(key, Fields.orNull(v.get(0)), org, unitType, Fields.orNull(v.get(2)), Fields.orNull(v.get(4)),
                Fields.orNull(v.get(5)), groupType, start, end);
    }

    /** A row that cannot become a record; its message names columns, never their content. */
    static final class BadRow extends Exception {
        private static final long serialVersionUID = 1L;

        BadRow(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Field conversions: empty is none, dates are ISO (yyyy-MM-dd). */
    static final class Fields {
        private Fields() {
        }

        static String orNull(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }

        static LocalDate date(String value, String column, boolean required) throws BadRow {
            String v = orNull(value);
            if (v == null) {
                if (required) {
                    throw new BadRow(column + " missing");
                }
                return null;
            }
            try {
                return LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                throw new BadRow(column + " is not an ISO date (yyyy-MM-dd)");
            }
        }

        static <E extends Enum<E>> E enumValue(Class<E> type, String value, String column, boolean required) throws BadRow {
            String v = orNull(value);
            if (v == null) {
                if (required) {
                    throw new BadRow(column + " missing");
                }
                return null;
            }
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(v)) {
                    return e;
                }
            }
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                names.add(e.name());
            }
            throw new BadRow(column + " must be one of " + String.join(", ", names));
        }
    }
}
