package no.ranselpost.otheradults.api;

import java.time.LocalDate;

/**
 * An adult to register for one child: identified by national id (they sign in with ID-porten),
 * with the name to show staff, for a period (at most a year).
 */
public record NewRegistration(Long childId, String nationalId, String givenName, String familyName, LocalDate validFrom, LocalDate validTo) {
}
