package no.ranselpost.core.api;

/**
 * The change conflicts with what a source owns (answered 409): HR alone decides LEADER and
 * EMPLOYEE for a person it knows, an imported field is locked. The message names the source and
 * is safe to show; nothing was changed.
 */
public class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;

    public ConflictException(String source, String message) {
        super(message);
        this.source = source;
    }

    /** The source id that owns what the request tried to change ({@code hr}, {@code freg}, ...). */
    public String source() {
        return source;
    }
}
