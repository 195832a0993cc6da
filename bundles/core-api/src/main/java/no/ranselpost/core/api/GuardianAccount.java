package no.ranselpost.core.api;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A guardian's portal access: its state at each unit one of the guardian's children attends
 * (INACTIVE until that unit's admin activates it), and overall ACTIVE when active at any.
 */
public record GuardianAccount(long id, long personId, AccountState state, OffsetDateTime stateChangedAt, List<UnitAccess> units) {

    /** The guardian's access at one unit. */
    public record UnitAccess(long unitId, AccountState state, OffsetDateTime stateChangedAt) {
    }

    public GuardianAccount {
        units = List.copyOf(units);
    }
}
