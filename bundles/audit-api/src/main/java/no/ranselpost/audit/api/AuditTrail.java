package no.ranselpost.audit.api;

import java.util.Collection;

import javax.persistence.EntityManager;

/**
 * Appends audit records. Appends never wait on one another (no lock, no chain at write time;
 * the sealing job chains them later).
 */
public interface AuditTrail {

    /**
     * Records a change of one object in the change's own transaction: pass the change's
     * EntityManager, so there is no change without its record and no record of a change that
     * rolled back.
     */
    void change(EntityManager em, Actor actor, String action, String objectType, long objectId, Long unitId, String reason);

    /**
     * Records a change of one object that concerns others, in the change's own transaction: the
     * record lists the changed object's id and theirs, so "who changed anything about child X"
     * finds it by any of them (a block: the block, its guardian and its child).
     *
     * @param unitId the unit in whose context the change was made (a unit admin's queries see their units' records)
     */
    void change(EntityManager em, Actor actor, String action, String objectType, long objectId, Collection<Long> concerning,
                Long unitId, String reason);

    /**
     * Records one read request of child data (the ids it returned) in a transaction of its own.
     *
     * @param reason a reason code, e.g. why a confidential address was shown; may be null
     */
    void read(Actor actor, String action, String objectType, Collection<Long> objectIds, Long unitId, String reason);

    default void read(Actor actor, String action, String objectType, Collection<Long> objectIds, Long unitId) {
        read(actor, action, objectType, objectIds, unitId, null);
    }

    /** Records one denial in a transaction of its own, though nothing changed. */
    void denial(Actor actor, String action, String objectType, Collection<Long> objectIds, Long unitId, String reason);
}
