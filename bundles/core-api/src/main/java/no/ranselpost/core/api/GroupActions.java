package no.ranselpost.core.api;

/** The ids of groups and enrolments by hand; the core bundle declares their rules (SYSTEM_ADMIN, the unit's admin). */
public final class GroupActions {

    public static final String GROUP_CREATE = "core.group.create";
    public static final String GROUP_RENAME = "core.group.rename";
    public static final String ENROLMENT_CREATE = "core.enrolment.create";
    public static final String CHILD_MOVE = "core.enrolment.move";

    private GroupActions() {
    }
}
