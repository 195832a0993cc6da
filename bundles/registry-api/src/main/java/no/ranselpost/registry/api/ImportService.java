package no.ranselpost.registry.api;

import java.util.List;
import java.util.Set;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** Starting runs, their status and history: for SYSTEM_ADMIN (and the shell). */
public interface ImportService {

    /** The source ids with an adapter installed now. */
    Set<String> sources();

    /** Runs the source now and answers when it is done. */
    ImportRun run(AuthenticatedPrincipal principal, String sourceId);

    /**
     * Runs a file source on an uploaded file (a full snapshot): SYSTEM_ADMIN, or the INTEGRATION
     * account bound to that source. The upload is bounded by the source's maximum file size.
     */
    ImportRun upload(AuthenticatedPrincipal principal, String sourceId, java.io.InputStream file);

    /**
     * Runs a source that was held by the mass-deletion hold again, this time ending what
     * disappeared from it.
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
}
