package no.ranselpost.registry.hrcsv.internal;

import no.ranselpost.registry.files.api.CsvSnapshotFile;
import no.ranselpost.registry.files.api.PickupDirectory;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.OrgNumber;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.registry.api.EmploymentRecord;
import no.ranselpost.registry.api.FileImportSource;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.PersonRecord;
import no.ranselpost.registry.api.PersonStatus;
import no.ranselpost.registry.api.RegistrySource;

/**
 * The HR export, Visma-style (FORMATS.md), as a full-snapshot file source: the whole file is
 * read and checked first, then every row is handed as one employment keyed by its line, its
 * position code mapped to a role through the configured table. A row that cannot be read is
 * rejected alone; a file that cannot be read (header, encoding, size, CSV syntax) applies nothing.
 */
@Component(service = RegistrySource.class, configurationPid = HrCsvSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = RegistrySource.SOURCE_ID + "=" + HrCsvSource.SOURCE_ID_HR)
@Designate(ocd = HrCsvSettings.class, factory = true)
public class HrCsvSource implements FileImportSource {

    static final String SOURCE_ID_HR = "hr";
    static final List<String> HEADER = List.of("employee_id", "national_id", "given_name", "family_name", "email", "mobile",
            "unit_org_number", "unit_type", "position_code", "position_title", "percentage", "start_date", "end_date", "leave_from",
            "leave_to");
    /** The source state key: the name, in done/, of the file read last. */
    static final String LAST_FILE = PickupDirectory.LAST_FILE;
    /** A position code is quoted in a report only when it looks like one (never a national id that slipped into the column). */
    private static final Pattern SHOWABLE_CODE = Pattern.compile("[A-Za-z0-9._-]{1,10}");

    private static final Logger LOG = LoggerFactory.getLogger(HrCsvSource.class);

    private final PickupDirectory pickup;
    private final Map<String, Role> positionRoles;
    private final long maxFileBytes;

    @Activate
    public HrCsvSource(HrCsvSettings settings) {
        this(PickupDirectory.configured(settings.pickupDirectory(), SOURCE_ID_HR).path(), positionRoles(settings.positionRoles()), settings.maxFileBytes());
    }

    public HrCsvSource(Path pickupDirectory, Map<String, Role> positionRoles, long maxFileBytes) {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive");
        }
        positionRoles.values().forEach(HrCsvSource::checkRole);
        this.pickup = new PickupDirectory(pickupDirectory);
        this.positionRoles = Map.copyOf(positionRoles);
        this.maxFileBytes = maxFileBytes;
    }

    /** Parses {@code 7951=LEADER,7954=EMPLOYEE}; anything else fails the configuration. */
    static Map<String, Role> positionRoles(String table) {
        Map<String, Role> roles = new LinkedHashMap<>();
        if (table == null || table.isBlank()) {
            return roles;
        }
        for (String entry : table.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split("=", -1);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException("positionRoles: each entry is code=LEADER or code=EMPLOYEE");
            }
            Role role;
            try {
                role = Role.valueOf(parts[1].strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("positionRoles: a position maps to LEADER or EMPLOYEE only");
            }
            checkRole(role);
            if (roles.put(parts[0].strip(), role) != null) {
                throw new IllegalArgumentException("positionRoles: a code is listed twice");
            }
        }
        return roles;
    }

    private static void checkRole(Role role) {
        if (role != Role.LEADER && role != Role.EMPLOYEE) {
            throw new IllegalArgumentException("positionRoles: a position maps to LEADER or EMPLOYEE only");
        }
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
        return maxFileBytes;
    }

    @Override
    public boolean hasNewFile() {
        return pickup.hasNewFile();
    }

    /** Reads the newest file of the pickup directory, or the last one again (see {@link PickupDirectory#run}). */
    @Override
    public void pull(ImportSink sink, StateView state) throws Exception {
        pickup.run(state, sink, this::read, HrCsvSource::hand);
    }

    @Override
    public void pull(ImportSink sink, StateView state, Path file) throws Exception {
        hand(read(file), sink);
    }

    /** A row read: the record (and a note on it), or why it was rejected. */
    private record Item(String key, EmploymentRecord record, String note) {
    }

    private static void hand(List<Item> items, ImportSink sink) {
        for (Item item : items) {
            if (item.record() != null) {
                sink.employment(item.record());
            }
            if (item.note() != null && item.record() != null) {
                // applied, with something to report (a position code without a role)
                sink.notice(item.key(), item.note());
            } else if (item.note() != null) {
                sink.reject(item.key(), item.note());
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
                EmploymentRecord record = record(key, row.values());
                String note = null;
                if (record.role() == null) {
                    String code = record.positionCode();
                    note = "position code " + (code != null && SHOWABLE_CODE.matcher(code).matches() ? code : "(not shown)")
                            + " is not mapped to a role (employment kept without role)";
                }
                items.add(new Item(key, record, note));
            } catch (BadRow e) {
                items.add(new Item(key, null, e.getMessage()));
                rejected++;
            }
        }
        LOG.info("HR file read: {} rows, {} of them unreadable", rows.size(), rejected);
        return items;
    }

    EmploymentRecord record(String key, List<String> v) throws BadRow {
        if (v.size() != HEADER.size()) {
            throw new BadRow("expected " + HEADER.size() + " fields, found " + v.size());
        }
        String employeeId = orNull(v.get(0));
        if (employeeId == null) {
            throw new BadRow("employee_id missing");
        }
        String org = v.get(6);
        String orgReason = OrgNumber.rejectionReason(org);
        if (orgReason != null) {
            throw new BadRow("unit_org_number: organisation number " + orgReason);
        }
        UnitType unitType = unitType(v.get(7));
        String positionCode = orNull(v.get(8));
        LocalDate start = date(v.get(11), "start_date", true);
        LocalDate end = date(v.get(12), "end_date", false);
        LocalDate leaveFrom = date(v.get(13), "leave_from", false);
        LocalDate leaveTo = date(v.get(14), "leave_to", false);
        if (end != null && end.isBefore(start)) {
            throw new BadRow("end_date is before start_date");
        }
        if (leaveTo != null && (leaveFrom == null || leaveTo.isBefore(leaveFrom))) {
            throw new BadRow("leave_to without leave_from, or before it");
        }
        PersonRecord person = new PersonRecord(orNull(v.get(1)), List.of(), orNull(v.get(2)), orNull(v.get(3)), null,
                AddressProtection.NONE, null, PersonStatus.RESIDENT);
        Role role = positionCode == null ? null : positionRoles.get(positionCode);
        return new EmploymentRecord(key, employeeId, person, orNull(v.get(4)), orNull(v.get(5)), org, unitType, positionCode,
                orNull(v.get(9)), role, start, end, leaveFrom, leaveTo);
    }

    private static UnitType unitType(String value) throws BadRow {
        String v = orNull(value);
        if (v == null) {
            return null;
        }
        for (UnitType t : UnitType.values()) {
            if (t.name().equals(v)) {
                return t;
            }
        }
        throw new BadRow("unit_type must be empty or one of KINDERGARTEN, SCHOOL, SFO");
    }

    private static String orNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static LocalDate date(String value, String column, boolean required) throws BadRow {
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

    /** A row that cannot become a record; its message names columns, never their content. */
    static final class BadRow extends Exception {
        private static final long serialVersionUID = 1L;

        BadRow(String reason) {
            super(reason, null, false, false);
        }
    }
}
