package no.ranselpost.registry.api;

import java.util.List;
import java.util.Set;

/**
 * The extension point for record types a capability brings: a capability registers one as an
 * OSGi service, and the import engine hands it every {@link CapabilityRecord} of the types it
 * declares, with the same rules as the platform's own records: each record applied in a
 * transaction of its own (the handler's, together with its audit record) or rejected with its
 * reason; after a whole full snapshot, what the source holds and the snapshot no longer lists
 * ends, behind the mass-deletion hold, and nothing ends when a record of the run was rejected.
 * A record of a type no installed handler declares is rejected.
 *
 * <p>Implemented by capabilities (a consumer type): a method added here is a major change.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface CapabilityRecordHandler {

    /** The record types this handler applies, in the order a snapshot must hand them (the engine ends gone records in reverse). */
    List<String> recordTypes();

    /**
     * Applies one record of the source.
     *
     * @return what it did, with the identity of what it applied within the source (put into the run's seen set)
     * @throws Rejected when the record is not applied, with the reason reported for it (never personal data)
     */
    Applied apply(Run run, CapabilityRecord record) throws Rejected;

    /** The identities of the records of this type the source holds now that are not in {@code seen}. */
    List<String> gone(Run run, String type, Set<String> seen);

    /** How many records of this type the source holds now (the base of the mass-deletion share). */
    long current(Run run, String type);

    /** Ends (removes) one record that disappeared from the source's snapshot, in a transaction of its own with its audit record. */
    void end(Run run, String type, String identity);

    /**
     * The run a record belongs to.
     *
     * @param sourceId the source that handed it (records of one source never touch another's)
     * @param runId    the run's id in the run history
     */
    record Run(String sourceId, long runId) {
    }

    /** What applying a record did. */
    record Applied(Outcome outcome, String identity) {
        public enum Outcome { CREATED, UPDATED, UNCHANGED }
    }

    /** A record not applied, with its reason. */
    class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        public Rejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
