package no.ranselpost.registry.api;

import java.util.List;

/**
 * The unit of import: one child with every responsibility entry and the adults they name. It is
 * applied whole, in a transaction of its own, or rejected whole with its reason.
 *
 * @param key a key that names the record in reports (a line, a position); never a national id
 */
public record ChildRecord(String key, PersonRecord child, List<ResponsibilityRecord> responsibilities, List<PersonRecord> adults,
                          List<WardshipRecord> wardships) implements java.io.Serializable {

    public ChildRecord {
        responsibilities = responsibilities == null ? List.of() : List.copyOf(responsibilities);
        adults = adults == null ? List.of() : List.copyOf(adults);
        wardships = wardships == null ? List.of() : List.copyOf(wardships);
    }
}
