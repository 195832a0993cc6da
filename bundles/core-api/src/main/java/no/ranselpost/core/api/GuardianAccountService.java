package no.ranselpost.core.api;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/**
 * Guardian accounts and the blocklist. Only these operations write the blocklist; imports
 * never do.
 */
public interface GuardianAccountService {

    /**
     * Activates the guardian's access at a unit; {@code guardianAsked} must be true (the guardian asked, e.g. by
     * the consent form). Without a unit: at every unit a child of the guardian attends today where the principal may.
     */
    GuardianAccount activate(AuthenticatedPrincipal principal, long guardianPersonId, Long unitId, boolean guardianAsked);

    /** Deactivates the guardian's access at a unit (without one: every unit where the principal may); other units' access is untouched. */
    GuardianAccount deactivate(AuthenticatedPrincipal principal, long guardianPersonId, Long unitId);

    /** Blocks the guardian from one child, whatever the registry says later. */
    void block(AuthenticatedPrincipal principal, long guardianPersonId, long childId, String reasonCode);

    void unblock(AuthenticatedPrincipal principal, long guardianPersonId, long childId);
}
