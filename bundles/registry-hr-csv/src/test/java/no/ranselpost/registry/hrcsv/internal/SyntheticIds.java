package no.ranselpost.registry.hrcsv.internal;

import java.time.LocalDate;
import java.util.Optional;
import java.util.stream.IntStream;

import no.ranselpost.core.api.NationalId;

/** Synthetic national identity numbers (month + 80, FORMATS.md), distinct for every n below 36500. */
public final class SyntheticIds {

    private SyntheticIds() {
    }

    /** The n-th synthetic number, born n days after 2010-01-01. */
    public static String id(int n) {
        LocalDate birth = LocalDate.of(2010, 1, 1).plusDays(n);
        return IntStream.range(500, 1000)
                .mapToObj(individual -> NationalId.compose(birth, individual, NationalId.Kind.FODSELSNUMMER, true))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no synthetic number for " + n))
                .value();
    }
}
