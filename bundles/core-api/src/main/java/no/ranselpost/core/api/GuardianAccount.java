package no.ranselpost.core.api;

import java.time.OffsetDateTime;

/** A guardian's portal account; INACTIVE until the unit admin activates it. */
public record GuardianAccount(long id, long personId, AccountState state, OffsetDateTime stateChangedAt) {
}
