package no.ranselpost.core.api.identity;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import no.ranselpost.core.api.Role;

/**
 * Staff accounts over their life (seed 000): the owner adds and removes unit admins, a unit
 * admin adds the unit's staff with their role and groups, moves them between groups, sets
 * substitutes' dates and disables accounts; a system administrator does all of it. A new account
 * and every reset get a one-time activation code, shown once to whoever asked for it; nobody
 * but the account's owner ever sees its password or TOTP secret. Every step is decided by the
 * access bundle and audited in its own transaction.
 */
public interface StaffAdministration {

    /** One role to give: at a unit (and a group of it), or kommune-wide (OWNER, SYSTEM_ADMIN); a substitute's dates. */
    record GrantRequest(Role role, Long unitId, Long groupId, LocalDate validFrom, LocalDate validTo) {
    }

    record NewStaffAccount(String username, String displayName, Long personId, List<GrantRequest> roles) {
        public NewStaffAccount {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /** What a reset renews: the password, or (a lost device) the TOTP enrolment and the password. */
    enum ResetKind { PASSWORD, TOTP }

    /** A one-time activation code, shown only in the answer to whoever asked for it; only its hash is stored. */
    record ActivationCode(long accountId, String username, String activationCode, OffsetDateTime expiresAt) {
        @Override
        public String toString() {
            return "ActivationCode[" + accountId + ", " + username + ", code=***, expiresAt=" + expiresAt + "]";
        }
    }

    /** A grant as stored (given by hand). */
    record Grant(long grantId, Role role, Long unitId, Long groupId, LocalDate validFrom, LocalDate validTo) {
    }

    /** A role the HR system gives the account's person today (not stored as a grant; HR decides it). */
    record HrRole(Role role, long unitId, String source) {
    }

    /**
     * A staff account as administrators see it: never a password, its hash or a TOTP secret.
     *
     * @param state           ACTIVE, PENDING_ACTIVATION (no password set by its owner yet), ACTIVATION_EXPIRED, DISABLED
     * @param rotationDue     a shared department account that signs in no more until its password is rotated:
     *                        {@code shared-password-expired} (30 days) or {@code shared-password-holder-left}; else null
     * @param passwordHolders a shared department account: the persons recorded as knowing its current password
     */
    record StaffAccount(long accountId, String username, String displayName, Long personId, String state, boolean totpEnrolled,
                        OffsetDateTime createdAt, OffsetDateTime lastSignInAt, OffsetDateTime passwordChangedAt,
                        List<Grant> grants, List<HrRole> hrRoles, String rotationDue, List<Long> passwordHolders) {
        public StaffAccount {
            grants = List.copyOf(grants);
            hrRoles = List.copyOf(hrRoles);
            passwordHolders = List.copyOf(passwordHolders);
        }
    }

    /** Creates a staff account with its roles and answers with its activation code (72 hours, once). */
    ActivationCode create(AuthenticatedPrincipal principal, NewStaffAccount account);

    /** The staff accounts with a grant at the unit, or that HR employs there; an OWNER sees the unit's admins only. */
    List<StaffAccount> list(AuthenticatedPrincipal principal, long unitId);

    StaffAccount get(AuthenticatedPrincipal principal, long accountId);

    StaffAccount addGrant(AuthenticatedPrincipal principal, long accountId, GrantRequest grant);

    /** Moves a grant to another group of its unit, or changes a substitute's dates (the role and unit stay). */
    StaffAccount changeGrant(AuthenticatedPrincipal principal, long accountId, long grantId, GrantRequest grant);

    StaffAccount removeGrant(AuthenticatedPrincipal principal, long accountId, long grantId);

    /** Disables the account: every session of it ends at once, and it cannot sign in. */
    StaffAccount disable(AuthenticatedPrincipal principal, long accountId);

    StaffAccount enable(AuthenticatedPrincipal principal, long accountId);

    /**
     * Records that a person knows a shared department account's current password (the unit admin
     * decides who, substitutes too: seed 000). When HR ends an employment of such a person, the
     * account signs in no more until its password is rotated ({@link #reset} and an activation,
     * which forgets the holders of the old password).
     */
    StaffAccount recordPasswordHolder(AuthenticatedPrincipal principal, long accountId, long personId);

    StaffAccount forgetPasswordHolder(AuthenticatedPrincipal principal, long accountId, long personId);

    /**
     * A new activation code for the account (a forgotten password, a lost TOTP device): the old
     * password (and for TOTP the old device) stops working and every session ends at once; any
     * earlier unused code is withdrawn.
     */
    ActivationCode reset(AuthenticatedPrincipal principal, long accountId, ResetKind kind);
}
