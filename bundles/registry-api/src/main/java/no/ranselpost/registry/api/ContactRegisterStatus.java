package no.ranselpost.registry.api;

/**
 * A person's status in the contact register (KRR's {@code status}), and whether it named the
 * person at all.
 *
 * @since registry-api 0.2.0
 */
public enum ContactRegisterStatus {
    /** AKTIV: the person has (or may have) contact data there. */
    ACTIVE,
    /** SLETTET: the person's entry was deleted. */
    DELETED,
    /** IKKE_REGISTRERT: the person never registered. */
    NOT_REGISTERED,
    /** The register's answer did not name the person at all. */
    NOT_FOUND;

    /** KRR's value (AKTIV, SLETTET, IKKE_REGISTRERT); null or anything else: null. */
    public static ContactRegisterStatus ofKrr(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "AKTIV" -> ACTIVE;
            case "SLETTET" -> DELETED;
            case "IKKE_REGISTRERT" -> NOT_REGISTERED;
            default -> null;
        };
    }
}
