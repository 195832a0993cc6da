package no.ranselpost.core.api.identity;

/** Sign-in failed. The message is safe to show: it never says which part was wrong. */
public class AuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }
}
