package no.ranselpost.core.api.identity;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;

/**
 * The monthly access review of seed 000's årshjul: per unit, every account with access there
 * (staff and guardians) with its role, state, last sign-in and flags; the unit admin handles the
 * flags (disable, deactivate, rotate, answer requests) and signs the review off; the owner sees
 * which units have not signed off this month, and a unit past the kommune's day of the month is
 * flagged overdue.
 */
public interface AccessReviews {

    /** Flags of ACCESS review: codes, never personal data. */
    String LEFT_OR_ON_LEAVE = "left-or-on-leave-but-active";
    String GUARDIAN_WITHOUT_RESPONSIBILITY = "guardian-without-current-responsibility";
    String SHARED_PASSWORD_OLD = "shared-password-must-rotate";
    String SUBSTITUTE_PAST_END = "substitute-past-end-date";
    String UNUSED_90_DAYS = "unused-for-90-days";
    String PENDING_ACCESS_REQUESTS = "pending-access-requests";

    /** One account with access at the unit; {@code kind} STAFF or GUARDIAN; ids only, no names of guardians. */
    record Entry(String kind, long accountId, Long personId, String username, List<String> roles, String state,
                 OffsetDateTime lastSignInAt, List<String> flags) {
        public Entry {
            roles = List.copyOf(roles);
            flags = List.copyOf(flags);
        }
    }

    record Review(long unitId, YearMonth month, List<Entry> entries, int pendingAccessRequests, int flagCount, boolean signedOff,
                  OffsetDateTime signedOffAt, boolean overdue) {
        public Review {
            entries = List.copyOf(entries);
        }
    }

    /** A unit's sign-off state for a month, for the owner. */
    record UnitStatus(long unitId, YearMonth month, boolean signedOff, OffsetDateTime signedOffAt, boolean overdue) {
    }

    /** The review of a unit for this month (Oslo), generated now. */
    Review review(AuthenticatedPrincipal principal, long unitId);

    /** Signs this month's review of the unit off; once per unit and month. */
    Review signOff(AuthenticatedPrincipal principal, long unitId);

    /** Every unit's state for this month (owner, system administrator); a unit admin: their own units. */
    List<UnitStatus> status(AuthenticatedPrincipal principal);
}
