package no.ranselpost.rest.internal;

import java.util.List;
import java.util.Locale;

/**
 * The one list of what answers without credentials (ACCESS.md): the API description, health,
 * the sign-in endpoints. Everything else needs a valid bearer token. Paths are relative to
 * {@code /api/v1}.
 */
public final class AnonymousEndpoints {

    /** An HTTP method and a path; a path ending in "/**" matches everything below it. */
    public record Endpoint(String method, String path) {
        boolean matches(String m, String p) {
            if (!method.equals(m)) {
                return false;
            }
            if (path.endsWith("/**")) {
                String prefix = path.substring(0, path.length() - 3);
                return p.equals(prefix) || p.startsWith(prefix + "/");
            }
            return path.equals(p);
        }
    }

    public static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/openapi.json"),
            new Endpoint("GET", "/health"),
            new Endpoint("POST", "/auth/login"));

    private AnonymousEndpoints() {
    }

    /**
     * Whether the request may go on without credentials.
     *
     * @param path the request path relative to /api/v1, with or without a leading slash
     */
    public static boolean allows(String method, String path) {
        String m = method.toUpperCase(Locale.ROOT);
        String p = normalize(path);
        return ENDPOINTS.stream().anyMatch(e -> e.matches(m, p));
    }

    static String normalize(String path) {
        String p = path == null ? "" : path;
        int query = p.indexOf('?');
        if (query >= 0) {
            p = p.substring(0, query);
        }
        // no dot segments, no encoded tricks: the path must be exactly one of the listed ones
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return "/" + p;
    }
}
