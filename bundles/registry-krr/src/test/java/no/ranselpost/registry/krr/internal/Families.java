package no.ranselpost.registry.krr.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.registry.api.ChildRecord;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.PersonRecord;
import no.ranselpost.registry.api.RegistrySource;
import no.ranselpost.registry.api.ResponsibilityRecord;

/** A population register in memory for the tests: families of a child and its two guardians (joint custody), synthetic numbers. */
final class Families implements RegistrySource {

    final List<ChildRecord> children = new ArrayList<>();
    final List<String> guardians = new ArrayList<>();
    private int adultSeq;
    private int childSeq;

    /** Adds n families; returns the guardians' national ids of these families. */
    List<String> add(int n) {
        List<String> added = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PersonRecord child = person(nextId(LocalDate.of(2019, 1, 1), 500, ++childSeq), "Barn" + childSeq);
            PersonRecord mor = person(nextId(LocalDate.of(1985, 1, 1), 0, ++adultSeq), "Mor" + adultSeq);
            PersonRecord far = person(nextId(LocalDate.of(1985, 1, 1), 0, ++adultSeq), "Far" + adultSeq);
            children.add(new ChildRecord("family " + children.size(), child, List.of(
                    new ResponsibilityRecord(mor.nationalId(), ParentalResponsibility.FELLES, GuardianRelation.MOR, true, null),
                    new ResponsibilityRecord(far.nationalId(), ParentalResponsibility.FELLES, GuardianRelation.FAR, true, null)),
                    List.of(mor, far), List.of()));
            added.add(mor.nationalId());
            added.add(far.nationalId());
        }
        guardians.addAll(added);
        return added;
    }

    private static PersonRecord person(String id, String given) {
        return new PersonRecord(id, List.of(), given, "Testesen", NationalId.parse(id, true).birthDate(), AddressProtection.NONE, null, null);
    }

    /** The seq-th valid synthetic number from this date on (individual numbers from base, 499 a day). */
    static String nextId(LocalDate from, int base, int seq) {
        int found = 0;
        for (int day = 0; ; day++) {
            LocalDate d = from.plusDays(day);
            for (int individual = base; individual < base + 500; individual++) {
                Optional<NationalId> id = NationalId.compose(d, individual, NationalId.Kind.FODSELSNUMMER, true);
                if (id.isPresent() && ++found == seq) {
                    return id.get().value();
                }
            }
        }
    }

    @Override
    public String sourceId() {
        return "freg";
    }

    @Override
    public boolean fullSnapshot() {
        return false;
    }

    @Override
    public void pull(ImportSink sink, StateView state) {
        int from = state.get("position").map(Integer::parseInt).orElse(0);
        for (int i = from; i < children.size(); i++) {
            sink.child(children.get(i));
        }
        sink.state("position", Integer.toString(children.size()));
    }
}
