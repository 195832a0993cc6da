package no.ranselpost.core.api;

/**
 * The ids of the core's actions (units, groups, children, guardians' access). Their rules are
 * declared by the core bundle and evaluated by the access bundle (ACCESS.md).
 */
public final class CoreActions {

    public static final String UNIT_LIST = "core.unit.list";
    public static final String UNIT_READ = "core.unit.read";
    public static final String GROUP_LIST = "core.group.list";
    public static final String GROUP_CHILDREN_READ = "core.group.children-read";
    public static final String CHILD_READ = "core.child.read";
    public static final String OWN_CHILDREN_READ = "core.child.read-own";
    public static final String GUARDIAN_ACCESS_ACTIVATE = "core.guardian-access.activate";
    public static final String GUARDIAN_ACCESS_DEACTIVATE = "core.guardian-access.deactivate";
    public static final String GUARDIAN_BLOCK = "core.guardian.block";
    public static final String GUARDIAN_UNBLOCK = "core.guardian.unblock";

    /** The view of a child (ChildView) and its fields, as ACCESS.md's table grants them one by one. */
    public static final String CHILD_VIEW = "core.child";

    private CoreActions() {
    }

    /** The fields of {@link #CHILD_VIEW}. */
    public static final class ChildFields {
        /** Name, birth date, unit and group. */
        public static final String BASIC = "basic";
        public static final String NATIONAL_ID = "national-id";
        /** The "protected, handle with care" flag (and, for a reader without it, protected guardians are not shown at all). */
        public static final String PROTECTED_FLAG = "protected-flag";
        /** The child's address when not protected. */
        public static final String ADDRESS = "address";
        /** The child's address under fortrolig or klientadresse (never stored for strengt fortrolig). */
        public static final String ADDRESS_CONFIDENTIAL = "address-confidential";
        /** Guardians' names and relation. */
        public static final String GUARDIANS = "guardians";
        /** Guardians' e-mail and mobile, unprotected guardians only. */
        public static final String GUARDIAN_CONTACT = "guardian-contact";
        /** With guardian-contact: protected guardians' e-mail and mobile too. */
        public static final String GUARDIAN_CONTACT_PROTECTED = "guardian-contact-protected";
        /** Guardians' mobile only (the shared account of a department), unprotected guardians only. */
        public static final String GUARDIAN_MOBILE = "guardian-mobile";
        /** Guardians' addresses when not protected (confidential ones with address-confidential). */
        public static final String GUARDIAN_ADDRESS = "guardian-address";
        /** Guardians' access state per unit and whether they are blocked from this child. */
        public static final String GUARDIAN_ACCOUNT = "guardian-account";

        private ChildFields() {
        }
    }
}
