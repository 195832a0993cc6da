package no.ranselpost.registry.imports.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.OrgNumber;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.registry.api.AddressRecord;
import no.ranselpost.registry.api.ChildRecord;
import no.ranselpost.registry.api.EnrolmentRecord;
import no.ranselpost.registry.api.PersonRecord;
import no.ranselpost.registry.api.PersonStatus;
import no.ranselpost.registry.api.ResponsibilityRecord;
import no.ranselpost.registry.api.WardshipRecord;

/** Builds registry records with synthetic national ids for the import rules' tests. */
final class Scenario {

    static final String KG = org(91000000);
    static final String SCHOOL = org(91000010);
    private static int individual = 500;
    private static int adultIndividual = 100;
    private static int line;

    private Scenario() {
    }

    static String org(int base) {
        for (int n = base;; n++) {
            String org = OrgNumber.withCheckDigit(Integer.toString(n));
            if (org != null) {
                return org;
            }
        }
    }

    static String childId(LocalDate birth) {
        while (true) {
            var id = NationalId.compose(birth, individual++, NationalId.Kind.FODSELSNUMMER, true);
            if (id.isPresent()) {
                return id.get().value();
            }
        }
    }

    static String adultId(LocalDate birth, NationalId.Kind kind) {
        while (true) {
            var id = NationalId.compose(birth, adultIndividual++, kind, true);
            if (id.isPresent()) {
                return id.get().value();
            }
        }
    }

    static PersonRecord child(String id, String given) {
        return new PersonRecord(id, List.of(), given, "Testesen", NationalId.parse(id, true).birthDate(), AddressProtection.NONE,
                new AddressRecord("Demoveien 1", "5003", "Ranselvik"), PersonStatus.RESIDENT);
    }

    static PersonRecord adult(String id, String given) {
        return new PersonRecord(id, List.of(), given, "Testesen", NationalId.parse(id, true).birthDate(), AddressProtection.NONE,
                new AddressRecord("Demoveien 1", "5003", "Ranselvik"), PersonStatus.RESIDENT);
    }

    static PersonRecord with(PersonRecord p, AddressProtection protection, AddressRecord address) {
        return new PersonRecord(p.nationalId(), p.formerNationalIds(), p.givenName(), p.familyName(), p.birthDate(), protection, address,
                p.status());
    }

    static PersonRecord with(PersonRecord p, PersonStatus status) {
        return new PersonRecord(p.nationalId(), p.formerNationalIds(), p.givenName(), p.familyName(), p.birthDate(), p.protection(),
                p.address(), status);
    }

    static ResponsibilityRecord holder(PersonRecord adult, ParentalResponsibility r, GuardianRelation relation) {
        return new ResponsibilityRecord(adult.nationalId(), r, relation, true, LocalDate.of(2020, 1, 1));
    }

    static ResponsibilityRecord history(PersonRecord adult, ParentalResponsibility r, GuardianRelation relation) {
        return new ResponsibilityRecord(adult.nationalId(), r, relation, false, LocalDate.of(2015, 1, 1));
    }

    static ChildRecord record(PersonRecord child, List<ResponsibilityRecord> holders, List<PersonRecord> adults) {
        return new ChildRecord("line " + (++line), child, holders, adults, List.of());
    }

    static ChildRecord record(PersonRecord child, List<ResponsibilityRecord> holders, List<PersonRecord> adults,
                              List<WardshipRecord> wardships) {
        return new ChildRecord("line " + (++line), child, holders, adults, wardships);
    }

    static EnrolmentRecord enrolment(String childId, String org, UnitType type, String group, LocalDate start, LocalDate end) {
        return new EnrolmentRecord("row " + (++line), childId, org, type, type == UnitType.KINDERGARTEN ? "Test barnehage" : "Test skole",
                group, group, type == UnitType.KINDERGARTEN ? GroupType.DEPARTMENT : GroupType.CLASS, start, end);
    }

    static List<EnrolmentRecord> list(EnrolmentRecord... e) {
        return new ArrayList<>(List.of(e));
    }
}
