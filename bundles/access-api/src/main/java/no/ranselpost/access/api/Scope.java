package no.ranselpost.access.api;

/** How a grant must relate to the target for a rule to apply. */
public enum Scope {
    /** Any target in the kommune. */
    KOMMUNE,
    /** The target belongs to the grant's unit (a child currently enrolled there, a group of it, a guardian of such a child). */
    UNIT,
    /** The target belongs to the grant's group (a child currently enrolled in it, the group itself). */
    GROUP,
    /** As UNIT, but only where the setting {@code unitWideRead} is on (LEADER reading all of the unit). */
    UNIT_WIDE_READ,
    /** A child the guardian holds current parental responsibility for, with an active, unblocked account. */
    OWN_CHILD,
    /** The principal's own account or session. */
    SELF,
    /** The registry source an INTEGRATION account is bound to. */
    OWN_SOURCE
}
