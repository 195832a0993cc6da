package no.ranselpost.audit.api;

/** The ids of the audit trail's actions; the audit bundle declares their rules. */
public final class AuditActions {

    /** Check the audit trail up to the latest seal. */
    public static final String VERIFY = "audit.trail.verify";
    /** Seal now. */
    public static final String SEAL = "audit.trail.seal";
    /** An online backup of the embedded database, with the published seal of its time. */
    public static final String BACKUP = "audit.trail.backup";
    /** Who read or changed a child; what a principal did. */
    public static final String QUERY = "audit.trail.query";

    private AuditActions() {
    }
}
