package no.ranselpost.registry.api;

import java.time.OffsetDateTime;

/**
 * A person's e-mail and mobile from the contact register (KRR), with the reservation against
 * digital contact and when each was last updated or confirmed.
 *
 * @param key a key that names the record in reports; never a national id
 */
public record ContactRecord(String key, String nationalId, String email, OffsetDateTime emailConfirmedAt, String mobile,
                            OffsetDateTime mobileConfirmedAt, boolean reserved) implements java.io.Serializable {
}
