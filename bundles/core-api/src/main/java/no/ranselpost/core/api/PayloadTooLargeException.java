package no.ranselpost.core.api;

/** The request's content is larger than the operation takes (HTTP 413); nothing was changed. */
public class PayloadTooLargeException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(String message) {
        super(message);
    }
}
