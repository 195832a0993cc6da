package no.ranselpost.core.api;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A Norwegian national identity number: fødselsnummer, D-number, or a synthetic number from
 * Skatteetaten's test population (month + 80). Instances are always valid; {@link #parse}
 * says why a number is rejected. {@link #toString()} never shows the whole number.
 */
public final class NationalId {

    public enum Kind { FODSELSNUMMER, D_NUMBER }

    /** Why a number was rejected. The message never contains the number itself. */
    public static final class InvalidNationalIdException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String reason;

        public InvalidNationalIdException(String reason) {
            super("Invalid national identity number: " + reason);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private static final int[] WEIGHTS_1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    private static final int[] WEIGHTS_2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

    private final String value;
    private final Kind kind;
    private final boolean synthetic;
    private final LocalDate birthDate;

    private NationalId(String value, Kind kind, boolean synthetic, LocalDate birthDate) {
        this.value = value;
        this.kind = kind;
        this.synthetic = synthetic;
        this.birthDate = birthDate;
    }

    /**
     * Parses and validates a number.
     *
     * @param allowSynthetic whether synthetic test numbers (month + 80) are accepted
     * @throws InvalidNationalIdException with the reason the number is rejected
     */
    public static NationalId parse(String input, boolean allowSynthetic) {
        if (input == null) {
            throw new InvalidNationalIdException("missing");
        }
        String s = input.strip();
        if (s.length() != 11) {
            throw new InvalidNationalIdException("must be 11 digits, was " + s.length() + " characters");
        }
        int[] d = new int[11];
        for (int i = 0; i < 11; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidNationalIdException("must contain digits only");
            }
            d[i] = c - '0';
        }
        int day = d[0] * 10 + d[1];
        int month = d[2] * 10 + d[3];
        int yy = d[4] * 10 + d[5];
        int individual = d[6] * 100 + d[7] * 10 + d[8];

        Kind kind = Kind.FODSELSNUMMER;
        if (day > 40) {
            kind = Kind.D_NUMBER;
            day -= 40;
        }
        boolean synthetic = false;
        if (month > 80) {
            synthetic = true;
            month -= 80;
            if (!allowSynthetic) {
                throw new InvalidNationalIdException("synthetic test numbers are not allowed here (setting allowSyntheticIds)");
            }
        }
        int century = century(individual, yy);
        if (century < 0) {
            throw new InvalidNationalIdException("individual number does not fit the year");
        }
        LocalDate birth;
        try {
            birth = LocalDate.of(century + yy, month, day);
        } catch (DateTimeException e) {
            throw new InvalidNationalIdException("the first six digits are not a valid date");
        }
        // First check digit: from 2032 several values are possible; accept a weighted sum
        // (including the check digit itself, weight 1) of 0, 1, 2 or 3 modulo 11.
        int sum1 = d[9];
        for (int i = 0; i < 9; i++) {
            sum1 += WEIGHTS_1[i] * d[i];
        }
        if (sum1 % 11 > 3) {
            throw new InvalidNationalIdException("first check digit is wrong");
        }
        int sum2 = d[10];
        for (int i = 0; i < 10; i++) {
            sum2 += WEIGHTS_2[i] * d[i];
        }
        if (sum2 % 11 != 0) {
            throw new InvalidNationalIdException("second check digit is wrong");
        }
        return new NationalId(s, kind, synthetic, birth);
    }

    /** The reason the number would be rejected, or empty when it is valid. */
    public static Optional<String> rejectionReason(String input, boolean allowSynthetic) {
        try {
            parse(input, allowSynthetic);
            return Optional.empty();
        } catch (InvalidNationalIdException e) {
            return Optional.of(e.reason());
        }
    }

    private static int century(int individual, int yy) {
        if (individual <= 499) {
            return 1900;
        }
        if (individual <= 749 && yy >= 54) {
            return 1800;
        }
        if (yy <= 39) {
            return 2000;
        }
        if (individual >= 900) {
            return 1900;
        }
        return -1;
    }

    /**
     * Builds a valid number from its date part and individual number, computing both check
     * digits by the classic rule. Used by the demo generator and tests; returns empty when no
     * valid check digit exists for this individual number.
     */
    public static Optional<NationalId> compose(LocalDate birthDate, int individual, Kind kind, boolean synthetic) {
        int yy = birthDate.getYear() % 100;
        if (century(individual, yy) != birthDate.getYear() - yy) {
            throw new IllegalArgumentException("individual number does not fit the year of birth");
        }
        int day = birthDate.getDayOfMonth() + (kind == Kind.D_NUMBER ? 40 : 0);
        int month = birthDate.getMonthValue() + (synthetic ? 80 : 0);
        String nine = String.format("%02d%02d%02d%03d", day, month, yy, individual);
        int[] d = new int[11];
        for (int i = 0; i < 9; i++) {
            d[i] = nine.charAt(i) - '0';
        }
        int s1 = 0;
        for (int i = 0; i < 9; i++) {
            s1 += WEIGHTS_1[i] * d[i];
        }
        int k1 = 11 - s1 % 11;
        if (k1 == 11) {
            k1 = 0;
        }
        if (k1 == 10) {
            return Optional.empty();
        }
        d[9] = k1;
        int s2 = 0;
        for (int i = 0; i < 10; i++) {
            s2 += WEIGHTS_2[i] * d[i];
        }
        int k2 = 11 - s2 % 11;
        if (k2 == 11) {
            k2 = 0;
        }
        if (k2 == 10) {
            return Optional.empty();
        }
        return Optional.of(parse(nine + k1 + k2, true));
    }

    /** The whole number. Never log it. */
    public String value() {
        return value;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isSynthetic() {
        return synthetic;
    }

    public LocalDate birthDate() {
        return birthDate;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NationalId other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    /** A masked form: never the whole number. */
    @Override
    public String toString() {
        return "NationalId[*******" + value.substring(7) + "]";
    }
}
