package no.ranselpost.core.api.identity;

import java.util.List;

/** Local staff accounts. */
public interface StaffAccountService {

    /** An account just created, with the password generated for it (shown once, stored only hashed). */
    record CreatedAccount(long accountId, String username, String password) {
        @Override
        public String toString() {
            return "CreatedAccount[" + accountId + ", " + username + ", password=***]";
        }
    }

    /**
     * Creates an account with a generated password.
     *
     * @throws IllegalArgumentException when the user name is taken or invalid
     */
    CreatedAccount create(String username, String displayName, List<RoleGrant> grants);

    long count();
}
