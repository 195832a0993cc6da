package no.ranselpost.consent.api;

import java.time.LocalDate;

/**
 * A consent a kommune asks for: its code, its use ({@link ConsentUse}), the school year it is
 * asked for (from 1 August of {@code schoolYear} to 31 July the year after) and its text.
 */
public record ConsentKind(long id, String code, String use, int schoolYear, LocalDate validFrom, LocalDate validTo,
                          String textNb, String textNn, String textEn) {
}
