package no.ranselpost.rest.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.endpoint.ServerImpl;
import org.apache.cxf.endpoint.ServerRegistry;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.ChainInitiationObserver;
import org.apache.cxf.transport.Conduit;
import org.apache.cxf.transport.Destination;
import org.apache.cxf.transport.MessageObserver;
import org.apache.cxf.ws.addressing.EndpointReferenceType;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.jaxrs.lifecycle.SingletonResourceProvider;
import org.apache.cxf.transport.http.DestinationRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.core.api.identity.SessionService;

/**
 * The ONE JAX-RS server of Ranselpost, at {@code /api/v1} (CXF servlet context {@code /api}).
 * It publishes every service registered with {@code osgi.jaxrs.resource=true}, by any bundle,
 * and rebuilds itself (debounced) when such services come or go.
 */
@Component(service = RestServer.class, immediate = true, configurationPid = "no.ranselpost.rest")
@org.osgi.service.metatype.annotations.Designate(ocd = RestSettings.class)
public class RestServer {

    public static final String RESOURCE_PROPERTY = "osgi.jaxrs.resource";
    public static final String ADDRESS = "/v1";
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

    private final Map<ServiceReference<Object>, Object> resources = new ConcurrentSkipListMap<>(Comparator.reverseOrder());
    private final Object lock = new Object();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SessionService sessions;

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

    /** Capabilities' declarations come and go with their actions and endpoints: the server is rebuilt on each. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindDeclaration(AccessDeclaration declaration) {
        scheduleRebuild();
    }

    void unbindDeclaration(AccessDeclaration declaration) {
        scheduleRebuild();
    }

    /** Only here so that the server waits for CXF's HTTP transport. */
    @Reference
    private DestinationRegistry destinationRegistry;

    private ScheduledExecutorService executor;
    private ScheduledFuture<?> pending;
    private ServiceTracker<Object, Object> tracker;
    private Server server;
    /** At the servlet's root: a 404 problem for whatever matches no endpoint (never torn down with the API). */
    private Server fallback;
    private String version;
    private volatile BundleContext context;
    private volatile long lastChange = System.nanoTime();
    /** Set once the API first settled after this component started; from then on /health follows the database only. */
    private volatile boolean bootSettled;

    private volatile TransportPolicy transport = TransportPolicy.DEFAULT;
    private volatile BrowserPolicy browser = BrowserPolicy.DEFAULT;

    @org.osgi.service.component.annotations.Modified
    void modified(RestSettings settings) {
        transport = TransportPolicy.of(settings.credentialsOnlyOverTls(), settings.trustedProxies());
        browser = BrowserPolicy.of(settings.allowedOrigins());
    }

    @Activate
    void activate(BundleContext context, RestSettings settings) throws InvalidSyntaxException {
        modified(settings);
        this.context = context;
        version = context.getBundle().getVersion().toString();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ranselpost-rest-server");
            t.setDaemon(true);
            return t;
        });
        tracker = new ServiceTracker<>(context, context.createFilter("(" + RESOURCE_PROPERTY + "=true)"),
                new ServiceTrackerCustomizer<>() {
                    @Override
                    public Object addingService(ServiceReference<Object> reference) {
                        Object service = context.getService(reference);
                        if (service != null) {
                            resources.put(reference, service);
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
                        resources.remove(reference);
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
        ExecutorService e = executor;
        e.shutdownNow();
        try {
            e.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            destroyServer();
            if (fallback != null) {
                try {
                    fallback.destroy();
                } catch (RuntimeException stopFailure) {
                    LOG.warn("Could not stop the fallback endpoint cleanly", stopFailure);
                }
                fallback = null;
            }
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

    private void rebuild() {
        synchronized (lock) {
            pending = null;
            List<Object> beans = new ArrayList<>(resources.values());
            AccessPolicy policy = access;
            if (beans.isEmpty() || policy == null) {
                destroyServer();
                lastChange = System.nanoTime();
                LOG.info("No REST resources registered or no access policy; /api{} not published", ADDRESS);
                return;
            }
            BiPredicate<String, String> anonymous = (method, path) -> policy.isAnonymous(method, path, null);
            Set<Class<?>> classes = new LinkedHashSet<>();
            List<Object> published = new ArrayList<>();
            for (Object bean : beans) {
                List<String> problems = ResourceValidation.problems(bean.getClass(), anonymous, id -> policy.action(id).isPresent());
                if (problems.isEmpty()) {
                    classes.add(bean.getClass());
                    published.add(bean);
                } else {
                    LOG.error("REST resource {} refused: {}", bean.getClass().getName(), problems);
                }
            }
            OpenApiResource openApi = new OpenApiResource(OpenApiDocument.toJson(
                    OpenApiDocument.build(withOpenApi(classes), version, anonymous)));

            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(RestServer.class.getClassLoader());
            try {
                Bus bus = BusFactory.getDefaultBus();
                JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
                factory.setBus(bus);
                factory.setAddress(ADDRESS);
                factory.setResourceClasses(new ArrayList<>(withOpenApi(classes)));
                for (Object bean : published) {
                    factory.setResourceProvider(bean.getClass(), new SingletonResourceProvider(bean));
                }
                factory.setResourceProvider(OpenApiResource.class, new SingletonResourceProvider(openApi));
                factory.setProviders(List.of(
                        new NoWadl(bus),
                        JsonMapping.provider(),
                        new ProblemExceptionMapper(),
                        new AuthenticationFilter(() -> sessions, () -> access, () -> transport, () -> browser),
                        new ActionFilter(() -> access),
                        new SecurityHeadersFilter()));
                // not on CXF's service list page either
                factory.setProperties(Map.of("org.apache.cxf.endpoint.private", Boolean.TRUE));
                publish(factory, bus);
                if (fallback == null) {
                    JAXRSServerFactoryBean root = new JAXRSServerFactoryBean();
                    root.setBus(bus);
                    root.setAddress("/");
                    root.setResourceClasses(Fallback.class);
                    root.setResourceProvider(Fallback.class, new SingletonResourceProvider(new Fallback()));
                    root.setProviders(List.of(new NoWadl(bus), JsonMapping.provider(), new Fallback.Everything(), new SecurityHeadersFilter()));
                    root.setProperties(Map.of("org.apache.cxf.endpoint.private", Boolean.TRUE));
                    fallback = root.create();
                }
                lastChange = System.nanoTime();
                LOG.info("REST server published at /api{} with {} resource classes", ADDRESS, classes.size());
            } catch (RuntimeException e) {
                LOG.error("Could not publish the REST server", e);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
    }

    /**
     * Puts a newly built server in place. The first one starts as usual; every later one is built
     * without starting and then takes over the one destination at {@link #ADDRESS} by replacing its
     * message observer in a single step, so that a request arriving during a rebuild is served by
     * either the old or the new resource set, never by none (CXF cannot hold two servers on one
     * address, and destroying the old one first left a gap that answered 404 "No service was
     * found"). Requests already inside the old server's chain finish there; the old server is then
     * destroyed against a detached destination so that it releases its registrations without
     * touching the live one.
     */
    private void publish(JAXRSServerFactoryBean factory, Bus bus) {
        Server previous = server;
        if (previous == null) {
            server = factory.create();
            return;
        }
        factory.setStart(false);
        Server next = factory.create();
        Destination destination = next.getDestination();
        if (destination != previous.getDestination()) {
            // not the servlet transport's shared destination: fall back to stop-then-start
            LOG.warn("REST server rebuilt on a new destination; requests may fail while it starts");
            destroyServer();
            next.start();
            server = next;
            return;
        }
        synchronized (destination) {
            destination.setMessageObserver(new ChainInitiationObserver(next.getEndpoint(), bus));
        }
        ServerRegistry registry = bus.getExtension(ServerRegistry.class);
        if (registry != null) {
            registry.register(next);
        }
        server = next;
        try {
            if (previous instanceof ServerImpl) {
                ((ServerImpl) previous).setDestination(new DetachedDestination());
                previous.destroy();
            } else if (registry != null) {
                registry.unregister(previous);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not release the replaced REST server cleanly", e);
        }
    }

    /**
     * Whether the published API has settled: a server is published, no rebuild is waiting, the
     * last change is at least {@code quietMillis} old, and the framework is not starting or stopping
     * bundles. {@code /health} answers DOWN until it has; once it has, later rebuilds (a feature
     * installed or uninstalled) keep it up, since they swap the set without a gap.
     */
    public boolean settled(long quietMillis) {
        synchronized (lock) {
            if (server == null) {
                return false;
            }
            if (bootSettled) {
                // after boot a rebuild swaps the set without a gap: the API stays up through it
                return true;
            }
            if (pending != null) {
                return false;
            }
        }
        if (System.nanoTime() - lastChange < TimeUnit.MILLISECONDS.toNanos(quietMillis)) {
            return false;
        }
        BundleContext context = this.context;
        if (context == null) {
            return false;
        }
        FrameworkStartLevel startLevel = context.getBundle(0).adapt(FrameworkStartLevel.class);
        int beginning = parseInt(context.getProperty("org.osgi.framework.startlevel.beginning"), 1);
        if (startLevel != null && startLevel.getStartLevel() < beginning) {
            return false;
        }
        for (Bundle bundle : context.getBundles()) {
            int state = bundle.getState();
            if (state == Bundle.STARTING && !isLazy(bundle) || state == Bundle.STOPPING) {
                return false;
            }
        }
        bootSettled = true;
        return true;
    }

    private static boolean isLazy(Bundle bundle) {
        String policy = bundle.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY);
        return policy != null && policy.contains(Constants.ACTIVATION_LAZY);
    }

    private static int parseInt(String value, int otherwise) {
        try {
            return value == null ? otherwise : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** Where a replaced server is destroyed: nothing listens here, so nothing live is shut down. */
    private static final class DetachedDestination implements Destination {
        private volatile MessageObserver observer;

        @Override
        public EndpointReferenceType getAddress() {
            return null;
        }

        @Override
        public Conduit getBackChannel(Message inMessage) {
            return null;
        }

        @Override
        public void shutdown() {
            observer = null;
        }

        @Override
        public MessageObserver getMessageObserver() {
            return observer;
        }

        @Override
        public void setMessageObserver(MessageObserver observer) {
            this.observer = observer;
        }
    }

    private static Set<Class<?>> withOpenApi(Set<Class<?>> classes) {
        Set<Class<?>> all = new LinkedHashSet<>(classes);
        all.add(OpenApiResource.class);
        return all;
    }

    private void destroyServer() {
        if (server != null) {
            try {
                // a server that took over by a swap was never started: detach its observer here
                Destination destination = server.getDestination();
                synchronized (destination) {
                    destination.setMessageObserver(null);
                }
                server.destroy();
            } catch (RuntimeException e) {
                LOG.warn("Could not stop the REST server cleanly", e);
            }
            server = null;
        }
    }
}
