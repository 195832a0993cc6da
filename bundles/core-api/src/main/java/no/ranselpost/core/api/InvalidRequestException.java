package no.ranselpost.core.api;

/** The request is malformed or violates a rule of the domain; nothing was changed. Its message is safe to show. */
public class InvalidRequestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
