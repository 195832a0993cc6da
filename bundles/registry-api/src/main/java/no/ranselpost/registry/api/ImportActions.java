package no.ranselpost.registry.api;

/** The ids of the import engine's actions; the import bundle declares their rules. */
public final class ImportActions {

    /** Start a run of a registry source; reset a source's state. */
    public static final String RUN = "imports.source.run";
    /** See the sources, their state and run history. */
    public static final String READ = "imports.source.read";
    /** Confirm a run held for a mass deletion. */
    public static final String CONFIRM = "imports.run.confirm";
    /** Upload a file (a full snapshot) to a file source: SYSTEM_ADMIN, or the source's own integration. */
    public static final String UPLOAD = "imports.source.upload";

    /** Push records (a full snapshot or changes) to a source, as a file would bring them: the source's own integration (SOAP). */
    public static final String PUSH = "imports.source.push";
    /** A source's last runs: SYSTEM_ADMIN, or the source's own integration. */
    public static final String STATUS = "imports.source.status";

    private ImportActions() {
    }
}
