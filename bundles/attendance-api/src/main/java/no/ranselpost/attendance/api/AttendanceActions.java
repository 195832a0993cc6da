package no.ranselpost.attendance.api;

/** The ids of the attendance capability's actions; the capability declares their rules. */
public final class AttendanceActions {

    /** Check in, check out, sleep, corrections: the group's staff and the department's tablet. */
    public static final String REGISTER = "attendance.child.register";
    /** "Out with staff's knowledge" (the child welfare service, the police): the group's own staff only. */
    public static final String MARK_OUT = "attendance.child.mark-out";
    /** The head count and the sleep list of a group. */
    public static final String GROUP_READ = "attendance.group.read";
    /** A child's day: staff see all of it, guardians their own child's times only. */
    public static final String CHILD_READ = "attendance.child.read";
    public static final String PICKUP_NOTE_WRITE = "attendance.pickup-note.write";
    /** A correction of a day's times (a forgotten check-out, a wrong time), with a reason code. */
    public static final String CORRECT = "attendance.child.correct";

    private AttendanceActions() {
    }
}
