package no.ranselpost.access.api;

import java.util.List;

import javax.persistence.EntityManager;

import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal.Assurance;
import no.ranselpost.core.api.identity.RoleGrant;

/**
 * The one place a principal's grants of today are computed, for every identity provider: the
 * grants an account holds (by hand), limited to its kind, to their dates and to what the
 * session's sign-in allows, and for a staff account the roles its person's current HR
 * employments give (an employment ended or on leave suspends the staff grants at its unit).
 * A guardian account gets GUARDIAN only, never a staff role from HR; a staff account never
 * GUARDIAN.
 */
public interface EffectiveGrants {

    /** Account data as the identity provider read it, with the grants stored for it. */
    record Account(long accountId, AccountKind kind, String username, String displayName, Long personId, List<RoleGrant> stored) {
        public Account {
            stored = List.copyOf(stored);
        }
    }

    /**
     * The principal of a session (0: none, HTTP Basic), computed in the caller's transaction.
     *
     * @param em the identity provider's open EntityManager (the employments are read with it)
     */
    AuthenticatedPrincipal principal(EntityManager em, Account account, long sessionId, Assurance assurance);
}
