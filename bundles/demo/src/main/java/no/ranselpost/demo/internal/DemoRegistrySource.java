package no.ranselpost.demo.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.registry.api.AddressRecord;
import no.ranselpost.registry.api.ChildRecord;
import no.ranselpost.registry.api.EnrolmentRecord;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.PersonRecord;
import no.ranselpost.registry.api.PersonStatus;
import no.ranselpost.registry.api.RegistrySource;
import no.ranselpost.registry.api.ResponsibilityRecord;
import no.ranselpost.registry.api.WardshipRecord;

/**
 * A synthetic registry for the demo: source {@code demo-registry}, registered only while the
 * demo is enabled. It gives a small kommune's families (D-numbers, so no number is shared
 * with the loaded demo kommune), enrolled in the demo units, and every edge case the import
 * rules know: a custody change, a parent without responsibility, fortrolig, klientadresse and
 * strengt fortrolig (with an address the rules must drop), twins, siblings in different units,
 * a death, a replaced identity number, a verge, a history entry, ansvar ukjent, and one record
 * with an invalid number (rejected with its reason).
 */
@Component(configurationPid = "no.ranselpost.demo", immediate = true)
public class DemoRegistrySource implements RegistrySource {

    public static final String SOURCE_ID = "demo-registry";
    private static final LocalDate TODAY = DemoKommune.REFERENCE_DAY;

    private ServiceRegistration<RegistrySource> registration;
    private long seed;
    private int children;

    @Activate
    void activate(BundleContext context, DemoSettings settings) {
        if (!settings.enabled()) {
            return;
        }
        seed = settings.seed();
        children = settings.children();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(RegistrySource.SOURCE_ID, SOURCE_ID);
        registration = context.registerService(RegistrySource.class, this, props);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }

    @Override
    public String sourceId() {
        return SOURCE_ID;
    }

    @Override
    public boolean fullSnapshot() {
        return false;
    }

    @Override
    public void pull(ImportSink sink, StateView state) {
        Records r = records(seed, children);
        r.children.forEach(sink::child);
        r.enrolments.forEach(sink::enrolment);
    }

    /** What the source gives: the same every time. */
    static final class Records {
        final List<ChildRecord> children = new ArrayList<>();
        final List<EnrolmentRecord> enrolments = new ArrayList<>();
    }

    static Records records(long seed, int kommuneChildren) {
        // the units come from the demo kommune of the same seed and size (same org numbers); the people are new
        DemoKommune units = DemoKommune.generate(seed, kommuneChildren);
        DemoKommune people = DemoKommune.generate(seed + 1, 40, NationalId.Kind.D_NUMBER);
        Records out = new Records();
        Map<Integer, PersonRecord> adults = new HashMap<>();
        for (int i = 0; i < people.adults.size(); i++) {
            adults.put(i, person(people.adults.get(i)));
        }
        for (int c = 0; c < people.children.size(); c++) {
            List<ResponsibilityRecord> holders = new ArrayList<>();
            List<PersonRecord> named = new ArrayList<>();
            for (DemoKommune.LinkSpec l : people.links) {
                if (l.childIndex() == c) {
                    PersonRecord a = adults.get(l.adultIndex());
                    holders.add(new ResponsibilityRecord(a.nationalId(), l.responsibility(), l.relation(), true,
                            people.children.get(c).birthDate()));
                    named.add(a);
                }
            }
            out.children.add(new ChildRecord("demo#" + c, person(people.children.get(c)), holders, named, List.of()));
        }
        // enrolled in the demo units: same unit keys, same group codes
        int row = 0;
        for (DemoKommune.EnrolmentSpec e : people.enrolments) {
            DemoKommune.UnitSpec unit = units.units.stream().filter(u -> u.key().equals(e.unitKey())).findFirst().orElseThrow();
            DemoKommune.GroupSpec group = unit.groups().stream().filter(g -> g.code().equals(e.groupCode())).findFirst().orElseThrow();
            out.enrolments.add(new EnrolmentRecord("demo-enrolment#" + (++row), people.children.get(e.childIndex()).nationalId(),
                    unit.orgNumber(), unit.type(), unit.name(), group.code(), group.name(), group.type(), e.startDate(), null));
        }
        edgeCases(people, units, out, row);
        return out;
    }

    private static PersonRecord person(DemoKommune.PersonSpec p) {
        return new PersonRecord(p.nationalId(), List.of(), p.givenName(), p.familyName(), p.birthDate(), p.protection(),
                p.street() == null ? null : new AddressRecord(p.street(), p.postalCode(), p.postalPlace()), PersonStatus.RESIDENT);
    }

    private static PersonRecord adult(DemoKommune k, String given, int born, AddressProtection protection, AddressRecord address) {
        return new PersonRecord(k.newId(LocalDate.of(born, 3, 14)), List.of(), given, "Kanttilfelle", LocalDate.of(born, 3, 14), protection,
                address, PersonStatus.RESIDENT);
    }

    private static PersonRecord kid(DemoKommune k, String given, LocalDate born, AddressProtection protection, AddressRecord address) {
        return new PersonRecord(k.newId(born), List.of(), given, "Kanttilfelle", born, protection, address, PersonStatus.RESIDENT);
    }

    private static ResponsibilityRecord holds(PersonRecord adult, ParentalResponsibility r, GuardianRelation rel) {
        return new ResponsibilityRecord(adult.nationalId(), r, rel, true, TODAY.minusYears(3));
    }

    private static void edgeCases(DemoKommune k, DemoKommune units, Records out, int row) {
        AddressRecord home = new AddressRecord("Kantvegen 1", "5010", "Ranselvik");
        DemoKommune.UnitSpec kg = units.units.get(0);
        DemoKommune.UnitSpec school = units.units.stream().filter(u -> u.type() == no.ranselpost.core.api.UnitType.SCHOOL).findFirst().orElseThrow();
        int n = 0;
        List<ChildRecord> c = out.children;

        // custody change: the mother held joint custody (history entry), now the father alone
        PersonRecord mor1 = adult(k, "Kari", 1985, AddressProtection.NONE, home);
        PersonRecord far1 = adult(k, "Knut", 1984, AddressProtection.NONE, home);
        PersonRecord barn1 = kid(k, "Kasper", LocalDate.of(2021, 4, 1), AddressProtection.NONE, home);
        c.add(new ChildRecord("edge#" + (++n), barn1, List.of(
                new ResponsibilityRecord(mor1.nationalId(), ParentalResponsibility.FELLES, GuardianRelation.MOR, false, TODAY.minusYears(4)),
                holds(far1, ParentalResponsibility.FAR, GuardianRelation.FAR)), List.of(mor1, far1), List.of()));

        // a parent without responsibility: named by the family relation, no foreldreansvar entry
        PersonRecord mor2 = adult(k, "Line", 1990, AddressProtection.NONE, home);
        PersonRecord far2 = adult(k, "Lars", 1989, AddressProtection.NONE, new AddressRecord("Annen gate 3", "5011", "Ranselvik"));
        PersonRecord barn2 = kid(k, "Lea", LocalDate.of(2022, 5, 2), AddressProtection.NONE, home);
        c.add(new ChildRecord("edge#" + (++n), barn2, List.of(holds(mor2, ParentalResponsibility.MOR, GuardianRelation.MOR)),
                List.of(mor2, far2), List.of()));

        // fortrolig, klientadresse, strengt fortrolig (this source even sends an address: it must not be stored)
        for (AddressProtection p : List.of(AddressProtection.CONFIDENTIAL, AddressProtection.CLIENT_ADDRESS,
                AddressProtection.STRICTLY_CONFIDENTIAL)) {
            AddressRecord secret = new AddressRecord("Skjermet vei " + p.ordinal(), "5012", "Ranselvik");
            PersonRecord m = adult(k, "Mona", 1986, p, secret);
            PersonRecord b = kid(k, "Mia", LocalDate.of(2020, 6, 3 + p.ordinal()), p, secret);
            c.add(new ChildRecord("edge#" + (++n), b, List.of(holds(m, ParentalResponsibility.MOR, GuardianRelation.MOR)), List.of(m),
                    List.of()));
        }

        // twins, at the kindergarten and (the older sibling) at the school: siblings in different units
        PersonRecord mor3 = adult(k, "Nina", 1983, AddressProtection.NONE, home);
        PersonRecord far3 = adult(k, "Nils", 1982, AddressProtection.NONE, home);
        LocalDate twinsBorn = LocalDate.of(2021, 8, 8);
        List<PersonRecord> siblings = List.of(kid(k, "Ola", twinsBorn, AddressProtection.NONE, home),
                kid(k, "Ole", twinsBorn, AddressProtection.NONE, home), kid(k, "Oda", LocalDate.of(2016, 2, 9), AddressProtection.NONE, home));
        for (PersonRecord b : siblings) {
            c.add(new ChildRecord("edge#" + (++n), b, List.of(holds(mor3, ParentalResponsibility.FELLES, GuardianRelation.MOR),
                    holds(far3, ParentalResponsibility.FELLES, GuardianRelation.FAR)), List.of(mor3, far3), List.of()));
        }
        out.enrolments.add(enrol(++row, siblings.get(0), kg, 0));
        out.enrolments.add(enrol(++row, siblings.get(1), kg, 0));
        out.enrolments.add(enrol(++row, siblings.get(2), school, 3));

        // a death: the father has died; his link ends, the mother's stays
        PersonRecord mor4 = adult(k, "Petra", 1980, AddressProtection.NONE, home);
        PersonRecord far4 = new PersonRecord(k.newId(LocalDate.of(1979, 1, 1)), List.of(), "Per", "Kanttilfelle", LocalDate.of(1979, 1, 1),
                AddressProtection.NONE, null, PersonStatus.DECEASED);
        PersonRecord barn4 = kid(k, "Pia", LocalDate.of(2019, 7, 7), AddressProtection.NONE, home);
        c.add(new ChildRecord("edge#" + (++n), barn4, List.of(holds(mor4, ParentalResponsibility.FELLES, GuardianRelation.MOR),
                holds(far4, ParentalResponsibility.FELLES, GuardianRelation.FAR)), List.of(mor4, far4), List.of()));

        // a replaced identity number: the mother's old number has ceased (opphoert)
        String old = k.newId(LocalDate.of(1988, 2, 2));
        PersonRecord mor5 = new PersonRecord(k.newId(LocalDate.of(1988, 2, 2)), List.of(old), "Rita", "Kanttilfelle", LocalDate.of(1988, 2, 2),
                AddressProtection.NONE, home, PersonStatus.RESIDENT);
        PersonRecord barn5 = kid(k, "Rune", LocalDate.of(2020, 2, 2), AddressProtection.NONE, home);
        c.add(new ChildRecord("edge#" + (++n), barn5, List.of(holds(mor5, ParentalResponsibility.MOR, GuardianRelation.MOR)), List.of(mor5),
                List.of()));

        // a verge (recorded, no access) and an ansvar ukjent entry (grants nothing)
        PersonRecord verge = adult(k, "Vera", 1960, AddressProtection.NONE, home);
        PersonRecord ukjent = adult(k, "Ulf", 1975, AddressProtection.NONE, home);
        PersonRecord mor6 = adult(k, "Siri", 1987, AddressProtection.NONE, home);
        PersonRecord barn6 = kid(k, "Sol", LocalDate.of(2018, 11, 11), AddressProtection.NONE, home);
        c.add(new ChildRecord("edge#" + (++n), barn6, List.of(holds(mor6, ParentalResponsibility.MOR, GuardianRelation.MOR),
                holds(ukjent, ParentalResponsibility.UKJENT, GuardianRelation.OTHER)), List.of(mor6, verge, ukjent),
                List.of(new WardshipRecord(verge.nationalId(), true))));

        // a record with an invalid number: rejected with its reason, the rest go on
        PersonRecord broken = new PersonRecord("12345678901", List.of(), "Feil", "Nummer", LocalDate.of(2019, 1, 1), AddressProtection.NONE,
                home, PersonStatus.RESIDENT);
        c.add(new ChildRecord("edge#" + (++n), broken, List.of(), List.of(), List.of()));
    }

    private static EnrolmentRecord enrol(int row, PersonRecord child, DemoKommune.UnitSpec unit, int group) {
        DemoKommune.GroupSpec g = unit.groups().get(group);
        return new EnrolmentRecord("demo-enrolment#" + row, child.nationalId(), unit.orgNumber(), unit.type(), unit.name(), g.code(), g.name(),
                g.type(), TODAY, null);
    }
}
