package no.ranselpost.persistence.api;

import java.util.List;

/** The run history of every source (imports, demo loads). */
public interface SourceRunHistory {

    SourceRun start(String sourceId);

    /** Starts a run in the caller's transaction (with its audit record). */
    SourceRun start(javax.persistence.EntityManager em, String sourceId);

    SourceRun finish(long runId, SourceRun.Status status, SourceRun.Counts counts, String message);

    /** The counts so far of a run that is still going (its progress). */
    void progress(long runId, SourceRun.Counts counts);

    /**
     * Marks every run still RUNNING as INTERRUPTED (at start: no run can be going then; the
     * process stopped during them). Returns how many.
     */
    int interruptAbandoned(String message);

    /** Sets the status and message of a finished run (a held run once confirmed). */
    void mark(long runId, SourceRun.Status status, String message);

    /** One run, if it exists. */
    java.util.Optional<SourceRun> run(long runId);

    /** Newest first. */
    List<SourceRun> history(String sourceId, int max);
}
