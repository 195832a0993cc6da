package no.ranselpost.itests.paxexam;

import java.util.List;

import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.registry.api.ChildRecord;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.PersonRecord;
import no.ranselpost.registry.api.RegistrySource;
import no.ranselpost.registry.api.ResponsibilityRecord;

/** A population register source registered from inside the container: one family, a child and its two guardians. */
final class ItestFamily implements RegistrySource {

    private final String child;
    private final String mor;
    private final String far;

    ItestFamily(String child, String mor, String far) {
        this.child = child;
        this.mor = mor;
        this.far = far;
    }

    private static PersonRecord person(String id, String given) {
        return new PersonRecord(id, List.of(), given, "Familiesen", NationalId.parse(id, true).birthDate(), AddressProtection.NONE, null, null);
    }

    @Override
    public String sourceId() {
        return "itest-family";
    }

    @Override
    public boolean fullSnapshot() {
        return false;
    }

    @Override
    public void pull(ImportSink sink, StateView state) {
        sink.child(new ChildRecord("family 1", person(child, "Barn"), List.of(
                new ResponsibilityRecord(mor, ParentalResponsibility.FELLES, GuardianRelation.MOR, true, null),
                new ResponsibilityRecord(far, ParentalResponsibility.FELLES, GuardianRelation.FAR, true, null)),
                List.of(person(mor, "Mor"), person(far, "Far")), List.of()));
    }
}
