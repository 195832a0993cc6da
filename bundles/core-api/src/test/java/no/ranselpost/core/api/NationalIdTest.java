package no.ranselpost.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class NationalIdTest {

    @Test
    void acceptsTheSyntheticNumberFromTheSeedsOnlyWhenAllowed() {
        NationalId id = NationalId.parse("27850998855", true);
        assertTrue(id.isSynthetic());
        assertEquals(LocalDate.of(2009, 5, 27), id.birthDate());
        NationalId.InvalidNationalIdException e = assertThrows(NationalId.InvalidNationalIdException.class,
                () -> NationalId.parse("27850998855", false));
        assertTrue(e.reason().contains("allowSyntheticIds"));
    }

    @Test
    void composedNumbersRoundTripForEveryKind() {
        LocalDate day = LocalDate.of(2019, 2, 28);
        int found = 0;
        for (int individual = 500; individual < 520; individual++) {
            for (NationalId.Kind kind : NationalId.Kind.values()) {
                for (boolean synthetic : new boolean[] {false, true}) {
                    var composed = NationalId.compose(day, individual, kind, synthetic);
                    if (composed.isEmpty()) {
                        continue;
                    }
                    found++;
                    NationalId parsed = NationalId.parse(composed.get().value(), true);
                    assertEquals(day, parsed.birthDate());
                    assertEquals(kind, parsed.kind());
                    assertEquals(synthetic, parsed.isSynthetic());
                }
            }
        }
        assertTrue(found > 20);
    }

    @Test
    void aDNumberHasDayPlusForty() {
        NationalId d = NationalId.compose(LocalDate.of(1985, 7, 3), 123, NationalId.Kind.D_NUMBER, false).orElseThrow();
        assertEquals('4', d.value().charAt(0));
        assertEquals(NationalId.Kind.D_NUMBER, NationalId.parse(d.value(), false).kind());
    }

    @Test
    void saysWhyANumberIsRejected() {
        assertEquals("must be 11 digits, was 10 characters", NationalId.rejectionReason("2785099885", true).orElseThrow());
        assertEquals("must contain digits only", NationalId.rejectionReason("2785099885x", true).orElseThrow());
        assertEquals("second check digit is wrong", NationalId.rejectionReason("27850998856", true).orElseThrow());
        assertEquals("first check digit is wrong", NationalId.rejectionReason("27850998895", true).orElseThrow());
        assertEquals("the first six digits are not a valid date", NationalId.rejectionReason("32010100000", true).orElseThrow());
        assertEquals("missing", NationalId.rejectionReason(null, true).orElseThrow());
        assertFalse(NationalId.rejectionReason("27850998855", true).isPresent());
    }

    @Test
    void acceptsTheFirstCheckDigitsAllowedFrom2032() {
        // Take a valid number and move the first check digit by one and by three: the weighted
        // sum including it then is 1 or 3 modulo 11, which the 2032 rule accepts; fix the
        // second check digit accordingly.
        NationalId base = NationalId.compose(LocalDate.of(2032, 3, 1), 600, NationalId.Kind.FODSELSNUMMER, false).orElseThrow();
        String nine = base.value().substring(0, 9);
        int k1 = base.value().charAt(9) - '0';
        int accepted = 0;
        for (int delta = 1; delta <= 3; delta++) {
            int alt = k1 + delta;
            if (alt > 9) {
                continue;
            }
            String ten = nine + alt;
            int[] w2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
            int s2 = 0;
            for (int i = 0; i < 10; i++) {
                s2 += w2[i] * (ten.charAt(i) - '0');
            }
            int k2 = (11 - s2 % 11) % 11;
            if (k2 == 10) {
                continue;
            }
            assertTrue(NationalId.rejectionReason(ten + k2, false).isEmpty(), "delta " + delta);
            accepted++;
        }
        assertTrue(accepted > 0);
        // A delta of four or more is never accepted.
        if (k1 + 4 <= 9) {
            assertEquals("first check digit is wrong", NationalId.rejectionReason(nine + (k1 + 4) + "0", false).orElseThrow());
        }
    }

    @Test
    void toStringNeverShowsTheWholeNumber() {
        NationalId id = NationalId.parse("27850998855", true);
        assertFalse(id.toString().contains("27850998855"));
        assertFalse(id.toString().contains("278509"));
        assertFalse(new NationalId.InvalidNationalIdException("x").getMessage().contains("27850998855"));
    }
}
