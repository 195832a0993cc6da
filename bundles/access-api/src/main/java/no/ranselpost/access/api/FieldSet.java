package no.ranselpost.access.api;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The fields of one view a capability shows (a child as staff see it, a message), each with the
 * rules under which a reader sees it: ACCESS.md's table, row by row. The capability projects
 * exactly the field names the access bundle hands it for a reader and an object.
 */
public record FieldSet(String view, List<Field> fields) {

    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");

    /** One field (or group of fields shown together) and who sees it. */
    public record Field(String name, String description, List<Rule> visibleTo) {
        public Field {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("A field name is a code in a-z, 0-9 and '-': " + name);
            }
            visibleTo = List.copyOf(visibleTo);
        }

        public static Field of(String name, String description, Rule... visibleTo) {
            return new Field(name, description, List.of(visibleTo));
        }
    }

    public FieldSet {
        if (view == null || !NAME.matcher(view).matches()) {
            throw new IllegalArgumentException("A view name is a dotted code: " + view);
        }
        fields = List.copyOf(fields);
    }

    public static FieldSet of(String view, Field... fields) {
        return new FieldSet(view, List.of(fields));
    }
}
