package no.ranselpost.registry.imports.internal;

import java.util.List;
import java.util.Set;

import no.ranselpost.audit.api.Actor;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.api.SourceInfo;

/**
 * Runs for the Karaf shell (whose sign-in with Ranselpost accounts comes later; the console is
 * already the machine's administrator) and schedules, each recorded with the acting principal
 * ({@code shell:<user>}, {@code system:<job>}).
 */
public interface ImportJobs {

    Set<String> sources();

    /** Installed sources and configured ones that failed to start, with the reason. */
    List<SourceInfo> sourceInfos();

    ImportRun runAsJob(String sourceId, Actor actor);

    /** Applies exactly the input the held run read, ending what disappeared from it. */
    ImportRun confirmAsJob(String sourceId, long heldRunId, Actor actor);

    List<ImportRun> history(String sourceId, int max);

    /** Forgets the source's state so its next run starts afresh. */
    void resetAsJob(String sourceId, Actor actor);
}
