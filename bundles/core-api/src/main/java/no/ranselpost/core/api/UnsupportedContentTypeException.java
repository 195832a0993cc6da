package no.ranselpost.core.api;

/**
 * The content is of a type the operation does not take, as decided from the content itself (not
 * from its name or declared type): HTTP 415; nothing was changed.
 */
public class UnsupportedContentTypeException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    public UnsupportedContentTypeException(String message) {
        super(message);
    }
}
