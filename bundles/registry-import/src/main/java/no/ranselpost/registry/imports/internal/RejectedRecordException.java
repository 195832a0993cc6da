package no.ranselpost.registry.imports.internal;

/** A record that is not applied, with the reason reported for it (never personal data). */
final class RejectedRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RejectedRecordException(String reason) {
        super(reason, null, false, false);
    }
}
