package no.ranselpost.registry.api;

import java.time.LocalDate;
import java.util.List;

import no.ranselpost.core.api.AddressProtection;

/**
 * A person as the registry describes them now (current entries only). With strengt fortrolig
 * the registry gives no address, and none is stored.
 *
 * @param formerNationalIds identity numbers this person had before (status opphoert): the person keeps their history
 */
public record PersonRecord(String nationalId, List<String> formerNationalIds, String givenName, String familyName, LocalDate birthDate,
                           AddressProtection protection, AddressRecord address, PersonStatus status) implements java.io.Serializable {

    public PersonRecord {
        formerNationalIds = formerNationalIds == null ? List.of() : List.copyOf(formerNationalIds);
        protection = protection == null ? AddressProtection.NONE : protection;
        status = status == null ? PersonStatus.RESIDENT : status;
    }
}
