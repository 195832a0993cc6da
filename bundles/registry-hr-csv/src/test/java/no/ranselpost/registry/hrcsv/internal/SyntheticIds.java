package no.ranselpost.registry.hrcsv.internal;

import java.time.LocalDate;

/** Synthetic national identity numbers (month + 80, FORMATS.md), distinct for every n below 36500. */
public final class SyntheticIds {

    private static final int[] W1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    private static final int[] W2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

    private SyntheticIds() {
    }

    /** The n-th synthetic number, born n days after 2010-01-01. */
    public static String id(int n) {
        LocalDate birth = LocalDate.of(2010, 1, 1).plusDays(n);
        String base = String.format("%02d%02d%02d", birth.getDayOfMonth(), birth.getMonthValue() + 80, birth.getYear() % 100);
        for (int individual = 500; individual < 1000; individual++) {
            String nine = base + individual;
            int k1 = check(nine, W1);
            if (k1 < 0) {
                continue;
            }
            int k2 = check(nine + k1, W2);
            if (k2 >= 0) {
                return nine + k1 + k2;
            }
        }
        throw new IllegalStateException("no synthetic number for " + n);
    }

    private static int check(String digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i] * (digits.charAt(i) - '0');
        }
        int k = 11 - sum % 11;
        return k == 11 ? 0 : k == 10 ? -1 : k;
    }
}
