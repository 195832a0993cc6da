package no.ranselpost.registry.maskinporten.internal;

import java.io.IOException;

/** No token could be had. The message never holds a token, a grant or a secret. */
public class MaskinportenException extends IOException {

    private static final long serialVersionUID = 1L;

    public MaskinportenException(String message) {
        super(message);
    }
}
