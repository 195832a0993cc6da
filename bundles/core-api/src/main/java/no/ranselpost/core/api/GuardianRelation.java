package no.ranselpost.core.api;

/** The adult's role for the child, from FREG's familierelasjon (relatertPersonsRolle). */
public enum GuardianRelation {
    MOR("mor"),
    FAR("far"),
    MEDMOR("medmor"),
    /** Holds responsibility without being a parent (FREG ansvar "andre"), e.g. a foster parent. */
    OTHER("andre");

    private final String fregValue;

    GuardianRelation(String fregValue) {
        this.fregValue = fregValue;
    }

    public String fregValue() {
        return fregValue;
    }
}
