package no.ranselpost.soap.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.jaxws.JAXWSMethodInvoker;
import org.apache.cxf.message.Exchange;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/**
 * Runs one operation: the principal must hold a role some rule of the operation's declared action
 * names (the coarse check; the service then decides on the object itself), the service's
 * exceptions become faults with a code and a reason, and every call leaves one audit record
 * (its action and its outcome code; a denial is recorded by the access policy).
 */
final class ActionInvoker extends JAXWSMethodInvoker {

    /** The object type of a call's audit record. */
    static final String AUDIT_TYPE = "soap-call";

    private final String service;
    private final Map<String, String> actions;
    private final Supplier<AccessPolicy> access;
    private final Supplier<AuditTrail> audit;

    ActionInvoker(Object bean, String service, Map<String, String> actions, Supplier<AccessPolicy> access, Supplier<AuditTrail> audit) {
        super(bean);
        this.service = service;
        this.actions = Map.copyOf(actions);
        this.access = access;
        this.audit = audit;
    }

    @Override
    protected Object performInvocation(Exchange exchange, Object serviceObject, Method m, Object[] paramArray) throws Exception {
        String operation = m.getName();
        String action = actions.get(operation);
        AuthenticatedPrincipal principal = exchange.get(AuthenticatedPrincipal.class);
        AccessPolicy policy = access.get();
        if (action == null || principal == null || policy == null) {
            // deny by default: an operation the publisher did not check, or no policy to ask
            throw SoapFaults.client(principal == null ? 401 : 500, principal == null ? SoapFaults.UNAUTHENTICATED : SoapFaults.FORBIDDEN,
                    "This operation is not open to this caller");
        }
        try {
            policy.requireAnyRole(principal, action);
        } catch (AccessDeniedException denied) {
            throw SoapFaults.of(denied, service, operation);
        }
        String outcome = "ok";
        try {
            return super.performInvocation(exchange, serviceObject, m, paramArray);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            Fault fault = SoapFaults.of(cause, service, operation);
            outcome = SoapFaults.codeOf(fault);
            throw fault;
        } catch (RuntimeException e) {
            Fault fault = SoapFaults.of(e, service, operation);
            outcome = SoapFaults.codeOf(fault);
            throw fault;
        } finally {
            exchange.put(FaultNormaliser.AUDITED, Boolean.TRUE);
            record(principal, action, outcome);
        }
    }

    private void record(AuthenticatedPrincipal principal, String action, String outcome) {
        AuditTrail trail = audit.get();
        if (trail == null) {
            return;
        }
        try {
            trail.read(Actor.of(principal), action, AUDIT_TYPE, java.util.List.of(), null, "soap:" + outcome);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ActionInvoker.class).error("The audit record of a SOAP call could not be written: {}",
                    e.getClass().getName());
            throw SoapFaults.server(SoapFaults.INTERNAL, "The call could not be recorded");
        }
    }
}
