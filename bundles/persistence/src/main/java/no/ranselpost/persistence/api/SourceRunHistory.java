package no.ranselpost.persistence.api;

import java.util.List;

/** The run history of every source (imports, demo loads). */
public interface SourceRunHistory {

    SourceRun start(String sourceId);

    SourceRun finish(long runId, SourceRun.Status status, SourceRun.Counts counts, String message);

    /** The counts so far of a run that is still going (its progress). */
    void progress(long runId, SourceRun.Counts counts);

    /** Newest first. */
    List<SourceRun> history(String sourceId, int max);
}
