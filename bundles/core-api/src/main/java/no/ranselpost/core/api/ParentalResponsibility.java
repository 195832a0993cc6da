package no.ranselpost.core.api;

/** Foreldreansvar with Folkeregisteret's values. {@code ukjent} grants nothing. */
public enum ParentalResponsibility {
    FELLES("felles"),
    MOR("mor"),
    FAR("far"),
    MEDMOR("medmor"),
    ANDRE("andre"),
    UKJENT("ukjent");

    private final String fregValue;

    ParentalResponsibility(String fregValue) {
        this.fregValue = fregValue;
    }

    public String fregValue() {
        return fregValue;
    }

    /** Whether a current holder of this responsibility may become a guardian. */
    public boolean grantsAccess() {
        return this != UKJENT;
    }

    public static ParentalResponsibility fromFreg(String value) {
        for (ParentalResponsibility r : values()) {
            if (r.fregValue.equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("Unknown ansvar: " + value);
    }
}
