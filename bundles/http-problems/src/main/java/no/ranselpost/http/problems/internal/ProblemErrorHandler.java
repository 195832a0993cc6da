package no.ranselpost.http.problems.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's answer to a request it cannot parse (no request exists yet: headers too large, a URI
 * it refuses, a body over its limit) as an RFC 9457 problem instead of Jetty's HTML. It never
 * echoes Jetty's reason: it may hold the hostile input.
 */
public class ProblemErrorHandler extends ErrorHandler {

    static final String MEDIA_TYPE = "application/problem+json";

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        fields.put(HttpHeader.CONTENT_TYPE, MEDIA_TYPE);
        if (!HttpStatus.hasNoBody(status)) {
            return ByteBuffer.wrap(body(status).getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    static String body(int status) {
        String title = HttpStatus.getMessage(status);
        String detail = switch (status) {
            case 431 -> "The request's headers are larger than the server takes";
            case 413 -> "The request is larger than the server takes";
            case 414 -> "The request's URI is longer than the server takes";
            default -> "The server could not read the request";
        };
        return "{\"type\":\"about:blank\",\"title\":\"" + title.replace("\"", "") + "\",\"status\":" + status + ",\"detail\":\"" + detail
                + "\"}";
    }
}
