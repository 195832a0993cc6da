package no.ranselpost.core.api.identity;

/**
 * What an account's owner does with the activation code handed to them: set the password and,
 * where the role needs it, enrol a TOTP device. The code is used once and expires (72 hours);
 * a used, withdrawn or expired code is refused like an unknown one. Only the owner, holding
 * the code, ever sees the TOTP secret; the password is never shown to anyone.
 */
public interface AccountActivation {

    /** The TOTP secret offered to the owner (base32) and the otpauth URI an authenticator app reads. */
    record TotpEnrolment(String secret, String otpauthUri) {
        @Override
        public String toString() {
            return "TotpEnrolment[***]";
        }
    }

    /**
     * Step 1 for roles with a second factor: a fresh TOTP secret for the code's account, waiting
     * until {@link #activate} proves it with a code.
     *
     * @throws AuthenticationException when the code is unknown, used, withdrawn or expired
     * @throws no.ranselpost.core.api.InvalidRequestException when the account's roles need no TOTP
     */
    TotpEnrolment startTotpEnrolment(String activationCode, String clientAddress);

    /**
     * Sets the owner's password (and, where the role needs it, the TOTP secret the code proves)
     * and uses the code up; every earlier session of the account ends.
     *
     * @throws AuthenticationException when the code is unknown, used, withdrawn or expired, or the TOTP code is wrong
     * @throws no.ranselpost.core.api.InvalidRequestException when the password is too weak
     */
    void activate(String activationCode, char[] newPassword, String totpCode, String clientAddress);

    /**
     * The signed-in account's owner changes the password, giving the current one; every other
     * session of the account ends.
     */
    void changePassword(AuthenticatedPrincipal principal, char[] currentPassword, char[] newPassword);
}
