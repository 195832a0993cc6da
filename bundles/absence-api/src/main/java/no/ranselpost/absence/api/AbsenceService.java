package no.ranselpost.absence.api;

import java.time.LocalDate;
import java.util.List;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/**
 * Absence and holiday reports, always on behalf of a principal: access is asked on every call,
 * changes are audited in their own transaction and staff reads recorded.
 */
public interface AbsenceService {

    /** A guardian's (or staff's) report for today or later dates. */
    AbsenceReport report(AuthenticatedPrincipal principal, AbsenceRequest request);

    /** Changes a report; a guardian only before the unit opens on its first day. */
    AbsenceReport change(AuthenticatedPrincipal principal, long reportId, AbsenceRequest request);

    /** Withdraws a report, with the same limit as a change. */
    AbsenceReport withdraw(AuthenticatedPrincipal principal, long reportId);

    /** A child's reports that touch the period. */
    List<AbsenceReport> forChild(AuthenticatedPrincipal principal, long childId, LocalDate from, LocalDate to);

    /** One day's absences in a group (its children enrolled that day). */
    DayOverview groupDay(AuthenticatedPrincipal principal, long groupId, LocalDate date);

    /** One day's absences in a unit. */
    DayOverview unitDay(AuthenticatedPrincipal principal, long unitId, LocalDate date);

    /**
     * Staff remove a free text that holds sensitive information (seed 000's routine): the text is
     * gone from the database; the audit record names the reason code, never the text.
     */
    AbsenceReport removeText(AuthenticatedPrincipal principal, long reportId, String reasonCode);

    /** The reason codes a child's report may use (by the unit types the child is enrolled at). */
    List<AbsenceKind> kindsForChild(AuthenticatedPrincipal principal, long childId);

    OpeningHours openingHours(AuthenticatedPrincipal principal, long unitId);

    OpeningHours setOpeningHours(AuthenticatedPrincipal principal, long unitId, OpeningHours hours);

    /** A child's health information, the fields the reader may see; a guardian needs idporten-loa-high. */
    HealthInfo health(AuthenticatedPrincipal principal, long childId);

    /** A guardian enters or updates the health information (idporten-loa-high). */
    HealthInfo updateHealth(AuthenticatedPrincipal principal, long childId, HealthInfo info);

    /**
     * A unit's reports touching the period (at most 366 days), for the school administration
     * system whose source enrols the unit's children (SOAP AbsenceService.getAbsence), and for
     * the kommune's and the unit's administrators. Filtered in the database; the read is recorded
     * with the children it returned.
     *
     * @since 1.1
     */
    default java.util.List<PeriodAbsence> unitPeriod(AuthenticatedPrincipal principal, String unitOrgNumber,
                                                     no.ranselpost.core.api.UnitType unitType, LocalDate from, LocalDate to) {
        throw new UnsupportedOperationException("This absence service does not give a unit's period");
    }
}
