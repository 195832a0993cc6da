package no.ranselpost.soap.internal;

import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.jws.WebService;
import javax.xml.namespace.QName;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.transport.http.DestinationRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.identity.SessionService;

/**
 * The ONE JAX-WS publisher of Ranselpost, at {@code /api/soap/<Service>} (CXF servlet context
 * {@code /api}). It publishes every service registered with {@value #SERVICE_PROPERTY} = the
 * service's name, by any bundle (the {@code soap-<capability>} bundles), from the WSDL that bundle
 * holds ({@value #WSDL_PROPERTY}, a resource path in it), and switches when such services or the
 * capabilities' access declarations come and go (debounced). A service one of whose operations
 * declares no known action is refused whole. Every call passes the envelope guard, HTTP Basic for
 * an integration account, the operation's action, and leaves an audit record.
 */
@Component(immediate = true, configurationPid = SoapServer.PID)
@Designate(ocd = SoapSettings.class)
public class SoapServer {

    static final String PID = "no.ranselpost.soap";
    /** The service property naming a SOAP service: its name, the last segment of its address. */
    public static final String SERVICE_PROPERTY = "ranselpost.soap.service";
    /** The service property giving the WSDL's resource path in the registering bundle. */
    public static final String WSDL_PROPERTY = "ranselpost.soap.wsdl";
    /** The address below the CXF servlet. */
    static final String ADDRESS = "/soap/";
    /** From the server's root. */
    static final String PATH = "/api/soap/";
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Za-z0-9]{0,62}Service");
    private static final Logger LOG = LoggerFactory.getLogger(SoapServer.class);

    private final Map<ServiceReference<Object>, Object> services = new ConcurrentSkipListMap<>(Comparator.reverseOrder());
    private final Map<String, Server> published = new HashMap<>();
    private final Object lock = new Object();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SessionService sessions;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditTrail audit;

    /** Without it nothing is published (deny by default): it knows the actions and the anonymous endpoints. */
    private volatile AccessPolicy access;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindAccess(AccessPolicy policy) {
        access = policy;
        scheduleRebuild();
    }

    void unbindAccess(AccessPolicy policy) {
        if (access == policy) {
            access = null;
        }
        scheduleRebuild();
    }

    /** Capabilities' declarations come and go with their actions: the services are checked again on each. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindDeclaration(AccessDeclaration declaration) {
        scheduleRebuild();
    }

    void unbindDeclaration(AccessDeclaration declaration) {
        scheduleRebuild();
    }

    /** Only here so that the publisher waits for CXF's HTTP transport. */
    @Reference
    private DestinationRegistry destinationRegistry;

    private ScheduledExecutorService executor;
    private ScheduledFuture<?> pending;
    private ServiceTracker<Object, Object> tracker;
    private volatile long maxEnvelopeBytes = 10L * 1024 * 1024;
    private volatile TransportPolicy transport = TransportPolicy.of(true, "");

    @Modified
    void modified(SoapSettings settings) {
        if (settings.maxEnvelopeBytes() < 1024) {
            throw new IllegalArgumentException("maxEnvelopeBytes must be at least 1024");
        }
        maxEnvelopeBytes = settings.maxEnvelopeBytes();
        transport = TransportPolicy.of(settings.credentialsOnlyOverTls(), settings.trustedProxies());
    }

    @Activate
    void activate(BundleContext context, SoapSettings settings) throws InvalidSyntaxException {
        modified(settings);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ranselpost-soap-publisher");
            t.setDaemon(true);
            return t;
        });
        tracker = new ServiceTracker<>(context, context.createFilter("(" + SERVICE_PROPERTY + "=*)"), new ServiceTrackerCustomizer<>() {
            @Override
            public Object addingService(ServiceReference<Object> reference) {
                Object service = context.getService(reference);
                if (service != null) {
                    services.put(reference, service);
                    scheduleRebuild();
                }
                return service;
            }

            @Override
            public void modifiedService(ServiceReference<Object> reference, Object service) {
                scheduleRebuild();
            }

            @Override
            public void removedService(ServiceReference<Object> reference, Object service) {
                services.remove(reference);
                scheduleRebuild();
                context.ungetService(reference);
            }
        });
        tracker.open(true);
        scheduleRebuild();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            destroyAll();
        }
    }

    private void scheduleRebuild() {
        synchronized (lock) {
            if (executor == null || executor.isShutdown()) {
                return;
            }
            if (pending != null) {
                pending.cancel(false);
            }
            pending = executor.schedule(this::rebuild, 200, TimeUnit.MILLISECONDS);
        }
    }

    /** What was published last: each service's registration and the actions its operations declared (or why it was refused). */
    private Map<String, List<Object>> plan = Map.of();

    private void rebuild() {
        synchronized (lock) {
            AccessPolicy policy = access;
            // the same services with the same outcome of their checks: nothing to switch (declarations come by the dozen at boot)
            Map<String, List<Object>> next = new HashMap<>();
            if (policy != null) {
                for (Map.Entry<ServiceReference<Object>, Object> e : services.entrySet()) {
                    OperationActions.Check check = OperationActions.check(e.getValue().getClass(), id -> policy.action(id).isPresent());
                    next.put(String.valueOf(e.getKey().getProperty(SERVICE_PROPERTY)) + "#" + e.getKey().getProperty("service.id"),
                            List.of(check.actions(), check.problems()));
                }
            }
            if (next.equals(plan) && (policy != null || published.isEmpty())) {
                return;
            }
            plan = next;
            destroyAll();
            if (policy == null) {
                LOG.info("No access policy: no SOAP service published at {}", PATH);
                return;
            }
            for (Map.Entry<ServiceReference<Object>, Object> e : new ArrayList<>(services.entrySet())) {
                String name = String.valueOf(e.getKey().getProperty(SERVICE_PROPERTY));
                if (published.containsKey(name)) {
                    LOG.error("SOAP service {} registered twice: the second one ({}) refused", name, e.getValue().getClass().getName());
                    continue;
                }
                try {
                    Server server = publish(e.getKey(), name, e.getValue(), policy);
                    if (server != null) {
                        published.put(name, server);
                    }
                } catch (RuntimeException failure) {
                    LOG.error("Could not publish SOAP service {}", name, failure);
                }
            }
            LOG.info("SOAP services published at {}: {}", PATH, published.keySet());
        }
    }

    private Server publish(ServiceReference<Object> reference, String name, Object bean, AccessPolicy policy) {
        List<String> problems = new ArrayList<>();
        if (!NAME.matcher(name).matches()) {
            problems.add("the name '" + name + "' is not <Something>Service");
        }
        Object wsdlPath = reference.getProperty(WSDL_PROPERTY);
        URL wsdl = wsdlPath == null ? null : reference.getBundle().getResource(wsdlPath.toString());
        if (wsdl == null) {
            problems.add("its WSDL (" + WSDL_PROPERTY + "=" + wsdlPath + ") is not in its bundle: the services are WSDL-first");
        }
        OperationActions.Check check = OperationActions.check(bean.getClass(), id -> policy.action(id).isPresent());
        problems.addAll(check.problems());
        WebService annotation = bean.getClass().getAnnotation(WebService.class);
        if (annotation == null || !name.equals(annotation.serviceName()) || annotation.targetNamespace().isBlank()
                || annotation.portName().isBlank()) {
            problems.add("its class is not annotated @WebService(serviceName = \"" + name + "\", portName, targetNamespace)");
        }
        if (!problems.isEmpty()) {
            LOG.error("SOAP service {} ({}) refused: {}", name, bean.getClass().getName(), problems);
            return null;
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(SoapServer.class.getClassLoader());
        try {
            Bus bus = BusFactory.getDefaultBus();
            JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
            factory.setBus(bus);
            factory.setServiceClass(check.endpointInterface());
            factory.setServiceBean(bean);
            factory.setAddress(ADDRESS + name);
            factory.setWsdlLocation(wsdl.toExternalForm());
            factory.setServiceName(new QName(annotation.targetNamespace(), name));
            factory.setEndpointName(new QName(annotation.targetNamespace(), annotation.portName()));
            factory.setInvoker(new ActionInvoker(bean, name, check.actions(), () -> access, () -> audit));
            Map<String, Object> properties = new HashMap<>();
            properties.put("org.apache.cxf.endpoint.private", Boolean.FALSE);
            // the values of the request are checked against the WSDL's schema
            properties.put("schema-validation-enabled", "IN");
            // CXF's own StAX limits, behind the envelope guard
            properties.put("org.apache.cxf.stax.maxElementDepth", 64);
            properties.put("org.apache.cxf.stax.maxAttributeCount", 64);
            properties.put("org.apache.cxf.stax.maxAttributeSize", 8192);
            properties.put("org.apache.cxf.stax.maxTextLength", 1024 * 1024);
            properties.put("org.apache.cxf.stax.maxChildElements", 500_000);
            properties.put("org.apache.cxf.stax.maxElementCount", 5_000_000L);
            properties.put("faultStackTraceEnabled", Boolean.FALSE);
            properties.put("exceptionMessageCauseEnabled", Boolean.FALSE);
            factory.setProperties(properties);
            EnvelopeGuard.Refusals refusals = (message, code) -> {
                message.getExchange().put(FaultNormaliser.AUDITED, Boolean.TRUE);
                refused(name, code);
            };
            factory.getInInterceptors().add(new EnvelopeGuard(() -> maxEnvelopeBytes, refusals));
            factory.getInInterceptors().add(new BasicAuthentication(() -> sessions, () -> access, () -> transport, refusals));
            factory.getOutFaultInterceptors().add(new FaultNormaliser((message, code) -> ended(name, message, code)));
            Server server = factory.create();
            LOG.info("SOAP service {} published at {}{} (actions {})", name, PATH, name, check.actions().values());
            return server;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** A call of an authenticated caller that failed before its operation (XML the schema refuses): one record, with its code. */
    private void ended(String service, org.apache.cxf.message.Message message, String code) {
        no.ranselpost.core.api.identity.AuthenticatedPrincipal p = message.getExchange().get(
                no.ranselpost.core.api.identity.AuthenticatedPrincipal.class);
        if (p == null) {
            refused(service, code);
            return;
        }
        AuditTrail trail = audit;
        if (trail != null) {
            try {
                trail.read(Actor.of(p), "soap.call", ActionInvoker.AUDIT_TYPE, List.of(), null, "soap:" + code);
            } catch (RuntimeException e) {
                LOG.warn("The audit record of a SOAP call to {} could not be written: {}", service, e.getClass().getName());
            }
        }
    }

    /** A call refused before it reached an operation: one denial record, without a principal. */
    private void refused(String service, String code) {
        AuditTrail trail = audit;
        if (trail == null) {
            return;
        }
        try {
            trail.denial(Actor.ANONYMOUS, "soap.call", ActionInvoker.AUDIT_TYPE, List.of(), null, "soap:" + code);
        } catch (RuntimeException e) {
            LOG.warn("The audit record of a refused SOAP call to {} could not be written: {}", service, e.getClass().getName());
        }
    }

    private void destroyAll() {
        for (Map.Entry<String, Server> e : published.entrySet()) {
            try {
                e.getValue().destroy();
            } catch (RuntimeException failure) {
                LOG.warn("Could not stop SOAP service {} cleanly", e.getKey(), failure);
            }
        }
        published.clear();
    }

}
