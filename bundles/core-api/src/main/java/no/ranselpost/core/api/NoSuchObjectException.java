package no.ranselpost.core.api;

/** The object does not exist (used only where the caller may know that it does not). */
public class NoSuchObjectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoSuchObjectException(String message) {
        super(message);
    }
}
