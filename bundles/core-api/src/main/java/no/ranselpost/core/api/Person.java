package no.ranselpost.core.api;

import java.time.LocalDate;

/** A person known from the registries. The national id is never part of this view. */
public record Person(long id, String givenName, String familyName, LocalDate birthDate,
                     AddressProtection addressProtection, boolean deceased) {
}
