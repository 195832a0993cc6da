package no.ranselpost.access.api;

import java.util.Set;

/**
 * How far a principal reaches with one action, for a list query the database filters: all of
 * the kommune, the children of some units, of some groups, and/or the principal's own children
 * (guardians, with the per-unit activation). {@link AccessPolicy#childScope} turns it into a
 * predicate over children; a capability may build its own over its own rows.
 */
public record Reach(boolean kommune, Set<Long> units, Set<Long> groups, boolean ownChildren, Long guardianPersonId) {

    public static final Reach NOTHING = new Reach(false, Set.of(), Set.of(), false, null);

    public Reach {
        units = Set.copyOf(units);
        groups = Set.copyOf(groups);
    }

    public boolean isEmpty() {
        return !kommune && units.isEmpty() && groups.isEmpty() && !ownChildren;
    }
}
