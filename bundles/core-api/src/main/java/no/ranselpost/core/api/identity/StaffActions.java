package no.ranselpost.core.api.identity;

/**
 * The ids of staff account administration (seed 000: who adds whom) and of an account's own
 * credentials; the identity bundle declares their rules (ACCESS.md: "staff roles, substitutes'
 * dates, shared accounts": OWNER the unit admins, SYSTEM_ADMIN all, UNIT_ADMIN their unit).
 * Which of the three manage actions a change takes is told by the roles it touches: the
 * kommune roles (OWNER, SYSTEM_ADMIN), UNIT_ADMIN, or the unit's staff roles.
 */
public final class StaffActions {

    /** The accounts with access at a unit, and one account (never a password or TOTP secret). */
    public static final String ACCOUNT_READ = "staff.account.read";
    /** Create a staff account (the coarse check; the roles it gets take the manage actions below). */
    public static final String ACCOUNT_CREATE = "staff.account.create";
    /** LEADER, EMPLOYEE, SUBSTITUTE and SHARED_ACCOUNT at a unit, their groups and dates, and accounts holding only these. */
    public static final String UNIT_STAFF_MANAGE = "staff.unit-staff.manage";
    /** UNIT_ADMIN grants and the accounts holding one. */
    public static final String UNIT_ADMIN_MANAGE = "staff.unit-admin.manage";
    /** OWNER and SYSTEM_ADMIN grants and the accounts holding one. */
    public static final String KOMMUNE_ADMIN_MANAGE = "staff.kommune-admin.manage";
    /** Change a staff account's roles (the coarse check of adding, changing, removing a grant). */
    public static final String ROLE_CHANGE = "staff.role.change";
    /** Disable or enable an account (the coarse check); a disabled account's sessions end at once. */
    public static final String ACCOUNT_STATE_CHANGE = "staff.account.state-change";
    /** A new activation code: a password reset, a lost TOTP device (the coarse check). */
    public static final String ACCOUNT_RESET = "staff.account.reset";
    /** Record or forget who knows a shared department account's password (the coarse check; the account's roles decide). */
    public static final String PASSWORD_HOLDER_CHANGE = "staff.password-holder.change";
    /** The monthly access review of a unit (read, as REST or CSV). */
    public static final String REVIEW_READ = "staff.access-review.read";
    /** Sign a unit's monthly access review off: its unit admin. */
    public static final String REVIEW_SIGN_OFF = "staff.access-review.sign-off";
    /** Which units signed off this month: the owner, a system administrator, a unit admin for their units. */
    public static final String REVIEW_STATUS = "staff.access-review.status";
    /** The signed-in account changes its own password. */
    public static final String PASSWORD_CHANGE = "staff.password.change";

    private StaffActions() {
    }
}
