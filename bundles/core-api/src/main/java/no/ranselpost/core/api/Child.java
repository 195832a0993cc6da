package no.ranselpost.core.api;

import java.time.LocalDate;

/** A child or pupil: a person enrolled in one or more units. */
public record Child(long personId, String givenName, String familyName, LocalDate birthDate) {
}
