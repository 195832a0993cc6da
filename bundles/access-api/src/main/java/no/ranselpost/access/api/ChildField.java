package no.ranselpost.access.api;

/** The parts of a child's data that ACCESS.md grants one by one. */
public enum ChildField {
    /** Name, birth date, unit and group. */
    BASIC,
    NATIONAL_ID,
    /** The "protected, handle with care" flag. */
    PROTECTED_FLAG,
    /** The child's address when not protected. */
    ADDRESS,
    /** The child's address under fortrolig or klientadresse (never stored for strengt fortrolig). */
    ADDRESS_CONFIDENTIAL,
    /** Guardians' names and relation (unprotected guardians only, for a guardian reader). */
    GUARDIANS,
    /** Guardians' e-mail and mobile, unprotected guardians only. */
    GUARDIAN_CONTACT,
    /** With GUARDIAN_CONTACT: protected guardians' e-mail and mobile too (SYSTEM_ADMIN, UNIT_ADMIN). */
    GUARDIAN_CONTACT_PROTECTED,
    /** Guardians' mobile only (the shared account of a department), unprotected guardians only. */
    GUARDIAN_MOBILE,
    /** Guardians' addresses when not protected (confidential ones with ADDRESS_CONFIDENTIAL). */
    GUARDIAN_ADDRESS,
    /** Guardians' account state and whether they are blocked from this child (those who manage accounts). */
    GUARDIAN_ACCOUNT
}
