package no.ranselpost.rest.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;

import no.ranselpost.access.api.RequiresAction;

/**
 * The server publishes a resource only if every one of its operations declares its action,
 * except the anonymous endpoints of {@link AnonymousEndpoints}.
 */
public final class ResourceValidation {

    private ResourceValidation() {
    }

    /** The operations of a resource class that declare no action and are not anonymous ("GET /path (method)"). */
    public static List<String> undeclared(Class<?> resource) {
        List<String> out = new ArrayList<>();
        Path classPath = resource.getAnnotation(Path.class);
        for (Method m : resource.getMethods()) {
            String httpMethod = httpMethod(m);
            if (httpMethod == null || m.isAnnotationPresent(RequiresAction.class)) {
                continue;
            }
            Path methodPath = m.getAnnotation(Path.class);
            String path = join(classPath == null ? "" : classPath.value(), methodPath == null ? "" : methodPath.value());
            if (!AnonymousEndpoints.allows(httpMethod, path)) {
                out.add(httpMethod + " " + path + " (" + resource.getSimpleName() + "." + m.getName() + ")");
            }
        }
        return out;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod hm = a.annotationType().getAnnotation(HttpMethod.class);
            if (hm != null) {
                return hm.value();
            }
        }
        return null;
    }

    private static String join(String a, String b) {
        String left = a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
        String right = b.isEmpty() || b.startsWith("/") ? b : "/" + b;
        String joined = left + right;
        return joined.startsWith("/") ? joined : "/" + joined;
    }
}
