package no.ranselpost.access.api;

/**
 * How a grant must relate to the facts of the target ({@link Facts}) for a rule to apply. The
 * relations are fixed; what a target belongs to is told by its kind's resolver.
 */
public enum Scope {
    /** Any target in the kommune. */
    KOMMUNE,
    /** The grant's unit is one of the target's units. */
    UNIT,
    /** The grant's group is one of the target's groups. */
    GROUP,
    /**
     * The target is about a child the guardian holds current parental responsibility for,
     * not blocked from, with access activated by one of the target's units where the child is
     * enrolled today (a child's own data: any current unit of the child; unit-scoped data: that
     * unit's activation).
     */
    OWN_CHILD,
    /** The principal's own account or session (or no object at all). */
    SELF,
    /** The registry source an INTEGRATION account is bound to. */
    OWN_SOURCE,
    /** The principal's account is a participant of the target (a message thread, say). */
    PARTICIPANT,
    /**
     * The principal (signed in as a guardian account) is an adult other than the custodians,
     * registered by the unit admin for one of the target's children at one of its units (ACCESS.md,
     * "other adults by consent"): today within the registration's period, the child enrolled there
     * today, and every custodian the registration asked still holding responsibility and having
     * consented, not withdrawn. The rights it opens are the rules that name it; the kommune's
     * setting {@code otherAdults} is their condition.
     */
    OTHER_ADULT
}
