package no.ranselpost.core.api;

import java.time.OffsetDateTime;
import java.util.List;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/**
 * Guardians' access requests (seed 000: the form "hvem foresatt ønsker tilgang for"): a guardian
 * who holds parental responsibility for a child and has no activation at the child's unit asks
 * for access in the API (any guardian session); the unit admin sees the pending list and
 * activates from it (the request is the recorded wish of the guardian) or declines with a
 * reason code.
 */
public interface AccessRequestService {

    /** PENDING, ACTIVATED or DECLINED; the ids are internal. */
    record AccessRequest(long id, long guardianPersonId, long childId, long unitId, String state, OffsetDateTime requestedAt,
                         OffsetDateTime decidedAt, String declineReason) {
    }

    /**
     * The guardian asks for access for one child: at the unit given, or at every unit the child
     * attends today where the guardian is not active. A pending request for the same child and
     * unit is answered as it is.
     */
    List<AccessRequest> request(AuthenticatedPrincipal guardian, long childId, Long unitId);

    /** The guardian's own requests, newest first. */
    List<AccessRequest> own(AuthenticatedPrincipal guardian);

    /** A unit's requests in a state (null: PENDING), oldest first. */
    List<AccessRequest> ofUnit(AuthenticatedPrincipal admin, long unitId, String state);

    /** Activates the guardian at the request's unit, recording the request as the guardian's wish. */
    AccessRequest activate(AuthenticatedPrincipal admin, long requestId);

    /** Declines the request with a reason code (e.g. {@code no-responsibility}, {@code asked-custodians}). */
    AccessRequest decline(AuthenticatedPrincipal admin, long requestId, String reasonCode);
}
