package no.ranselpost.registry.api;

/**
 * A source that follows what other sources bring, on its own schedule too: the contact
 * register (KRR) looks up the guardians that a population register import added, and, on a
 * schedule, everyone again. The import engine asks it after every finished run of another
 * source, and on its pickup interval, and then runs it as its own job (one run at a time, as
 * every source). Both questions are answered quickly, from the database or memory.
 *
 * @since registry-api 0.2.0
 */
public interface FollowingSource extends RegistrySource {

    /** After a run of another source finished: whether this source should run now (e.g. it added guardians not looked up yet). */
    boolean runAfter(String finishedSourceId);

    /** Asked on the engine's pickup interval: whether a scheduled run is due now. */
    boolean runDue();
}
