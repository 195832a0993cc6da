package no.ranselpost.timetable.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Reads a OneRoster zip strictly (RFC 4180) and checks it against the binding's column lists and its own references. */
public final class OneRosterCheck {

    private OneRosterCheck() {
    }

    public static Map<String, List<String>> columns() throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (InputStream in = OneRosterCheck.class.getResourceAsStream("/oneroster-1.2-csv-columns.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(": ");
                out.put(line.substring(0, colon), List.of(line.substring(colon + 2).split(",")));
            }
        }
        return out;
    }

    public static Map<String, List<List<String>>> read(byte[] zip) throws IOException {
        Map<String, List<List<String>>> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                files.put(e.getName(), csv(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return files;
    }

    public static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else if (c == '\n' || c == '\r') {
                throw new IllegalArgumentException("a line ends without CRLF");
            } else {
                field.append(c);
            }
        }
        if (quoted || field.length() > 0 || !row.isEmpty()) {
            throw new IllegalArgumentException("the last line does not end with CRLF");
        }
        return rows;
    }

    /** The problems found: a file missing or with other columns, a row of the wrong width, a reference to nothing. */
    public static List<String> problems(Map<String, List<List<String>>> files) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<String>> f : columns().entrySet()) {
            List<List<String>> rows = files.get(f.getKey());
            if (rows == null || rows.isEmpty()) {
                problems.add(f.getKey() + " missing");
                continue;
            }
            if (!rows.get(0).equals(f.getValue())) {
                problems.add(f.getKey() + " has the columns " + rows.get(0));
            }
            for (int i = 1; i < rows.size(); i++) {
                if (rows.get(i).size() != f.getValue().size()) {
                    problems.add(f.getKey() + " line " + (i + 1) + " has " + rows.get(i).size() + " fields");
                }
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        Set<String> orgs = ids(files.get("orgs.csv"), 0);
        Set<String> users = ids(files.get("users.csv"), 0);
        Set<String> classes = ids(files.get("classes.csv"), 0);
        Set<String> courses = ids(files.get("courses.csv"), 0);
        Set<String> sessions = ids(files.get("academicSessions.csv"), 0);
        for (List<String> e : body(files.get("enrollments.csv"))) {
            check(problems, classes, e.get(3), "enrollment " + e.get(0) + " class");
            check(problems, orgs, e.get(4), "enrollment " + e.get(0) + " school");
            check(problems, users, e.get(5), "enrollment " + e.get(0) + " user");
        }
        for (List<String> c : body(files.get("classes.csv"))) {
            check(problems, courses, c.get(5), "class " + c.get(0) + " course");
            check(problems, orgs, c.get(9), "class " + c.get(0) + " school");
            check(problems, sessions, c.get(10), "class " + c.get(0) + " term");
        }
        for (List<String> r : body(files.get("roles.csv"))) {
            check(problems, users, r.get(3), "role " + r.get(0) + " user");
            check(problems, orgs, r.get(8), "role " + r.get(0) + " org");
        }
        for (List<String> u : body(files.get("users.csv"))) {
            check(problems, orgs, u.get(21), "user " + u.get(0) + " primary org");
        }
        Map<String, String> manifest = new LinkedHashMap<>();
        body(files.get("manifest.csv")).forEach(r -> manifest.put(r.get(0), r.get(1)));
        if (!"1.2".equals(manifest.get("oneroster.version"))) {
            problems.add("manifest: oneroster.version is " + manifest.get("oneroster.version"));
        }
        for (String f : columns().keySet()) {
            if (!f.equals("manifest.csv") && !"bulk".equals(manifest.get("file." + f.replace(".csv", "")))) {
                problems.add("manifest: " + f + " is not bulk");
            }
        }
        return problems;
    }

    private static List<List<String>> body(List<List<String>> rows) {
        return rows.subList(1, rows.size());
    }

    private static Set<String> ids(List<List<String>> rows, int column) {
        Set<String> out = new HashSet<>();
        body(rows).forEach(r -> out.add(r.get(column)));
        return out;
    }

    private static void check(List<String> problems, Set<String> known, String ref, String what) {
        if (!known.contains(ref)) {
            problems.add(what + " '" + ref + "' does not exist");
        }
    }
}
