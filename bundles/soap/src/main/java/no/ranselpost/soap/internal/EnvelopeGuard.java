package no.ranselpost.soap.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Hardened XML before any parser sees a byte: an envelope is read whole into memory up to the
 * configured size and refused beyond it (413); it must be UTF-8 (no UTF-16 or other charsets,
 * which would hide what follows from this check); and it must hold no document type declaration
 * and no entity declaration at all (so no DTD, no external entity, no entity expansion bomb).
 * What passes is handed on as the bytes read. CXF's own StAX limits (depth, counts, lengths)
 * and its refusal of DTDs stand behind this.
 */
final class EnvelopeGuard extends AbstractPhaseInterceptor<Message> {

    private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENTITY = "<!ENTITY".getBytes(StandardCharsets.US_ASCII);

    private final LongSupplier maxBytes;
    private final Refusals refusals;

    /** Records a refusal (the audit trail). */
    interface Refusals {
        void refused(Message message, String code);
    }

    EnvelopeGuard(LongSupplier maxBytes, Refusals refusals) {
        super(Phase.RECEIVE);
        this.maxBytes = maxBytes;
        this.refusals = refusals;
    }

    @Override
    public void handleMessage(Message message) {
        String method = (String) message.get(Message.HTTP_REQUEST_METHOD);
        if (method != null && !"POST".equalsIgnoreCase(method)) {
            return; // a GET carries no envelope: the authentication step decides on it
        }
        long max = maxBytes.getAsLong();
        String contentType = (String) message.get(Message.CONTENT_TYPE);
        String charset = charset(contentType);
        if (charset != null && !charset.equals("utf-8")) {
            throw refuse(message, 500, SoapFaults.REFUSED_XML, "Envelopes are taken in UTF-8 only");
        }
        Object length = BasicAuthentication.header(message, "Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.toString().strip()) > max) {
                    InputStream unread = message.getContent(InputStream.class);
                    if (unread != null) {
                        drain(unread);
                    }
                    throw refuse(message, 413, SoapFaults.TOO_LARGE, "The envelope is larger than the " + max + " bytes accepted");
                }
            } catch (NumberFormatException ignored) {
                // counted while reading
            }
        }
        InputStream in = message.getContent(InputStream.class);
        if (in == null) {
            return;
        }
        byte[] body;
        try {
            body = readAtMost(in, max);
        } catch (IOException e) {
            throw refuse(message, 500, SoapFaults.REFUSED_XML, "The envelope could not be read");
        }
        if (body == null) {
            drain(in);
            throw refuse(message, 413, SoapFaults.TOO_LARGE, "The envelope is larger than the " + max + " bytes accepted");
        }
        if (body.length >= 2 && ((body[0] == (byte) 0xFE && body[1] == (byte) 0xFF) || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE)
                || body[0] == 0 || body[1] == 0)) {
            throw refuse(message, 500, SoapFaults.REFUSED_XML, "Envelopes are taken in UTF-8 only");
        }
        if (indexOf(body, DOCTYPE) >= 0 || indexOf(body, ENTITY) >= 0) {
            throw refuse(message, 500, SoapFaults.REFUSED_XML, "A document type declaration (DTD) or an entity declaration is not accepted");
        }
        message.setContent(InputStream.class, new ByteArrayInputStream(body));
    }

    private org.apache.cxf.binding.soap.SoapFault refuse(Message message, int status, String code, String reason) {
        refusals.refused(message, code);
        return SoapFaults.client(status, code, reason);
    }

    /** The charset parameter of a content type, lower case, or null. */
    static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                String v = p.substring("charset=".length()).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v.equals("utf8") ? "utf-8" : v;
            }
        }
        return null;
    }

    /** The whole stream, or null when it is longer than max. */
    static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0;) {
            total += n;
            if (total > max) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Reads away what a refused client still sends (bounded), so that it gets the fault rather than a reset connection. */
    private static void drain(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        long left = 64L * 1024 * 1024;
        try {
            for (int n; left > 0 && (n = in.read(buffer)) > 0;) {
                left -= n;
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
