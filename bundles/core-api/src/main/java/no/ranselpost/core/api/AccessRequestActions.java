package no.ranselpost.core.api;

/** The ids of guardians' access requests; the core bundle declares their rules. */
public final class AccessRequestActions {

    /** A guardian asks for access for a child (the responsibility is checked against the register's links). */
    public static final String CREATE = "core.access-request.create";
    public static final String READ_OWN = "core.access-request.read-own";
    /** A unit's pending requests: its admin, a system administrator. */
    public static final String LIST = "core.access-request.list";
    /** Activate from a request or decline it: the request's unit admin, a system administrator. */
    public static final String DECIDE = "core.access-request.decide";
    /** A request as a target: its unit and child. */
    public static final String KIND = "access-request";

    private AccessRequestActions() {
    }
}
