package no.ranselpost.timetable.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict RFC 5545 reader, independent of ical4j: CRLF line endings, folded lines (a CRLF
 * followed by one space or tab), lines of at most 75 octets, BEGIN/END nesting, names and
 * parameters; it fails on anything else.
 */
public final class IcsParser {

    public record Property(String name, Map<String, String> params, String value) {
    }

    public record Component(String name, List<Property> properties, List<Component> children) {
        public String value(String property) {
            return properties.stream().filter(p -> p.name().equals(property)).map(Property::value).findFirst().orElse(null);
        }

        public String param(String property, String param) {
            return properties.stream().filter(p -> p.name().equals(property)).map(p -> p.params().get(param)).findFirst().orElse(null);
        }
    }

    public record Calendar(Component root) {
        public List<Component> events() {
            return root.children().stream().filter(c -> c.name().equals("VEVENT")).toList();
        }

        public List<Component> timeZones() {
            return root.children().stream().filter(c -> c.name().equals("VTIMEZONE")).toList();
        }
    }

    private IcsParser() {
    }

    public static Calendar parse(String text) {
        if (!text.endsWith("\r\n")) {
            throw new IllegalArgumentException("content lines end with CRLF");
        }
        List<String> lines = new ArrayList<>();
        for (String raw : text.substring(0, text.length() - 2).split("\r\n", -1)) {
            if (raw.contains("\n") || raw.contains("\r")) {
                throw new IllegalArgumentException("a bare CR or LF");
            }
            if (raw.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 75) {
                throw new IllegalArgumentException("a line longer than 75 octets: " + raw);
            }
            if (raw.startsWith(" ") || raw.startsWith("\t")) {
                if (lines.isEmpty()) {
                    throw new IllegalArgumentException("a continuation before any line");
                }
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + raw.substring(1));
            } else {
                lines.add(raw);
            }
        }
        Deque<Component> open = new ArrayDeque<>();
        Component root = null;
        for (String line : lines) {
            Property p = property(line);
            if (p.name().equals("BEGIN")) {
                Component c = new Component(p.value(), new ArrayList<>(), new ArrayList<>());
                if (open.isEmpty()) {
                    if (root != null || !p.value().equals("VCALENDAR")) {
                        throw new IllegalArgumentException("one VCALENDAR only");
                    }
                    root = c;
                } else {
                    open.peek().children().add(c);
                }
                open.push(c);
            } else if (p.name().equals("END")) {
                if (open.isEmpty() || !open.pop().name().equals(p.value())) {
                    throw new IllegalArgumentException("END:" + p.value() + " does not close what is open");
                }
            } else {
                if (open.isEmpty()) {
                    throw new IllegalArgumentException("a property outside VCALENDAR");
                }
                open.peek().properties().add(p);
            }
        }
        if (root == null || !open.isEmpty()) {
            throw new IllegalArgumentException("the VCALENDAR is not closed");
        }
        return new Calendar(root);
    }

    private static Property property(String line) {
        int colon = -1;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                colon = i;
                break;
            }
        }
        if (colon < 1) {
            throw new IllegalArgumentException("not a content line: " + line);
        }
        String[] head = line.substring(0, colon).split(";");
        if (!head[0].matches("[A-Z0-9-]+")) {
            throw new IllegalArgumentException("not a property name: " + head[0]);
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int eq = head[i].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("not a parameter: " + head[i]);
            }
            params.put(head[i].substring(0, eq), head[i].substring(eq + 1));
        }
        return new Property(head[0], params, line.substring(colon + 1));
    }
}
