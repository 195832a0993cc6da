package no.ranselpost.rest.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AnonymousEndpointsTest {

    @Test
    void onlyTheListedMethodAndPathAnswerWithoutAToken() {
        assertTrue(AnonymousEndpoints.allows("GET", "openapi.json"));
        assertTrue(AnonymousEndpoints.allows("GET", "/health"));
        assertTrue(AnonymousEndpoints.allows("get", "/health/"));
        assertTrue(AnonymousEndpoints.allows("POST", "/auth/login"));

        assertFalse(AnonymousEndpoints.allows("POST", "/health"));
        assertFalse(AnonymousEndpoints.allows("GET", "/auth/login"));
        assertFalse(AnonymousEndpoints.allows("POST", "/auth/logout"));
        assertFalse(AnonymousEndpoints.allows("GET", "/units"));
        assertFalse(AnonymousEndpoints.allows("GET", "/health/../units"));
        assertFalse(AnonymousEndpoints.allows("GET", "/healthz"));
        assertFalse(AnonymousEndpoints.allows("GET", "/health;x=1"));
        assertFalse(AnonymousEndpoints.allows("GET", ""));
        assertFalse(AnonymousEndpoints.allows("GET", null));
    }
}
