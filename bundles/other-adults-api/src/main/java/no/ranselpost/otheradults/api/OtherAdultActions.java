package no.ranselpost.otheradults.api;

/** The other-adults capability's action ids, its target kind and the kommune settings its rules name. */
public final class OtherAdultActions {

    /** A registration: its child and unit. */
    public static final String REGISTRATION = "other-adults.registration";

    /** The unit admin registers an adult for one child for a period (the kommune's setting on). */
    public static final String REGISTER = "other-adults.adult.register";
    /** A child's registrations: the unit admin, and the child's custodians. */
    public static final String READ = "other-adults.registration.read";
    /** A custodian consents to a registration, or withdraws the consent. */
    public static final String CONSENT = "other-adults.consent.answer";
    /** The unit admin records a custodian's written consent with a reason code. */
    public static final String WRITTEN_CONSENT = "other-adults.consent.record-written";
    /** The unit admin ends a registration. */
    public static final String END = "other-adults.adult.end";
    /** The adult's own registrations. */
    public static final String MINE = "other-adults.mine.read";

    /** ACCESS.md's setting: other adults at all (off by default). */
    public static final String SETTING = "otherAdults";
    /** The rights a kommune may grant them (settings of the access policy): messages from staff about the child (on by default). */
    public static final String RIGHT_MESSAGES = "otherAdultsMessages";
    /** Reporting the child's absence (off by default). */
    public static final String RIGHT_ABSENCE = "otherAdultsAbsence";
    /** Notes on who fetches the child (off by default). */
    public static final String RIGHT_PICKUP = "otherAdultsPickup";

    private OtherAdultActions() {
    }
}
