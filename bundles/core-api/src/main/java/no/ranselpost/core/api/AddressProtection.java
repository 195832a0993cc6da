package no.ranselpost.core.api;

/**
 * Adressebeskyttelse as Folkeregisteret records it. Client addresses are handled like
 * fortrolig; with strengt fortrolig no address is stored at all.
 */
public enum AddressProtection {
    NONE("ugradert"),
    CLIENT_ADDRESS("klientadresse"),
    CONFIDENTIAL("fortrolig"),
    STRICTLY_CONFIDENTIAL("strengtFortrolig");

    private final String fregValue;

    AddressProtection(String fregValue) {
        this.fregValue = fregValue;
    }

    public String fregValue() {
        return fregValue;
    }

    /** Whether an address may be stored at all. */
    public boolean addressMayBeStored() {
        return this != STRICTLY_CONFIDENTIAL;
    }

    /** Whether the person is protected ("handle with care"). */
    public boolean isProtected() {
        return this != NONE;
    }

    public static AddressProtection fromFreg(String value) {
        for (AddressProtection p : values()) {
            if (p.fregValue.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown graderingsnivaa: " + value);
    }
}
