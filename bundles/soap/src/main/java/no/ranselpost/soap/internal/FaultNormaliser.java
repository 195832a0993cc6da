package no.ranselpost.soap.internal;

import java.util.function.BiConsumer;

import javax.xml.namespace.QName;

import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Every fault leaves with a Ranselpost code: one that CXF raised itself (XML that is not
 * well-formed, a value the WSDL's schema refuses) is the caller's {@code invalid-request} (HTTP
 * 400), with CXF's reason (it names the value's place, never a stack trace); any other server
 * fault says nothing about why. A call that ended in such a fault before it reached its operation
 * gets its audit record here.
 */
final class FaultNormaliser extends AbstractPhaseInterceptor<Message> {

    /** Set on the exchange once the call's audit record is written. */
    static final String AUDITED = "no.ranselpost.soap.audited";

    private final BiConsumer<Message, String> audit;

    FaultNormaliser(BiConsumer<Message, String> audit) {
        super(Phase.PRE_LOGICAL);
        this.audit = audit;
    }

    @Override
    public void handleMessage(Message message) {
        Exception e = message.getContent(Exception.class);
        if (!(e instanceof Fault fault)) {
            return;
        }
        boolean ours = fault.getDetail() != null && fault.getDetail().getElementsByTagNameNS(SoapFaults.NS, "code").getLength() > 0;
        if (!ours) {
            QName code = fault.getFaultCode();
            // soap:Client, or CXF's own {http://cxf.apache.org/faultcode}client before the binding maps it
            boolean client = code != null && (code.equals(Soap11.getInstance().getSender()) || code.equals(Fault.FAULT_CODE_CLIENT)
                    || "client".equalsIgnoreCase(code.getLocalPart()));
            Fault normal = client ? SoapFaults.client(500, SoapFaults.INVALID_REQUEST, fault.getMessage())
                    : SoapFaults.server(SoapFaults.INTERNAL, "The call could not be completed; nothing was reported about why");
            fault.setFaultCode(normal.getFaultCode());
            fault.setDetail(normal.getDetail());
            fault.setStatusCode(normal.getStatusCode());
            if (!client) {
                fault.setMessage(normal.getMessage());
            }
        }
        if (SoapFaults.UNAUTHENTICATED.equals(SoapFaults.codeOf(fault))) {
            // how to authenticate, as HTTP says it with a 401
            @SuppressWarnings("unchecked")
            java.util.Map<String, java.util.List<String>> headers = (java.util.Map<String, java.util.List<String>>) message.get(Message.PROTOCOL_HEADERS);
            if (headers == null) {
                headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                message.put(Message.PROTOCOL_HEADERS, headers);
            }
            headers.put("WWW-Authenticate", java.util.List.of("Basic realm=\"ranselpost\", charset=\"UTF-8\""));
        }
        if (message.getExchange() != null && message.getExchange().get(AUDITED) == null) {
            message.getExchange().put(AUDITED, Boolean.TRUE);
            audit.accept(message, SoapFaults.codeOf(fault));
        }
    }
}
