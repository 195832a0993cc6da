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
}
