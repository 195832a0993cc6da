package no.ranselpost.registry.api;

/** A postal address as the registry gives it. */
public record AddressRecord(String street, String postalCode, String postalPlace) implements java.io.Serializable {
}
