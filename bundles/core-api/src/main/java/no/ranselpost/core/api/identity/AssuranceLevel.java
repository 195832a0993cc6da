package no.ranselpost.core.api.identity;

/** How strongly a session was authenticated, on the eIDAS scale ID-porten uses. */
public enum AssuranceLevel {
    LOW,
    /** ID-porten's {@code idporten-loa-substantial}; a password with a second factor. */
    SUBSTANTIAL,
    /** ID-porten's {@code idporten-loa-high} (BankID, Buypass). */
    HIGH;

    public boolean atLeast(AssuranceLevel other) {
        return compareTo(other) >= 0;
    }
}
