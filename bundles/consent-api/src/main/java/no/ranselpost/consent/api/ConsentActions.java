package no.ranselpost.consent.api;

/** The ids of the consent capability's actions; the capability declares their rules. */
public final class ConsentActions {

    /** Define a consent kind and renew it for the next school year: the kommune (system administrator). */
    public static final String KIND_MANAGE = "consent.kind.manage";
    /** The consent kinds and their texts (no personal data): staff and guardians. */
    public static final String KIND_READ = "consent.kind.read";
    /** A custodian answers (gives or withdraws) a consent for their own child. */
    public static final String ANSWER = "consent.child.answer";
    /** Staff record a pupil's own answer (15 or older), with a reason code. */
    public static final String PUPIL_ANSWER = "consent.child.pupil-answer";
    /** A child's consents: staff see every answer and its history, a custodian their own answer and whether it holds. */
    public static final String CHILD_READ = "consent.child.read";
    /** Per group, who has consented to what (whether each consent holds). */
    public static final String GROUP_READ = "consent.group.read";
    /**
     * The answers behind whether a consent holds, with their history, of a child or a group's
     * children (staff; not the department's shared account: photo yes/no only).
     */
    public static final String ANSWERS_READ = "consent.answers.read";

    private ConsentActions() {
    }
}
