package no.ranselpost.access.api;

import java.util.Locale;

/**
 * One request that answers without credentials (ACCESS.md's list), declared by the bundle that
 * serves it. The path is absolute from the server's root ({@code /api/v1/health},
 * {@code /api/soap/AbsenceService}); a segment {@code *} matches one path segment, a final
 * {@code /**} everything below. A query string is never part of the match, except that a
 * {@code query} given here must equal the request's (a WSDL: {@code wsdl}).
 */
public record AnonymousEndpoint(String method, String path, String query, String description) {

    public AnonymousEndpoint {
        if (method == null || !method.matches("[A-Z]+")) {
            throw new IllegalArgumentException("An HTTP method in capitals: " + method);
        }
        if (path == null || !path.startsWith("/") || path.contains("..") || path.contains("//")) {
            throw new IllegalArgumentException("An absolute path without dot segments: " + path);
        }
        int wildcard = path.indexOf("**");
        if (wildcard >= 0 && (wildcard != path.length() - 2 || !path.endsWith("/**"))) {
            throw new IllegalArgumentException("'**' only as the last segment: " + path);
        }
    }

    public static AnonymousEndpoint of(String method, String path, String description) {
        return new AnonymousEndpoint(method, path, null, description);
    }

    /**
     * Whether a request matches.
     *
     * @param requestPath the decoded request path from the server's root, without the query
     * @param requestQuery the raw query string, or null
     */
    public boolean matches(String requestMethod, String requestPath, String requestQuery) {
        if (requestMethod == null || !method.equals(requestMethod.toUpperCase(Locale.ROOT))) {
            return false;
        }
        if (query != null && !query.equals(requestQuery)) {
            return false;
        }
        String p = normalize(requestPath);
        if (p == null) {
            return false;
        }
        String[] want = path.split("/", -1);
        String[] got = p.split("/", -1);
        for (int i = 0; i < want.length; i++) {
            if (want[i].equals("**")) {
                return got.length >= i; // the prefix itself, or anything below it
            }
            if (i >= got.length) {
                return false;
            }
            if (want[i].equals("*")) {
                if (got[i].isEmpty()) {
                    return false;
                }
            } else if (!want[i].equals(got[i])) {
                return false;
            }
        }
        return want.length == got.length;
    }

    /** Drops a trailing slash; refuses dot segments, empty segments and backslashes (null). */
    static String normalize(String path) {
        if (path == null || !path.startsWith("/") || path.contains("\\") || path.contains("//") || path.contains("%")) {
            return null;
        }
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (String segment : p.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return null;
            }
        }
        return p;
    }
}
