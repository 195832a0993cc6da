package no.ranselpost.core.api.identity;

/**
 * Accounts come in kinds that never mix (ACCESS.md): a person may hold a staff and a guardian
 * account, and a session acts as one of them only.
 */
public enum AccountKind {
    /** Staff: local sign-in, roles from grants given by hand and from HR employments. */
    STAFF,
    /** A guardian: access from current parental responsibility and each unit's activation; never a staff role. */
    GUARDIAN,
    /** Another system pushing records of its one source. */
    INTEGRATION
}
