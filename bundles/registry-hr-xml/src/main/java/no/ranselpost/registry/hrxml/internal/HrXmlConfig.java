package no.ranselpost.registry.hrxml.internal;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import no.ranselpost.core.api.Role;

/**
 * The checked configuration of one HR XML source (from {@link HrXmlSettings}, or built directly by tests).
 *
 * @param positionRoles position code to role: LEADER or EMPLOYEE only
 */
public record HrXmlConfig(Path pickupDirectory, Map<String, Role> positionRoles, long maxFileBytes) {

    static final String KARAF_DATA = "${karaf.data}";

    public HrXmlConfig {
        if (pickupDirectory == null) {
            throw new IllegalArgumentException("pickupDirectory is required");
        }
        positionRoles = positionRoles == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(positionRoles));
        for (Map.Entry<String, Role> e : positionRoles.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank()) {
                throw new IllegalArgumentException("positionRoles: empty position code");
            }
            if (e.getValue() != Role.LEADER && e.getValue() != Role.EMPLOYEE) {
                throw new IllegalArgumentException("positionRoles: position code " + e.getKey() + " maps to " + e.getValue()
                        + "; only LEADER and EMPLOYEE are allowed");
            }
        }
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive");
        }
    }

    static HrXmlConfig of(HrXmlSettings s) {
        return new HrXmlConfig(resolve(s.pickupDirectory()), positionTable(s.positionRoles() == null ? List.of() : List.of(s.positionRoles())),
                s.maxFileBytes());
    }

    /** The directory with {@code ${karaf.data}} replaced by the system property karaf.data. */
    static Path resolve(String directory) {
        String dir = directory == null || directory.isBlank() ? KARAF_DATA + "/import/hr" : directory.strip();
        if (dir.contains(KARAF_DATA)) {
            String data = System.getProperty("karaf.data");
            if (data == null || data.isBlank()) {
                throw new IllegalArgumentException("pickupDirectory uses ${karaf.data}, but the system property karaf.data is not set");
            }
            dir = dir.replace(KARAF_DATA, data);
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }

    /**
     * Parses the position table: entries {@code code=ROLE}, in one or several strings, each
     * string possibly holding several entries separated by commas (a Karaf .cfg file gives one
     * string, a metatype array several).
     */
    public static Map<String, Role> positionTable(List<String> entries) {
        Map<String, Role> table = new LinkedHashMap<>();
        for (String value : entries) {
            if (value == null) {
                continue;
            }
            for (String entry : value.split(",")) {
                String e = entry.strip();
                if (e.isEmpty()) {
                    continue;
                }
                int eq = e.indexOf('=');
                if (eq <= 0 || eq == e.length() - 1) {
                    throw new IllegalArgumentException("positionRoles: entry '" + e + "' is not code=ROLE");
                }
                String code = e.substring(0, eq).strip();
                String roleName = e.substring(eq + 1).strip().toUpperCase(Locale.ROOT);
                Role role;
                if ("LEADER".equals(roleName)) {
                    role = Role.LEADER;
                } else if ("EMPLOYEE".equals(roleName)) {
                    role = Role.EMPLOYEE;
                } else {
                    throw new IllegalArgumentException("positionRoles: position code " + code + " maps to '" + roleName
                            + "'; only LEADER and EMPLOYEE are allowed");
                }
                Role before = table.put(code, role);
                if (before != null && before != role) {
                    throw new IllegalArgumentException("positionRoles: position code " + code + " is mapped twice");
                }
            }
        }
        return table;
    }
}
