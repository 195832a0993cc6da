package no.ranselpost.registry.freg.internal;

import java.io.IOException;

/** A FREG call that failed for good. The message never holds a national id (nor a response body). */
public class FregException extends IOException {

    private static final long serialVersionUID = 1L;

    public FregException(String message) {
        super(message);
    }
}
