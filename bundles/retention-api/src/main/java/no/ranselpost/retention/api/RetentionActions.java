package no.ranselpost.retention.api;

/** The ids of retention's actions; the retention bundle declares their rules (SYSTEM_ADMIN only). */
public final class RetentionActions {

    /** Run retention now. */
    public static final String RUN = "retention.run.start";
    /** The history of retention runs with their counts. */
    public static final String READ = "retention.run.read";
    /** The action code of the audit record that counts one kind of a run's deletions. */
    public static final String DELETED = "retention.run.delete";

    private RetentionActions() {
    }
}
