package no.ranselpost.registry.api;

/**
 * Where an adapter hands its records during a run (implemented by the engine only: a method may
 * be added in a minor version). Each record is applied in a transaction of
 * its own, or rejected with its reason; the run goes on either way.
 */
@org.osgi.annotation.versioning.ProviderType
public interface ImportSink {

    /**
     * Applies one child with its responsibility holders.
     *
     * @return whether it was applied; false when it was rejected (the run says why)
     */
    boolean child(ChildRecord record);

    /**
     * Applies several children, each whole or rejected alone with its reason, as if handed one by
     * one to {@link #child}; the engine may apply them in fewer transactions (a rejected child
     * rolls its transaction back to it, the others are applied without it).
     *
     * @return for each record, in order, whether it was applied
     * @since 1.2
     */
    default java.util.List<Boolean> children(java.util.List<ChildRecord> records) {
        java.util.List<Boolean> applied = new java.util.ArrayList<>(records.size());
        for (ChildRecord r : records) {
            applied.add(child(r));
        }
        return applied;
    }

    void enrolment(EnrolmentRecord record);

    void contact(ContactRecord record);

    void employment(EmploymentRecord record);

    /**
     * Applies one record of a type a capability brings, through the {@link CapabilityRecordHandler}
     * that declares its type (rejected when none is installed).
     *
     * @since 1.1
     */
    void record(CapabilityRecord record);

    /** A record the adapter could not even read (a malformed line). */
    void reject(String key, String reason);

    /** Something to report about a record that was applied (e.g. a position code without a role). */
    void notice(String key, String message);

    /** Commits the source's own state (a feed position) together with nothing else pending: call after the records it covers. */
    void state(String key, String value);

    /**
     * Commits several keys of the source's own state in one transaction: a feed position
     * together with the list of what it passed without applying, so that neither is stored
     * without the other. A null value removes the key.
     */
    void state(java.util.Map<String, String> values);

    /**
     * Fails closed for a person the source could not describe whole (an address-protection
     * event, a holder of parental responsibility that could not be fetched): until a record of
     * theirs is applied, the stored addresses of the person and of everyone a current
     * guardianship links them with are removed, and their contact data is treated as protected.
     *
     * @param nationalId the person's national identity number (never logged)
     */
    void protect(String nationalId);
}
