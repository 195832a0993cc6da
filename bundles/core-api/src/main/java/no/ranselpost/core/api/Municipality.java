package no.ranselpost.core.api;

/** The kommune that runs this deployment (exactly one). */
public record Municipality(long id, String number, String name) {
}
