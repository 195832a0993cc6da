package no.ranselpost.registry.api;

/**
 * Where an adapter hands its records during a run. Each record is applied in a transaction of
 * its own, or rejected with its reason; the run goes on either way.
 */
public interface ImportSink {

    void child(ChildRecord record);

    void enrolment(EnrolmentRecord record);

    void contact(ContactRecord record);

    void employment(EmploymentRecord record);

    /** A record the adapter could not even read (a malformed line). */
    void reject(String key, String reason);

    /** Something to report about a record that was applied (e.g. a position code without a role). */
    void notice(String key, String message);

    /** Commits the source's own state (a feed position) together with nothing else pending: call after the records it covers. */
    void state(String key, String value);
}
