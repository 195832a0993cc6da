package no.ranselpost.identity.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A browser carries Ranselpost's session in an HttpOnly, Secure, SameSite cookie instead of an
 * Authorization header. Every changing request made with that cookie must also carry the
 * session's CSRF token in {@link #CSRF_HEADER} (and come from Ranselpost's own origin): the token
 * is derived one way from the session token, so a page that cannot read the cookie cannot make it.
 */
public final class BrowserSessions {

    /** The session cookie (HttpOnly): the same opaque token an app gets as a bearer token. */
    public static final String SESSION_COOKIE = "rp_session";
    /** A cookie the portal's own pages may read (not HttpOnly), holding the CSRF token. */
    public static final String CSRF_COOKIE = "rp_csrf";
    /** The header a changing request made with the session cookie carries the CSRF token in. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private BrowserSessions() {
    }

    /** The CSRF token of a session: base64url(SHA-256("csrf:" + session token)). */
    public static String csrfToken(String sessionToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("csrf:" + sessionToken).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a presented CSRF token is the session's, compared in constant time. */
    public static boolean csrfMatches(String sessionToken, String presented) {
        if (sessionToken == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(csrfToken(sessionToken).getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The Set-Cookie values that carry a session to a browser: the HttpOnly session cookie and the
     * readable CSRF cookie, both Secure, SameSite=Lax (the sign-in callback is a top-level
     * navigation from the provider), for the whole server.
     */
    public static String[] setCookies(String sessionToken, long maxAgeSeconds) {
        return new String[] {
                SESSION_COOKIE + "=" + sessionToken + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; Secure; SameSite=Lax",
                CSRF_COOKIE + "=" + csrfToken(sessionToken) + "; Path=/; Max-Age=" + maxAgeSeconds + "; Secure; SameSite=Strict"};
    }

    /** The Set-Cookie values that remove both cookies. */
    public static String[] clearCookies() {
        return new String[] {
                SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax",
                CSRF_COOKIE + "=; Path=/; Max-Age=0; Secure; SameSite=Strict"};
    }
}
