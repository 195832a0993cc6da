package no.ranselpost.registry.imports.internal;

import java.util.List;
import java.util.Set;

import no.ranselpost.registry.api.ImportRun;

/**
 * Runs as Ranselpost's own job, for the Karaf shell (whose sign-in with Ranselpost accounts
 * comes later; the console is already the machine's administrator) and schedules.
 */
public interface ImportJobs {

    Set<String> sources();

    ImportRun runAsJob(String sourceId, boolean allowMassEnd);

    List<ImportRun> history(String sourceId, int max);

    /** Forgets the source's state so its next run starts afresh. */
    void resetAsJob(String sourceId, no.ranselpost.audit.api.Actor actor);
}
