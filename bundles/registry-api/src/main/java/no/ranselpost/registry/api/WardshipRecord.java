package no.ranselpost.registry.api;

/** A vergemål: recorded, gives no access. */
public record WardshipRecord(String vergeNationalId, boolean current) implements java.io.Serializable {
}
