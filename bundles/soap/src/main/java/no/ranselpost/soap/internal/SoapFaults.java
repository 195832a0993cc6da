package no.ranselpost.soap.internal;

import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.interceptor.Fault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.core.api.ConflictException;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.PayloadTooLargeException;

/**
 * SOAP 1.1 faults with a code and a reason, never a stack trace: {@code faultcode} is
 * {@code soap:Client} (the caller's to fix) or {@code soap:Server}, {@code faultstring} the
 * reason, and {@code detail/rp:code} one of Ranselpost's codes ({@link #NS}). As WS-I Basic
 * Profile has it, a fault travels with HTTP 500, so that generated clients read its code and
 * reason; only what is refused before any envelope is read says so in HTTP: 401 (no valid
 * credentials), 403 (credentials over plain HTTP), 405 (not a POST), 413 (too large), 429.
 */
final class SoapFaults {

    /** The namespace of the fault detail's code. */
    static final String NS = "urn:no:ranselpost:soap:v1";

    static final String UNAUTHENTICATED = "unauthenticated";
    static final String FORBIDDEN = "forbidden";
    static final String INVALID_REQUEST = "invalid-request";
    static final String NOT_FOUND = "not-found";
    static final String CONFLICT = "conflict";
    static final String TOO_LARGE = "too-large";
    static final String REFUSED_XML = "refused-xml";
    static final String TOO_MANY = "too-many-attempts";
    static final String INTERNAL = "internal";

    private static final Logger LOG = LoggerFactory.getLogger(SoapFaults.class);

    private SoapFaults() {
    }

    static SoapFault client(int status, String code, String reason) {
        return fault(Soap11.getInstance().getSender(), status, code, reason);
    }

    static SoapFault server(String code, String reason) {
        return fault(Soap11.getInstance().getReceiver(), 500, code, reason);
    }

    private static SoapFault fault(QName faultCode, int status, String code, String reason) {
        SoapFault f = new SoapFault(reason, faultCode);
        f.setStatusCode(status);
        try {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setNamespaceAware(true);
            Document doc = dbf.newDocumentBuilder().newDocument();
            Element detail = doc.createElement("detail");
            Element c = doc.createElementNS(NS, "rp:code");
            c.setTextContent(code);
            detail.appendChild(c);
            f.setDetail(detail);
        } catch (ParserConfigurationException e) {
            // the reason alone then
        }
        return f;
    }

    /** The code a fault carries (for the audit record), or null. */
    static String codeOf(Throwable t) {
        if (t instanceof Fault f && f.getDetail() != null) {
            org.w3c.dom.NodeList codes = f.getDetail().getElementsByTagNameNS(NS, "code");
            if (codes.getLength() > 0) {
                return codes.item(0).getTextContent();
            }
        }
        return t instanceof Fault ? INVALID_REQUEST : INTERNAL;
    }

    /** What a service's exception becomes: the reasons Ranselpost gives REST clients too; anything else says nothing. */
    static Fault of(Throwable t, String service, String operation) {
        if (t instanceof Fault f) {
            return f;
        }
        if (t instanceof AccessDeniedException) {
            return client(500, FORBIDDEN, "This account may not do this (" + operation + ")");
        }
        if (t instanceof NoSuchObjectException) {
            return client(500, NOT_FOUND, t.getMessage());
        }
        if (t instanceof ConflictException) {
            return client(500, CONFLICT, t.getMessage());
        }
        if (t instanceof PayloadTooLargeException) {
            return client(500, TOO_LARGE, t.getMessage());
        }
        if (t instanceof InvalidRequestException) {
            return client(500, INVALID_REQUEST, t.getMessage());
        }
        // the class only: a message could carry data
        LOG.error("SOAP {}.{} failed: {}", service, operation, t.getClass().getName());
        return server(INTERNAL, "The call could not be completed; nothing was reported about why");
    }
}
