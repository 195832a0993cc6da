package no.ranselpost.core.api.identity;

import java.util.List;

/** Local accounts: staff, integrations, and (until ID-porten) demo guardians. */
public interface StaffAccountService {

    /**
     * An account just created, with its generated password and, for roles that sign in with a
     * second factor, its TOTP secret (base32). Both are shown once and stored only as needed.
     */
    record CreatedAccount(long accountId, String username, String password, String totpSecret) {
        @Override
        public String toString() {
            return "CreatedAccount[" + accountId + ", " + username + ", password=***, totp=" + (totpSecret == null ? "none" : "***") + "]";
        }

        /** The otpauth URI an authenticator app reads (as a QR code or typed in). */
        public String totpUri(String issuer) {
            return totpSecret == null ? null
                    : "otpauth://totp/" + issuer + ":" + username + "?secret=" + totpSecret + "&issuer=" + issuer + "&algorithm=SHA1&digits=6&period=30";
        }
    }

    /**
     * Creates an account with a generated password, on behalf of a trusted internal caller
     * (the console bootstrap, the demo loader). Roles OWNER, SYSTEM_ADMIN and UNIT_ADMIN get a
     * TOTP secret.
     *
     * @param createdBy who creates it, as an audit principal code, e.g. {@code system:console}
     * @param personId  the person the account belongs to (guardians), or null
     * @throws IllegalArgumentException when the user name is taken or invalid
     */
    CreatedAccount create(String createdBy, String username, String displayName, Long personId, List<RoleGrant> grants);

    /** A SYSTEM_ADMIN creates an INTEGRATION account bound to one source id. */
    CreatedAccount createIntegration(AuthenticatedPrincipal principal, String username, String sourceId);

    long count();
}
