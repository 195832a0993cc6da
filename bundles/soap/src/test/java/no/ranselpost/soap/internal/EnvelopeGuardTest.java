package no.ranselpost.soap.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.message.ExchangeImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageImpl;
import org.junit.jupiter.api.Test;

/** The envelope guard refuses DTDs, entities, other charsets and oversized envelopes before any parser runs. */
class EnvelopeGuardTest {

    private static final String ENVELOPE = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
            + "<x>æøå</x></soapenv:Body></soapenv:Envelope>";

    private final List<String> refused = new ArrayList<>();
    private final EnvelopeGuard guard = new EnvelopeGuard(() -> 1024, (m, code) -> refused.add(code));

    private static Message message(byte[] body, String contentType) {
        MessageImpl m = new MessageImpl();
        m.setExchange(new ExchangeImpl());
        m.put(Message.HTTP_REQUEST_METHOD, "POST");
        m.put(Message.CONTENT_TYPE, contentType);
        m.setContent(InputStream.class, new ByteArrayInputStream(body));
        return m;
    }

    private SoapFault refuse(String body, String contentType) {
        return assertThrows(SoapFault.class, () -> guard.handleMessage(message(body.getBytes(StandardCharsets.UTF_8), contentType)));
    }

    @Test
    void aPlainUtf8EnvelopePassesAsTheBytesRead() throws Exception {
        Message m = message(ENVELOPE.getBytes(StandardCharsets.UTF_8), "text/xml; charset=UTF-8");
        guard.handleMessage(m);
        assertArrayEquals(ENVELOPE.getBytes(StandardCharsets.UTF_8), m.getContent(InputStream.class).readAllBytes());
        assertEquals(List.of(), refused);
    }

    @Test
    void aDtdAnExternalEntityAndAnEntityBombAreRefused() {
        for (String prolog : List.of("<!DOCTYPE x>", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
                "<!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>")) {
            SoapFault f = refuse("<?xml version=\"1.0\"?>" + prolog + ENVELOPE, "text/xml");
            assertEquals(500, f.getStatusCode());
            assertEquals(SoapFaults.REFUSED_XML, SoapFaults.codeOf(f));
        }
        // an entity declaration anywhere, even without a DOCTYPE before it
        assertEquals(SoapFaults.REFUSED_XML, SoapFaults.codeOf(refuse(ENVELOPE.replace("<x>", "<x><!ENTITY"), "text/xml")));
        assertEquals(4, refused.size(), "each refusal is recorded");
    }

    @Test
    void anotherCharsetOrUtf16IsRefused() {
        assertEquals(SoapFaults.REFUSED_XML, SoapFaults.codeOf(refuse(ENVELOPE, "text/xml; charset=ISO-8859-1")));
        SoapFault utf16 = assertThrows(SoapFault.class, () -> guard.handleMessage(message(ENVELOPE.getBytes(StandardCharsets.UTF_16), "text/xml")));
        assertEquals(SoapFaults.REFUSED_XML, SoapFaults.codeOf(utf16), "UTF-16 would hide a DOCTYPE from the byte scan");
    }

    @Test
    void anEnvelopeOverTheLimitIsRefusedWith413() {
        SoapFault f = refuse(ENVELOPE.replace("æøå", "x".repeat(2000)), "text/xml");
        assertEquals(413, f.getStatusCode());
        assertEquals(SoapFaults.TOO_LARGE, SoapFaults.codeOf(f));
    }

    @Test
    void aGetCarriesNoEnvelopeAndIsLeftToTheAuthentication() {
        Message m = message(new byte[0], null);
        m.put(Message.HTTP_REQUEST_METHOD, "GET");
        guard.handleMessage(m);
        assertEquals(List.of(), refused);
    }

    @Test
    void theCharsetParameterIsRead() {
        assertEquals("utf-8", EnvelopeGuard.charset("text/xml; charset=\"UTF-8\""));
        assertEquals("utf-8", EnvelopeGuard.charset("application/soap+xml;charset=utf8;action=x"));
        assertEquals(null, EnvelopeGuard.charset("text/xml"));
    }
}
