package no.ranselpost.registry.krr.internal;

import java.io.IOException;

/** A KRR call that failed for good. The message never holds a national id, a token or a response body. */
public class KrrException extends IOException {

    private static final long serialVersionUID = 1L;

    public KrrException(String message) {
        super(message);
    }
}
