package no.ranselpost.identity.idporten.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal.Assurance;

class IdPortenTest {

    @Test
    void thePkceChallengeIsRfc7636s() {
        // RFC 7636, appendix B
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", IdPorten.pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    @Test
    void aReturnPathStaysOnThisServer() {
        assertEquals("/foresatt/meldinger?x=1", IdPorten.safeReturnPath("/foresatt/meldinger?x=1"));
        for (String bad : new String[] {"//evil.example/", "https://evil.example/", "/\\evil.example", "evil", "/a b", "/\nLocation: x", ""}) {
            assertNull(IdPorten.safeReturnPath(bad), bad);
        }
        assertNull(IdPorten.safeReturnPath("/" + "a".repeat(500)));
    }

    @Test
    void levelsMapToAssurance() {
        assertEquals(Assurance.IDPORTEN_LOA_HIGH, IdPorten.assurance("idporten-loa-high"));
        assertEquals(Assurance.IDPORTEN_LOA_SUBSTANTIAL, IdPorten.assurance("idporten-loa-substantial"));
        assertThrows(IllegalArgumentException.class, () -> IdPorten.assurance("idporten-loa-low"));
    }

    @Test
    void stateNonceAndVerifierAreLongAndRandom() {
        String a = IdPorten.random(48);
        assertEquals(64, a.length(), "a PKCE verifier of 43 to 128 characters");
        assertThrows(AssertionError.class, () -> assertEquals(a, IdPorten.random(48)));
    }
}
