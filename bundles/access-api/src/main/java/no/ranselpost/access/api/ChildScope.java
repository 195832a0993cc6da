package no.ranselpost.access.api;

import java.util.Map;

/**
 * The principal's scope for an action, as a JPQL predicate over a child alias (a
 * PersonEntity), so that lists are filtered by the database, not after loading.
 *
 * @param predicate JPQL, e.g. {@code exists (select ...)}; uses only parameters named scope*
 */
public record ChildScope(String predicate, Map<String, Object> parameters) {

    public static ChildScope nothing() {
        return new ChildScope("1 = 0", Map.of());
    }
}
