package no.ranselpost.core.api;

import java.time.OffsetDateTime;
import java.util.List;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/**
 * Overrides of imported data (DESIGN.md: imported fields are locked). A system administrator
 * overrides a named field with a reason code: {@code given-name}, {@code family-name} (a pupil
 * who changes name), {@code address-protection} (raised, never lowered: protection not yet settled
 * in the register). The override survives later imports until lifted; anyone else is refused. A
 * plain edit of a field a source owns answers 409 naming the source.
 */
public interface PersonOverrides {

    String GIVEN_NAME = "given-name";
    String FAMILY_NAME = "family-name";
    String ADDRESS_PROTECTION = "address-protection";

    /** An override in force; {@code value} is the field's value while it applies (never an address). */
    record FieldOverride(long id, long personId, String field, String value, String reason, OffsetDateTime createdAt) {
    }

    FieldOverride override(AuthenticatedPrincipal principal, long personId, String field, String value, String reasonCode);

    /** Lifts the override of the field: the source's value applies again (the last it gave). */
    void lift(AuthenticatedPrincipal principal, long personId, String field);

    /** The overrides in force for a person: what shows that an override applies. */
    List<FieldOverride> overrides(AuthenticatedPrincipal principal, long personId);

    /** Edits a person's names by hand: only for a person no source describes (409 naming the source otherwise). */
    void editName(AuthenticatedPrincipal principal, long personId, String givenName, String familyName);
}
