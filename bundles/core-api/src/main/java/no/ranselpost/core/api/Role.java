package no.ranselpost.core.api;

/** Every role of ACCESS.md. */
public enum Role {
    OWNER(true),
    SYSTEM_ADMIN(true),
    UNIT_ADMIN(true),
    LEADER(false),
    EMPLOYEE(false),
    SUBSTITUTE(false),
    SHARED_ACCOUNT(false),
    GUARDIAN(false),
    INTEGRATION(false),
    SYSTEM_JOB(false);

    private final boolean secondFactorRequired;

    Role(boolean secondFactorRequired) {
        this.secondFactorRequired = secondFactorRequired;
    }

    /** OWNER, SYSTEM_ADMIN and UNIT_ADMIN sign in with a TOTP code besides the password. */
    public boolean secondFactorRequired() {
        return secondFactorRequired;
    }

    /** Roles granted by hand and audited, never imported. */
    public boolean grantedByHandOnly() {
        return this == OWNER || this == SYSTEM_ADMIN || this == UNIT_ADMIN;
    }
}
