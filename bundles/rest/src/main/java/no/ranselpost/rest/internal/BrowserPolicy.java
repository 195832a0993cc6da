package no.ranselpost.rest.internal;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a browser's changing request made with the session cookie must show besides the CSRF
 * token: an {@code Origin} (or, without one, a {@code Referer}) of this server's own host or of
 * an origin the kommune listed ({@code allowedOrigins}). A request with neither header still needs
 * the token.
 */
public record BrowserPolicy(Set<String> allowedOrigins) {

    public static final BrowserPolicy DEFAULT = new BrowserPolicy(Set.of());

    public static BrowserPolicy of(String origins) {
        Set<String> set = origins == null ? Set.of() : Arrays.stream(origins.split("[,\\s]+")).map(BrowserPolicy::normalize)
                .filter(o -> o != null).collect(Collectors.toUnmodifiableSet());
        return new BrowserPolicy(set);
    }

    /** scheme://host[:port] in lower case, without a default port; null when it is not an origin. */
    static String normalize(String origin) {
        if (origin == null || origin.isBlank()) {
            return null;
        }
        try {
            URI u = URI.create(origin.strip());
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Whether the request's Origin (or Referer) is acceptable.
     *
     * @param origin   the Origin header, or null
     * @param referer  the Referer header, or null
     * @param ownHost  the host this request was made to (its Host header, without the port)
     */
    public boolean allows(String origin, String referer, String ownHost) {
        String presented = origin != null ? origin : referer;
        if (presented == null) {
            return true;
        }
        if (presented.equals("null")) {
            // a sandboxed frame, a file, a redirect across origins: never our own page
            return false;
        }
        String normalized = normalize(presented);
        if (normalized == null) {
            return false;
        }
        if (allowedOrigins.contains(normalized)) {
            return true;
        }
        String host = URI.create(normalized).getHost();
        return ownHost != null && host.equalsIgnoreCase(ownHost);
    }
}
