package no.ranselpost.registry.hrxml.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.OrgNumber;

/**
 * Synthetic HR exports (Vigilo-style ExportInfo) for the tests: employees with synthetic national
 * ids (month + 80), their employments and leave. Shared with the integration tests through the
 * test-jar.
 */
public final class HrFiles {

    private HrFiles() {
    }

    /** A period of leave. */
    public record Leave(LocalDate from, LocalDate to, String kind) {
    }

    /** One Employment element; unitType may be null (left out). */
    public record Employment(String employmentId, String orgNumber, String unitType, String positionCode, String positionTitle,
                             LocalDate start, LocalDate end, List<Leave> leaves) {
    }

    /** One Resource element (one employee); street may be null (no Addresses element). */
    public record Resource(String resourceId, String nationalId, String givenName, String familyName, String street, String zipCode,
                           String place, String email, String mobile, List<Employment> employments) {
    }

    /** The first valid organisation number from base on. */
    public static String org(int base) {
        for (int n = base;; n++) {
            String org = OrgNumber.withCheckDigit(Integer.toString(n));
            if (org != null) {
                return org;
            }
        }
    }

    /** A synthetic national id, different for every n (0 to about 20 000). */
    public static String nationalId(int n) {
        LocalDate birth = LocalDate.of(1960, 1, 1).plusDays(n);
        for (int individual = 100;; individual++) {
            var id = NationalId.compose(birth, individual, NationalId.Kind.FODSELSNUMMER, true);
            if (id.isPresent()) {
                return id.get().value();
            }
        }
    }

    /** Employee n with one employment at the unit, from two years ago, with no end. */
    public static Resource employee(int n, String orgNumber, String unitType, String positionCode) {
        return new Resource("R" + n, nationalId(n), "Given" + n, "Family" + n, "Skoleveien " + (n % 90 + 1), "5003", "RANSELVIK",
                "e" + n + "@example.kommune.no", "4" + String.format("%07d", n),
                List.of(new Employment("R" + n + "-1", orgNumber, unitType, positionCode, "Title " + positionCode,
                        LocalDate.of(2020, 8, 1), null, List.of())));
    }

    public static List<Resource> employees(int count, String orgNumber, String unitType, String positionCode) {
        List<Resource> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(employee(i, orgNumber, unitType, positionCode));
        }
        return list;
    }

    /** The whole export, one element per line. */
    public static String document(List<Resource> resources) {
        StringBuilder b = new StringBuilder(512 + resources.size() * 700);
        b.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        b.append("<ExportInfo xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n");
        b.append("  <ExportDate>2026-11-01T02:00:00</ExportDate>\n");
        b.append("  <Source>HR</Source>\n");
        b.append("  <Resources>\n");
        for (Resource r : resources) {
            resource(b, r);
        }
        b.append("  </Resources>\n");
        b.append("</ExportInfo>\n");
        return b.toString();
    }

    public static void resource(StringBuilder b, Resource r) {
        b.append("    <Resource>\n");
        el(b, 6, "ResourceId", r.resourceId());
        el(b, 6, "SSN", r.nationalId());
        el(b, 6, "GivenName", r.givenName());
        el(b, 6, "FamilyName", r.familyName());
        b.append("      <Employments>\n");
        for (Employment e : r.employments()) {
            b.append("        <Employment>\n");
            el(b, 10, "EmploymentId", e.employmentId());
            el(b, 10, "OrgNumber", e.orgNumber());
            el(b, 10, "UnitType", e.unitType());
            el(b, 10, "PositionCode", e.positionCode());
            el(b, 10, "PositionTitle", e.positionTitle());
            el(b, 10, "PercentageOfWork", "100");
            el(b, 10, "StartDate", e.start() == null ? null : e.start().toString());
            el(b, 10, "EndDate", e.end() == null ? null : e.end().toString());
            for (Leave l : e.leaves()) {
                b.append("          <Leave>\n");
                el(b, 12, "From", l.from().toString());
                el(b, 12, "To", l.to() == null ? null : l.to().toString());
                el(b, 12, "Kind", l.kind());
                b.append("          </Leave>\n");
            }
            b.append("        </Employment>\n");
        }
        b.append("      </Employments>\n");
        if (r.street() != null) {
            b.append("      <Addresses>\n        <Address>\n");
            el(b, 10, "AddressId", "A-" + r.resourceId());
            el(b, 10, "Type", "I");
            el(b, 10, "Street", r.street());
            el(b, 10, "Place", r.place());
            el(b, 10, "CountryCode", "NO");
            el(b, 10, "ZipCode", r.zipCode());
            el(b, 10, "Mobile", r.mobile());
            if (r.email() != null) {
                b.append("          <EmailList>\n");
                el(b, 12, "string", r.email());
                b.append("          </EmailList>\n");
            }
            b.append("        </Address>\n      </Addresses>\n");
        }
        b.append("    </Resource>\n");
    }

    private static void el(StringBuilder b, int indent, String name, String value) {
        if (value == null) {
            return;
        }
        b.append(" ".repeat(indent)).append('<').append(name).append('>').append(escape(value)).append("</").append(name).append(">\n");
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The 1-based line of the n-th (0-based) line holding the needle. */
    public static int lineOf(String xml, String needle, int nth) {
        String[] lines = xml.split("\n", -1);
        int seen = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle) && seen++ == nth) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("not found: " + needle);
    }

    /** Writes the file with the given age in seconds (its modification time), for newest-file picking. */
    public static Path write(Path dir, String name, String content, long ageSeconds) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - ageSeconds * 1000));
        return file;
    }
}
