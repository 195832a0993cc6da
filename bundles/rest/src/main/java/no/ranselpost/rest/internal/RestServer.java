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
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.jaxrs.lifecycle.SingletonResourceProvider;
import org.apache.cxf.transport.http.DestinationRegistry;
import org.osgi.framework.BundleContext;
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
@Component(immediate = true, configurationPid = "no.ranselpost.rest")
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
            destroyServer();
            List<Object> beans = new ArrayList<>(resources.values());
            AccessPolicy policy = access;
            if (beans.isEmpty() || policy == null) {
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
                server = factory.create();
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
                LOG.info("REST server published at /api{} with {} resource classes", ADDRESS, classes.size());
            } catch (RuntimeException e) {
                LOG.error("Could not publish the REST server", e);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
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
                server.destroy();
            } catch (RuntimeException e) {
                LOG.warn("Could not stop the REST server cleanly", e);
            }
            server = null;
        }
    }
}
