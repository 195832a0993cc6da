package no.ranselpost.identity.api;

import no.ranselpost.core.api.identity.AuthenticationException;

/** A provider proved a person Ranselpost does not know: no account is made; the attempt is audited. */
public class UnknownPersonException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    public UnknownPersonException(String message) {
        super(message);
    }
}
