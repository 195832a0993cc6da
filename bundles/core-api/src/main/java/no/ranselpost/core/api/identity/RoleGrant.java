package no.ranselpost.core.api.identity;

import java.time.LocalDate;

import no.ranselpost.core.api.Role;

/**
 * One role held by an account, with its scope: a unit, a group of that unit, or the whole
 * kommune (both null), optional dates (a substitute's period), and for INTEGRATION the one
 * source id it may push records for.
 */
public record RoleGrant(Role role, Long unitId, Long groupId, LocalDate validFrom, LocalDate validTo, String sourceId) {

    public RoleGrant(Role role, Long unitId, Long groupId, LocalDate validFrom, LocalDate validTo) {
        this(role, unitId, groupId, validFrom, validTo, null);
    }

    public static RoleGrant kommuneWide(Role role) {
        return new RoleGrant(role, null, null, null, null);
    }

    public static RoleGrant unit(Role role, long unitId) {
        return new RoleGrant(role, unitId, null, null, null);
    }

    public static RoleGrant group(Role role, long unitId, long groupId) {
        return new RoleGrant(role, unitId, groupId, null, null);
    }

    public static RoleGrant integration(String sourceId) {
        return new RoleGrant(Role.INTEGRATION, null, null, null, null, sourceId);
    }

    public boolean isValidOn(LocalDate day) {
        return (validFrom == null || !validFrom.isAfter(day)) && (validTo == null || !validTo.isBefore(day));
    }
}
