package no.ranselpost.core.api;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/**
 * Guardian accounts and the blocklist. Only these operations write the blocklist; imports
 * never do.
 */
public interface GuardianAccountService {

    /** Activates the guardian's account; {@code guardianAsked} must be true (the guardian asked, e.g. by the consent form). */
    GuardianAccount activate(AuthenticatedPrincipal principal, long guardianPersonId, boolean guardianAsked);

    GuardianAccount deactivate(AuthenticatedPrincipal principal, long guardianPersonId);

    /** Blocks the guardian from one child, whatever the registry says later. */
    void block(AuthenticatedPrincipal principal, long guardianPersonId, long childId, String reasonCode);

    void unblock(AuthenticatedPrincipal principal, long guardianPersonId, long childId);
}
