package no.ranselpost.soap.imports.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.OrgNumber;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.registry.api.EmploymentRecord;
import no.ranselpost.registry.api.EnrolmentRecord;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.api.PersonRecord;
import no.ranselpost.registry.api.PersonStatus;
import no.ranselpost.soap.imports.v1.Employment;
import no.ranselpost.soap.imports.v1.Enrolment;
import no.ranselpost.soap.imports.v1.Report;

/**
 * The pushed elements as the import engine's records, read by the rules the file adapters read
 * their rows by (FORMATS.md): a record that cannot be read becomes a rejection with the same
 * reason a file's row would get, keyed {@code record N} (its place in the push, from 1); the
 * reasons name fields, never their content.
 */
final class Records {

    private static final Pattern SHOWABLE_CODE = Pattern.compile("[A-Za-z0-9_-]{1,20}");

    private Records() {
    }

    /** A record that cannot become one. */
    static final class BadRecord extends Exception {
        private static final long serialVersionUID = 1L;

        BadRecord(String reason) {
            super(reason, null, false, false);
        }
    }

    static String key(int index) {
        return "record " + (index + 1);
    }

    static List<Object> enrolments(List<Enrolment> pushed) {
        List<Object> out = new ArrayList<>(pushed.size());
        for (int i = 0; i < pushed.size(); i++) {
            String key = key(i);
            try {
                out.add(enrolment(key, pushed.get(i)));
            } catch (BadRecord e) {
                out.add(new ImportRun.Rejection(key, e.getMessage()));
            }
        }
        return out;
    }

    /** As the enrolment file's row (EnrolmentCsvSource): the columns' names in the reasons. */
    static EnrolmentRecord enrolment(String key, Enrolment e) throws BadRecord {
        if (e == null) {
            throw new BadRecord("an empty enrolment");
        }
        String org = e.getUnitOrgNumber() == null ? "" : e.getUnitOrgNumber();
        String orgReason = OrgNumber.rejectionReason(org);
        if (orgReason != null) {
            throw new BadRecord("unit_org_number: organisation number " + orgReason);
        }
        UnitType unitType = enumValue(UnitType.class, e.getUnitType(), "unit_type", true);
        GroupType groupType = enumValue(GroupType.class, e.getGroupType(), "group_type", false);
        LocalDate start = date(e.getStartDate(), "start_date", true);
        LocalDate end = date(e.getEndDate(), "end_date", false);
        if (end != null && end.isBefore(start)) {
            throw new BadRecord("end_date is before start_date");
        }
        return new EnrolmentRecord(key, orNull(e.getChildNationalId()), org, unitType, orNull(e.getUnitName()), orNull(e.getGroupCode()),
                orNull(e.getGroupName()), groupType, start, end);
    }

    /** The employments, each followed by its notice where its position code maps to no role. */
    static List<Object> employments(List<Employment> pushed, Map<String, Role> positionRoles) {
        List<Object> out = new ArrayList<>(pushed.size());
        for (int i = 0; i < pushed.size(); i++) {
            String key = key(i);
            try {
                EmploymentRecord r = employment(key, pushed.get(i), positionRoles);
                out.add(r);
                if (r.role() == null) {
                    String code = r.positionCode();
                    out.add(new ImportRun.Notice(key, "position code " + (code != null && SHOWABLE_CODE.matcher(code).matches() ? code
                            : "(not shown)") + " is not mapped to a role (employment kept without role)"));
                }
            } catch (BadRecord e) {
                out.add(new ImportRun.Rejection(key, e.getMessage()));
            }
        }
        return out;
    }

    /** As the Visma-style HR file's row (HrCsvSource). */
    static EmploymentRecord employment(String key, Employment e, Map<String, Role> positionRoles) throws BadRecord {
        if (e == null) {
            throw new BadRecord("an empty employment");
        }
        String employeeId = orNull(e.getEmployeeId());
        if (employeeId == null) {
            throw new BadRecord("employee_id missing");
        }
        String org = e.getUnitOrgNumber() == null ? "" : e.getUnitOrgNumber();
        String orgReason = OrgNumber.rejectionReason(org);
        if (orgReason != null) {
            throw new BadRecord("unit_org_number: organisation number " + orgReason);
        }
        String t = orNull(e.getUnitType());
        UnitType unitType = null;
        if (t != null) {
            try {
                unitType = UnitType.valueOf(t);
            } catch (IllegalArgumentException bad) {
                throw new BadRecord("unit_type must be empty or one of KINDERGARTEN, SCHOOL, SFO");
            }
        }
        String positionCode = orNull(e.getPositionCode());
        LocalDate start = date(e.getStartDate(), "start_date", true);
        LocalDate end = date(e.getEndDate(), "end_date", false);
        LocalDate leaveFrom = date(e.getLeaveFrom(), "leave_from", false);
        LocalDate leaveTo = date(e.getLeaveTo(), "leave_to", false);
        if (end != null && end.isBefore(start)) {
            throw new BadRecord("end_date is before start_date");
        }
        if (leaveTo != null && (leaveFrom == null || leaveTo.isBefore(leaveFrom))) {
            throw new BadRecord("leave_to without leave_from, or before it");
        }
        PersonRecord person = new PersonRecord(orNull(e.getNationalId()), List.of(), orNull(e.getGivenName()), orNull(e.getFamilyName()), null,
                AddressProtection.NONE, null, PersonStatus.RESIDENT);
        Role role = positionCode == null ? null : positionRoles.get(positionCode);
        return new EmploymentRecord(key, employeeId, person, orNull(e.getEmail()), orNull(e.getMobile()), org, unitType, positionCode,
                orNull(e.getPositionTitle()), role, start, end, leaveFrom, leaveTo);
    }

    /** The configured table, as the HR adapters read theirs: code=LEADER or code=EMPLOYEE, comma-separated. */
    static Map<String, Role> positionRoles(String table) {
        Map<String, Role> roles = new LinkedHashMap<>();
        if (table == null || table.isBlank()) {
            return roles;
        }
        for (String entry : table.split(",")) {
            String[] parts = entry.strip().split("=");
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException("positionRoles: each entry is code=LEADER or code=EMPLOYEE");
            }
            Role role;
            try {
                role = Role.valueOf(parts[1].strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("positionRoles: a position maps to LEADER or EMPLOYEE only");
            }
            if (role != Role.LEADER && role != Role.EMPLOYEE) {
                throw new IllegalArgumentException("positionRoles: a position maps to LEADER or EMPLOYEE only");
            }
            if (roles.put(parts[0].strip(), role) != null) {
                throw new IllegalArgumentException("positionRoles: a code is listed twice");
            }
        }
        return roles;
    }

    static no.ranselpost.soap.imports.v1.ImportRun run(ImportRun r) {
        no.ranselpost.soap.imports.v1.ImportRun out = new no.ranselpost.soap.imports.v1.ImportRun();
        out.setRunId(r.id());
        out.setSource(r.sourceId());
        out.setStatus(r.status().name());
        out.setStartedAt(calendar(r.startedAt()));
        out.setFinishedAt(r.finishedAt() == null ? null : calendar(r.finishedAt()));
        out.setCreated(r.created());
        out.setUpdated(r.updated());
        out.setEnded(r.ended());
        out.setUnchanged(r.unchanged());
        out.setRejected(r.rejected());
        out.setMessage(r.message());
        r.rejections().forEach(x -> out.getRejection().add(report(x)));
        r.notices().forEach(x -> out.getNotice().add(report(x)));
        return out;
    }

    private static Report report(ImportRun.Rejection r) {
        Report out = new Report();
        out.setKey(r.key());
        out.setReason(r.reason());
        return out;
    }

    private static XMLGregorianCalendar calendar(OffsetDateTime t) {
        try {
            return DatatypeFactory.newInstance().newXMLGregorianCalendar(GregorianCalendar.from(t.toZonedDateTime()));
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException("No XML datatype factory", e);
        }
    }

    private static String orNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static LocalDate date(String value, String field, boolean required) throws BadRecord {
        String v = orNull(value);
        if (v == null) {
            if (required) {
                throw new BadRecord(field + " missing");
            }
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadRecord(field + " is not an ISO date (yyyy-MM-dd)");
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field, boolean required) throws BadRecord {
        String v = orNull(value);
        if (v == null) {
            if (required) {
                throw new BadRecord(field + " missing");
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
        throw new BadRecord(field + " must be one of " + String.join(", ", names));
    }
}
