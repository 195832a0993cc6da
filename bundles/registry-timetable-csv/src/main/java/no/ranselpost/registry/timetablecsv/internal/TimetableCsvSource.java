package no.ranselpost.registry.timetablecsv.internal;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.core.api.OrgNumber;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.registry.api.CapabilityRecord;
import no.ranselpost.registry.api.FileImportSource;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.RegistrySource;
import no.ranselpost.registry.files.api.CsvSnapshotFile;
import no.ranselpost.registry.files.api.PickupDirectory;

/**
 * The school administration system's timetable export (schema: {@code timetable-csv/SCHEMA.md} in
 * this bundle, sample {@code timetable-csv/sample.csv}) as a full-snapshot file source: the whole
 * file is read and checked first, then its subject groups and then its lessons are handed to the
 * timetable through the registry SPI as records of the types {@code timetable.subject-group} and
 * {@code timetable.lesson}, keyed by their line. A row that cannot be read is rejected alone with
 * its line; the timetable rejects unknown units, groups and teachers and overlapping lessons; a
 * file that cannot be read (header, encoding, size, CSV syntax) applies nothing. What disappears
 * from the file ends, behind the mass-deletion hold, and nothing ends while a row is rejected.
 */
@Component(service = RegistrySource.class, configurationPid = TimetableCsvSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = RegistrySource.SOURCE_ID + "=" + TimetableCsvSource.SOURCE_ID_TIMETABLE)
@Designate(ocd = TimetableCsvSettings.class, factory = true)
public class TimetableCsvSource implements FileImportSource {

    static final String SOURCE_ID_TIMETABLE = "timetable";
    static final String SUBJECT_GROUP_TYPE = "timetable.subject-group";
    static final String LESSON_TYPE = "timetable.lesson";
    static final List<String> HEADER = List.of("record_type", "unit_org_number", "unit_type", "group_code", "group_name", "subject_code",
            "subject_name", "lesson_id", "teacher_employee_id", "room", "weekday", "start_time", "end_time", "valid_from", "valid_to",
            "cancelled_dates");

    private static final Logger LOG = LoggerFactory.getLogger(TimetableCsvSource.class);
    private static final Map<String, Integer> WEEKDAYS = Map.of("MON", 1, "TUE", 2, "WED", 3, "THU", 4, "FRI", 5, "SAT", 6, "SUN", 7);

    private final PickupDirectory pickup;
    private final long maxFileBytes;

    @Activate
    public TimetableCsvSource(TimetableCsvSettings settings) {
        this(PickupDirectory.configured(settings.pickupDirectory(), SOURCE_ID_TIMETABLE).path(), settings.maxFileBytes());
    }

    public TimetableCsvSource(Path pickupDirectory, long maxFileBytes) {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive");
        }
        this.pickup = new PickupDirectory(pickupDirectory);
        this.maxFileBytes = maxFileBytes;
    }

    @Override
    public String sourceId() {
        return SOURCE_ID_TIMETABLE;
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

    @Override
    public void pull(ImportSink sink, StateView state) throws Exception {
        pickup.run(state, sink, this::read, TimetableCsvSource::hand);
    }

    @Override
    public void pull(ImportSink sink, StateView state, Path file) throws Exception {
        hand(read(file), sink);
    }

    /** A row read: the record, or why it was rejected. */
    private record Item(String key, CapabilityRecord record, String rejection) {
    }

    /** Subject groups first (lessons may be of them), then lessons, each in the order of the file; unreadable rows in between. */
    private static void hand(List<Item> items, ImportSink sink) {
        for (String type : List.of(SUBJECT_GROUP_TYPE, LESSON_TYPE)) {
            for (Item item : items) {
                if (item.record() != null && item.record().type().equals(type)) {
                    sink.record(item.record());
                }
            }
        }
        for (Item item : items) {
            if (item.record() == null) {
                sink.reject(item.key(), item.rejection());
            }
        }
    }

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
        LOG.info("Timetable file read: {} rows, {} of them unreadable", rows.size(), rejected);
        return items;
    }

    static CapabilityRecord record(String key, List<String> v) throws BadRow {
        if (v.size() != HEADER.size()) {
            throw new BadRow("expected " + HEADER.size() + " fields, found " + v.size());
        }
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 0; i < HEADER.size(); i++) {
            f.put(HEADER.get(i), v.get(i));
        }
        String kind = f.get("record_type");
        String orgReason = OrgNumber.rejectionReason(f.get("unit_org_number"));
        if (orgReason != null) {
            throw new BadRow("unit_org_number: organisation number " + orgReason);
        }
        try {
            UnitType.valueOf(f.get("unit_type"));
        } catch (IllegalArgumentException e) {
            throw new BadRow("unit_type must be one of KINDERGARTEN, SCHOOL, SFO");
        }
        required(f, "group_code", "subject_code", "subject_name");
        switch (kind) {
            case "SUBJECT_GROUP" -> {
                required(f, "group_name");
                for (String c : List.of("lesson_id", "teacher_employee_id", "room", "weekday", "start_time", "end_time", "valid_from", "valid_to",
                        "cancelled_dates")) {
                    if (!f.get(c).isEmpty()) {
                        throw new BadRow(c + " is for LESSON rows only");
                    }
                }
                f.remove("record_type");
                return new CapabilityRecord(SUBJECT_GROUP_TYPE, key, f);
            }
            case "LESSON" -> {
                required(f, "lesson_id", "teacher_employee_id", "weekday", "start_time", "end_time", "valid_from", "valid_to");
                Integer weekday = WEEKDAYS.get(f.get("weekday"));
                if (weekday == null) {
                    throw new BadRow("weekday must be one of MON, TUE, WED, THU, FRI, SAT, SUN");
                }
                f.put("weekday", Integer.toString(weekday));
                try {
                    LocalTime start = LocalTime.parse(f.get("start_time"));
                    LocalTime end = LocalTime.parse(f.get("end_time"));
                    if (!end.isAfter(start)) {
                        throw new BadRow("end_time is not after start_time");
                    }
                } catch (DateTimeParseException e) {
                    throw new BadRow("start_time and end_time are times (HH:mm)");
                }
                try {
                    LocalDate from = LocalDate.parse(f.get("valid_from"));
                    LocalDate to = LocalDate.parse(f.get("valid_to"));
                    if (to.isBefore(from)) {
                        throw new BadRow("valid_to is before valid_from");
                    }
                    StringBuilder dates = new StringBuilder();
                    for (String d : f.get("cancelled_dates").split(",")) {
                        if (!d.isBlank()) {
                            dates.append(dates.isEmpty() ? "" : ",").append(LocalDate.parse(d.strip()));
                        }
                    }
                    f.put("cancelled_dates", dates.toString());
                } catch (DateTimeParseException e) {
                    throw new BadRow("valid_from, valid_to and cancelled_dates are ISO dates (yyyy-MM-dd)");
                }
                f.remove("record_type");
                f.remove("group_name");
                return new CapabilityRecord(LESSON_TYPE, key, f);
            }
            default -> throw new BadRow("record_type must be SUBJECT_GROUP or LESSON");
        }
    }

    private static void required(Map<String, String> f, String... columns) throws BadRow {
        for (String c : columns) {
            if (f.get(c) == null || f.get(c).isEmpty()) {
                throw new BadRow(c + " missing");
            }
        }
    }

    /** A row that cannot become a record; its message names columns, never their content. */
    static final class BadRow extends Exception {
        private static final long serialVersionUID = 1L;

        BadRow(String reason) {
            super(reason, null, false, false);
        }
    }
}
