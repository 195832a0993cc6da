package no.ranselpost.core.api;

import java.time.LocalDate;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/**
 * Groups and enrolments by hand where no source owns them (FORMATS.md): a unit admin creates
 * and renames the unit's groups and moves a child between them, and enters an enrolment by hand
 * (marked {@link #MANUAL}); a later import that covers it takes it over without a duplicate. What
 * a source owns (a group with imported enrolments, an imported enrolment) answers 409 naming it.
 */
public interface GroupAdministration {

    /** The source id an enrolment entered by hand carries. */
    String MANUAL = "manual";

    Group createGroup(AuthenticatedPrincipal principal, long unitId, String code, String name, GroupType type);

    Group renameGroup(AuthenticatedPrincipal principal, long groupId, String name);

    /** Enrols a known child at the unit (optionally in a group of it) by hand, from a date (default today). */
    Enrolment enrol(AuthenticatedPrincipal principal, long unitId, long childId, Long groupId, LocalDate startDate, LocalDate endDate);

    /** Moves a child's current enrolment at the group's unit to that group (from today). */
    Enrolment moveChild(AuthenticatedPrincipal principal, long childId, long toGroupId);
}
