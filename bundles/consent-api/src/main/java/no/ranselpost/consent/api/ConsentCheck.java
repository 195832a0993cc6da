package no.ranselpost.consent.api;

import java.util.Collection;
import java.util.Set;

/**
 * Whether a consent holds, for the capabilities that serve what it covers (the diary's photos).
 * Asked on every request, read afresh from the database: a withdrawal counts from the very next
 * request. Call it after access to the object was decided; it answers facts, not access.
 */
public interface ConsentCheck {

    /**
     * The children among the given ones for whom no consent of the use holds today: no kind of the
     * use asked for this school year, the pupil's own "no", or (while the pupil has not answered)
     * not every custodian's "yes" (with the setting {@code consentFromAllCustodians} off: no
     * custodian's "yes", or any custodian's "no").
     */
    Set<Long> lacking(Collection<Long> childIds, String use);
}
