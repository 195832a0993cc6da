package no.ranselpost.core.api.identity;

/** The ids of sign-in and account actions; the identity bundle declares their rules. */
public final class IdentityActions {

    public static final String ACCOUNT_SELF_READ = "identity.account.read-self";
    public static final String SIGN_OUT = "identity.session.sign-out";
    public static final String INTEGRATION_ACCOUNT_CREATE = "identity.integration-account.create";

    private IdentityActions() {
    }
}
