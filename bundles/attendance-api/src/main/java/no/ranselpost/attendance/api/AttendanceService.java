package no.ranselpost.attendance.api;

import java.util.List;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** Attendance, always on behalf of a principal: access asked on every call, every change and correction audited. */
public interface AttendanceService {

    ChildDay checkIn(AuthenticatedPrincipal principal, long childId, Arrival broughtBy);

    ChildDay checkOut(AuthenticatedPrincipal principal, long childId, Arrival fetchedBy);

    /** Staff mark the child as out with their knowledge, without checking it out (seed 000). */
    ChildDay markOutWithStaff(AuthenticatedPrincipal principal, long childId);

    ChildDay sleepStart(AuthenticatedPrincipal principal, long childId);

    ChildDay sleepEnd(AuthenticatedPrincipal principal, long childId);

    /**
     * Corrects a day's check-in or check-out time (today or an earlier day), audited with the reason
     * code: {@code forgot-check-in}, {@code forgot-check-out} or {@code wrong-time}.
     */
    ChildDay correct(AuthenticatedPrincipal principal, long childId, Correction correction);

    /** A guardian's note on who fetches the child today. */
    ChildDay pickupNote(AuthenticatedPrincipal principal, long childId, String text);

    /** Today's day of one child, as the reader may see it. */
    ChildDay today(AuthenticatedPrincipal principal, long childId);

    HeadCount headCount(AuthenticatedPrincipal principal, long groupId);

    /** The sleep list: today's sleep of the group's children. */
    List<ChildDay> sleepList(AuthenticatedPrincipal principal, long groupId);

    /**
     * Checks out every child marked "out with staff's knowledge" whose unit has closed for the day,
     * at the closing time, clearing the mark. Answers how many were checked out.
     */
    int checkOutAtClosing();
}
