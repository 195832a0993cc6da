package no.ranselpost.registry.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * A record of a type a capability brings (a timetable's lessons and subject groups, say), handed
 * by an adapter through {@link ImportSink#record} and applied by the {@link CapabilityRecordHandler}
 * that declares its type. The platform knows only its type and key: its fields are the
 * capability's own, as text (dates ISO 8601), so that the engine keeps it with a held run and
 * hands it again unchanged, and a new capability needs no change of this package.
 *
 * @param type   the record type, a dotted code the handler declares ({@code timetable.lesson})
 * @param key    a key that names the record in reports (a line number); never a national id
 * @param fields the record's fields by name; a missing or blank field is absent
 */
public record CapabilityRecord(String type, String key, Map<String, String> fields) implements java.io.Serializable {

    public CapabilityRecord {
        if (type == null || !type.matches("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*")) {
            throw new IllegalArgumentException("A record type is a dotted code in a-z, 0-9 and '-': " + type);
        }
        // a sorted copy that serializes with java.util only
        TreeMap<String, String> copy = new TreeMap<>();
        if (fields != null) {
            fields.forEach((k, v) -> {
                if (k != null && v != null && !v.isBlank()) {
                    copy.put(k, v.strip());
                }
            });
        }
        fields = java.util.Collections.unmodifiableSortedMap(copy);
    }

    /** The field's value, or null when absent. */
    public String field(String name) {
        return fields.get(name);
    }

    @Override
    public String toString() {
        // the fields may hold what no log should: only the type and the key
        return "CapabilityRecord[" + type + ", " + key + "]";
    }
}
