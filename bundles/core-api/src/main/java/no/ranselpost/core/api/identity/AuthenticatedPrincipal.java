package no.ranselpost.core.api.identity;

import java.util.List;

import no.ranselpost.core.api.Role;

/**
 * The acting principal of one request, read afresh from the database for every request: the
 * account and its kind (a session acts as one kind only), the person it belongs to, the
 * effective grants of today (computed in the access bundle), the session, and how strongly the
 * session was authenticated.
 */
public record AuthenticatedPrincipal(long accountId, AccountKind kind, String username, String displayName, Long personId,
                                     List<RoleGrant> grants, long sessionId, Assurance assurance) implements java.security.Principal {

    /** How the session signed in. */
    public enum Assurance {
        /** User name and password. */
        PASSWORD(AssuranceLevel.LOW),
        /** Password and a TOTP code. */
        PASSWORD_AND_TOTP(AssuranceLevel.SUBSTANTIAL),
        /** HTTP Basic on an integration account (no session). */
        INTEGRATION_BASIC(AssuranceLevel.LOW),
        /** ID-porten, acr {@code idporten-loa-substantial} (MinID). */
        IDPORTEN_LOA_SUBSTANTIAL(AssuranceLevel.SUBSTANTIAL),
        /** ID-porten, acr {@code idporten-loa-high} (BankID and the like). */
        IDPORTEN_LOA_HIGH(AssuranceLevel.HIGH);

        private final AssuranceLevel level;

        Assurance(AssuranceLevel level) {
            this.level = level;
        }

        public AssuranceLevel level() {
            return level;
        }
    }

    public AuthenticatedPrincipal {
        if (kind == null) {
            throw new IllegalArgumentException("A principal acts as one account kind");
        }
        grants = List.copyOf(grants);
    }

    /**
     * The user name. A REST resource of any bundle finds the acting principal as the request's
     * {@code SecurityContext.getUserPrincipal()}.
     */
    @Override
    public String getName() {
        return username;
    }

    public boolean hasRole(Role role) {
        return grants.stream().anyMatch(g -> g.role() == role);
    }
}
