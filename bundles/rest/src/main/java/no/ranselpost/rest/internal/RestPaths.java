package no.ranselpost.rest.internal;

/** The REST server's paths: request paths are relative to {@code /api/v1}; the anonymous registry speaks absolute ones. */
public final class RestPaths {

    public static final String BASE = "/api/v1";

    private RestPaths() {
    }

    /** A path relative to /api/v1 (with or without its leading slash), made absolute, without its query. */
    public static String absolute(String relative) {
        String p = relative == null ? "" : relative;
        int query = p.indexOf('?');
        if (query >= 0) {
            p = p.substring(0, query);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() ? BASE : BASE + "/" + p;
    }
}
