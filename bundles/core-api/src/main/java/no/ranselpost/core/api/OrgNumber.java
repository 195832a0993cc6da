package no.ranselpost.core.api;

/** A 9-digit organisasjonsnummer (Brønnøysund), validated with its modulus 11 check digit. */
public record OrgNumber(String value) {

    private static final int[] WEIGHTS = {3, 2, 7, 6, 5, 4, 3, 2};

    public OrgNumber {
        String reason = rejectionReason(value);
        if (reason != null) {
            throw new IllegalArgumentException("Invalid organisation number: " + reason);
        }
    }

    /** Why the value is not a valid organisation number, or null when it is. */
    public static String rejectionReason(String value) {
        if (value == null || value.length() != 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "must be 9 digits";
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += WEIGHTS[i] * (value.charAt(i) - '0');
        }
        int check = 11 - sum % 11;
        if (check == 11) {
            check = 0;
        }
        if (check == 10 || check != value.charAt(8) - '0') {
            return "check digit is wrong";
        }
        return null;
    }

    /** Completes eight digits with their check digit, or returns null when none exists. */
    public static String withCheckDigit(String eightDigits) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += WEIGHTS[i] * (eightDigits.charAt(i) - '0');
        }
        int check = 11 - sum % 11;
        if (check == 11) {
            check = 0;
        }
        return check == 10 ? null : eightDigits + check;
    }

    @Override
    public String toString() {
        return value;
    }
}
