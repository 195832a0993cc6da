package no.ranselpost.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OrgNumberTest {

    @Test
    void validatesTheCheckDigit() {
        // Bergen kommune
        assertNull(OrgNumber.rejectionReason("964338531"));
        assertEquals("check digit is wrong", OrgNumber.rejectionReason("964338532"));
        assertEquals("must be 9 digits", OrgNumber.rejectionReason("96433853"));
        assertThrows(IllegalArgumentException.class, () -> new OrgNumber("12345678x"));
        assertEquals("964338531", OrgNumber.withCheckDigit("96433853"));
    }
}
