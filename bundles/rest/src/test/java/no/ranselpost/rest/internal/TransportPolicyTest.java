package no.ranselpost.rest.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransportPolicyTest {

    @Test
    void credentialsTravelOverTlsFromLoopbackAndFromTheConfiguredProxyOnly() {
        TransportPolicy p = TransportPolicy.of(true, "10.0.0.5, 10.0.0.6");
        assertTrue(p.allows(true, "203.0.113.7", null), "HTTPS from anywhere");
        assertTrue(p.allows(false, "127.0.0.1", null), "the machine itself");
        assertTrue(p.allows(false, "::1", null));
        assertFalse(p.allows(false, "203.0.113.7", null), "plain HTTP from outside");
        assertFalse(p.allows(false, "203.0.113.7", "https"), "anyone may send the header: only the proxy is believed");
        assertTrue(p.allows(false, "10.0.0.5", "https"), "the TLS proxy says the client spoke HTTPS to it");
        assertFalse(p.allows(false, "10.0.0.5", "http"));
        assertFalse(p.allows(false, "localhost.evil.example", null), "no name lookups");
        assertFalse(p.allows(false, null, null));
        assertTrue(TransportPolicy.of(false, "").allows(false, "203.0.113.7", null), "the setting off: as before");
    }
}
