package no.ranselpost.rest.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;

import no.ranselpost.access.api.RequiresAction;

/**
 * The server publishes a resource only if every one of its operations declares an action some
 * started capability declared, except the anonymous endpoints of the access bundle's registry.
 */
public final class ResourceValidation {

    private ResourceValidation() {
    }

    /**
     * What keeps a resource class from being published: operations that declare no action and
     * are not anonymous, and operations naming an action nobody declared ("GET /path (method)").
     *
     * @param anonymous   whether (method, absolute path) answers without credentials
     * @param knownAction whether an action id is declared
     */
    public static List<String> problems(Class<?> resource, BiPredicate<String, String> anonymous, Predicate<String> knownAction) {
        List<String> out = new ArrayList<>();
        Path classPath = resource.getAnnotation(Path.class);
        for (Method m : resource.getMethods()) {
            String httpMethod = httpMethod(m);
            if (httpMethod == null) {
                continue;
            }
            Path methodPath = m.getAnnotation(Path.class);
            String path = join(classPath == null ? "" : classPath.value(), methodPath == null ? "" : methodPath.value());
            String where = httpMethod + " " + path + " (" + resource.getSimpleName() + "." + m.getName() + ")";
            RequiresAction declared = m.getAnnotation(RequiresAction.class);
            if (declared == null) {
                if (!anonymous.test(httpMethod, RestPaths.absolute(path))) {
                    out.add(where + ": declares no action");
                }
            } else if (!knownAction.test(declared.value())) {
                out.add(where + ": names the unknown action " + declared.value());
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
