package no.ranselpost.core.api.identity;

/**
 * Too many sign-in (or HTTP Basic) attempts for one account or from one client address in the
 * last minute: refused before the password is even looked at, so a flood of guesses costs no
 * password hash. Answered as 429 with {@code Retry-After}. Deliberately not an
 * {@link AuthenticationException}: callers that turn a failed sign-in into "no principal" must
 * let this one through. The message never says which limit was reached nor names the account.
 */
public class TooManyAttemptsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public TooManyAttemptsException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** Seconds until an attempt may count again (at least 1), for the {@code Retry-After} header. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
