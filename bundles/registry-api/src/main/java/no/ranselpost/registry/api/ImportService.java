package no.ranselpost.registry.api;

import java.util.List;
import java.util.Set;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** Starting runs, their status and history: for SYSTEM_ADMIN (and the shell). */
@org.osgi.annotation.versioning.ProviderType
public interface ImportService {

    /** The source ids with an adapter installed now. */
    Set<String> sources();

    /** The sources installed now, and those configured that failed to start, with the reason (SYSTEM_ADMIN). */
    java.util.List<SourceInfo> sources(AuthenticatedPrincipal principal);

    /** Runs the source now and answers when it is done. */
    ImportRun run(AuthenticatedPrincipal principal, String sourceId);

    /**
     * Runs a file source on an uploaded file (a full snapshot): SYSTEM_ADMIN, or the INTEGRATION
     * account bound to that source. The upload is bounded by the source's maximum file size.
     */
    ImportRun upload(AuthenticatedPrincipal principal, String sourceId, java.io.InputStream file);

    /**
     * Applies exactly the input a run held by the mass-deletion hold read, this time ending
     * what disappeared from it; refuses when that input is not kept or a newer run has run since.
     */
    ImportRun confirm(AuthenticatedPrincipal principal, String sourceId, long heldRunId);

    /** Newest first. */
    List<ImportRun> history(AuthenticatedPrincipal principal, String sourceId, int max);

    /**
     * Forgets the source's own state (its feed position), so that its next run starts afresh
     * (FREG: a new snapshot). Recorded in the audit trail.
     */
    void resetState(AuthenticatedPrincipal principal, String sourceId);

    /** The source's own state (feed positions, marks). */
    java.util.Map<String, String> state(AuthenticatedPrincipal principal, String sourceId);

    /**
     * Applies records an integration pushed (the SOAP services), through the same rules as a file
     * of the source: every record in a transaction of its own, applied or rejected with its reason,
     * the run's result returned. A snapshot ends what is missing from it, behind the same
     * mass-deletion hold (its input is kept with a held run, so confirming it applies exactly
     * that); changes end nothing by their absence. The source's own INTEGRATION account only.
     *
     * @param records {@link EnrolmentRecord}s, {@link EmploymentRecord}s, or {@link ImportRun.Rejection}s for records
     *                the caller could not read (rejected with their reason, in their order), and {@link ImportRun.Notice}s
     *                on the record before them
     * @since 1.1
     */
    ImportRun push(AuthenticatedPrincipal principal, String sourceId, boolean snapshot, List<?> records);

    /**
     * The source's last runs, newest first: SYSTEM_ADMIN, or the source's own INTEGRATION account.
     *
     * @since 1.1
     */
    List<ImportRun> runs(AuthenticatedPrincipal principal, String sourceId, int max);
}
