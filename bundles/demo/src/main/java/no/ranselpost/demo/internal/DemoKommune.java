package no.ranselpost.demo.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.OrgNumber;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.UnitType;

/**
 * A deterministic synthetic kommune: the same seed and size give the same kommune, down to the
 * (synthetic, month + 80) national ids. Nothing here is a real person.
 */
public final class DemoKommune {

    public record UnitSpec(String key, String orgNumber, UnitType type, String name, List<GroupSpec> groups) {
    }

    public record GroupSpec(String code, String name, GroupType type) {
    }

    public record PersonSpec(String nationalId, String givenName, String familyName, LocalDate birthDate,
                             AddressProtection protection, String street, String postalCode, String postalPlace,
                             String email, String mobile) {
    }

    public record LinkSpec(int childIndex, int adultIndex, GuardianRelation relation, ParentalResponsibility responsibility,
                           boolean accountActive) {
    }

    public record EnrolmentSpec(int childIndex, String unitKey, String groupCode, LocalDate startDate) {
    }

    /** The reference day all ages count from, so the kommune does not change with the calendar. */
    public static final LocalDate REFERENCE_DAY = LocalDate.of(2026, 8, 15);

    private static final String[] GIVEN_GIRLS = {"Emma", "Nora", "Sofie", "Ella", "Olivia", "Ingrid", "Sara", "Maja", "Leah", "Frida",
            "Amalie", "Hedda", "Tiril", "Selma", "Astrid", "Aurora", "Iben", "Live", "Mathilde", "Vilde"};
    private static final String[] GIVEN_BOYS = {"Jakob", "Noah", "Emil", "Lucas", "Oskar", "Filip", "Aksel", "Isak", "Henrik", "Olav",
            "Magnus", "Johannes", "Tobias", "Sander", "William", "Ludvig", "Elias", "Theodor", "Even", "Sindre"};
    private static final String[] FAMILY = {"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
            "Jensen", "Karlsen", "Berg", "Haugen", "Hagen", "Eriksen", "Bakke", "Dahl", "Lie", "Solberg", "Strand", "Moen"};
    private static final String[] DEPARTMENTS = {"Blåklokka", "Solsikken", "Løvetann", "Marihøna", "Humla", "Ekornet", "Reven", "Bjørnen"};
    private static final String[] STREETS = {"Demoveien", "Testgata", "Eksempelbakken", "Prøvestien", "Fiktivvegen"};

    public final List<UnitSpec> units = new ArrayList<>();
    public final List<PersonSpec> children = new ArrayList<>();
    public final List<PersonSpec> adults = new ArrayList<>();
    public final List<LinkSpec> links = new ArrayList<>();
    public final List<EnrolmentSpec> enrolments = new ArrayList<>();
    /** Index into {@link #children} of the child with strengt fortrolig address. */
    public int strictlyConfidentialChild = -1;
    /** Index into {@link #children} of a child with fortrolig address (kode 7; the address is stored). */
    public int confidentialChild = -1;
    /**
     * Index into {@link #adults} of the guardian who gets a local demo account (until
     * ID-porten): joint custody of a child in the first kindergarten's first department, active.
     */
    public int demoGuardian = -1;
    /** That guardian's child in the first kindergarten's first department. */
    public int demoGuardianChild = -1;

    private final Random random;
    private final Set<String> usedIds = new HashSet<>();
    private int nextIndividual;
    private int nextOrgBase = 91000000;

    private final NationalId.Kind idKind;

    private DemoKommune(long seed, NationalId.Kind idKind) {
        this.idKind = idKind;
        this.random = new Random(seed);
    }

    /** About {@code childCount} children (families may round it up by one or two). */
    public static DemoKommune generate(long seed, int childCount) {
        return generate(seed, childCount, NationalId.Kind.FODSELSNUMMER);
    }

    /** With D-numbers, the people never share a number with a kommune generated with fødselsnummer. */
    public static DemoKommune generate(long seed, int childCount, NationalId.Kind idKind) {
        if (childCount < 10) {
            throw new IllegalArgumentException("A demo kommune has at least 10 children");
        }
        DemoKommune k = new DemoKommune(seed, idKind);
        k.build(childCount);
        return k;
    }

    private void build(int childCount) {
        int kindergartens = Math.max(2, childCount / 150);
        int schools = Math.max(2, childCount / 300);
        for (int i = 1; i <= kindergartens; i++) {
            List<GroupSpec> groups = new ArrayList<>();
            for (int g = 0; g < 4; g++) {
                groups.add(new GroupSpec("AVD" + (g + 1), DEPARTMENTS[(i + g) % DEPARTMENTS.length], GroupType.DEPARTMENT));
            }
            units.add(new UnitSpec("kg" + i, nextOrg(), UnitType.KINDERGARTEN, "Demo barnehage " + i, groups));
        }
        for (int i = 1; i <= schools; i++) {
            List<GroupSpec> classes = new ArrayList<>();
            for (int grade = 1; grade <= 7; grade++) {
                classes.add(new GroupSpec(grade + "A", grade + ". klasse A", GroupType.CLASS));
            }
            String schoolOrg = nextOrg();
            units.add(new UnitSpec("school" + i, schoolOrg, UnitType.SCHOOL, "Demo skole " + i, classes));
            // an SFO shares its school's org number; the unit key is org number + type
            units.add(new UnitSpec("sfo" + i, schoolOrg, UnitType.SFO, "Demo skole " + i + " SFO",
                    List.of(new GroupSpec("SFO12", "SFO 1.-2. trinn", GroupType.BASE_GROUP),
                            new GroupSpec("SFO34", "SFO 3.-4. trinn", GroupType.BASE_GROUP))));
        }

        while (children.size() < childCount) {
            family(kindergartens, schools);
        }
        // one family with a child in the first kindergarten's first department lives at a strengt
        // fortrolig address (no address stored), the next one at a fortrolig address
        chooseDemoGuardian();
        java.util.Set<Integer> demoFamily = new java.util.HashSet<>();
        links.stream().filter(l -> l.adultIndex() == demoGuardian).forEach(l -> demoFamily.add(l.childIndex()));
        links.stream().filter(l -> demoFamily.contains(l.childIndex()))
                .forEach(l -> links.stream().filter(x -> x.adultIndex() == l.adultIndex()).forEach(x -> demoFamily.add(x.childIndex())));
        List<Integer> candidates = new ArrayList<>(enrolments.stream()
                .filter(e -> e.unitKey().equals("kg1") && e.groupCode().equals("AVD1")).map(EnrolmentSpec::childIndex)
                .filter(c -> !demoFamily.contains(c)).toList());
        // fall back to anyone outside the demo guardian's family in a small kommune
        enrolments.stream().map(EnrolmentSpec::childIndex).filter(c -> !demoFamily.contains(c)).forEach(candidates::add);
        strictlyConfidentialChild = candidates.get(0);
        protectFamily(strictlyConfidentialChild, AddressProtection.STRICTLY_CONFIDENTIAL);
        for (int c : candidates) {
            if (children.get(c).protection() == AddressProtection.NONE) {
                confidentialChild = c;
                protectFamily(c, AddressProtection.CONFIDENTIAL);
                break;
            }
        }
    }

    private void chooseDemoGuardian() {
        for (EnrolmentSpec e : enrolments) {
            if (!e.unitKey().equals("kg1") || !e.groupCode().equals("AVD1")) {
                continue;
            }
            for (LinkSpec l : links) {
                if (l.childIndex() == e.childIndex() && l.responsibility() == ParentalResponsibility.FELLES) {
                    demoGuardian = l.adultIndex();
                    demoGuardianChild = e.childIndex();
                    // the demo guardian's account is active (the unit admin activated it)
                    for (int i = 0; i < links.size(); i++) {
                        LinkSpec x = links.get(i);
                        if (x.adultIndex() == demoGuardian && !x.accountActive()) {
                            links.set(i, new LinkSpec(x.childIndex(), x.adultIndex(), x.relation(), x.responsibility(), true));
                        }
                    }
                    return;
                }
            }
        }
    }

    /** The child, its guardians and their other children get the protection. */
    private void protectFamily(int child, AddressProtection protection) {
        for (LinkSpec l : links) {
            if (l.childIndex() == child) {
                protect(adults, l.adultIndex(), protection);
                for (LinkSpec sibling : links) {
                    if (sibling.adultIndex() == l.adultIndex()) {
                        protect(children, sibling.childIndex(), protection);
                    }
                }
            }
        }
        protect(children, child, protection);
    }

    private static void protect(List<PersonSpec> people, int index, AddressProtection protection) {
        PersonSpec p = people.get(index);
        boolean keep = protection.addressMayBeStored();
        people.set(index, new PersonSpec(p.nationalId(), p.givenName(), p.familyName(), p.birthDate(), protection,
                keep ? p.street() : null, keep ? p.postalCode() : null, keep ? p.postalPlace() : null, p.email(), p.mobile()));
    }

    private void family(int kindergartens, int schools) {
        String family = FAMILY[random.nextInt(FAMILY.length)];
        String street = STREETS[random.nextInt(STREETS.length)] + " " + (1 + random.nextInt(120));
        String postal = String.format("%04d", 5000 + random.nextInt(200));
        String place = "Ranselvik";

        int mother = addAdult(true, family, street, postal, place);
        int father = addAdult(false, random.nextInt(4) == 0 ? FAMILY[random.nextInt(FAMILY.length)] : family, street, postal, place);
        // 75 % joint custody; otherwise one parent holds it alone (the other gets no link)
        int custody = random.nextInt(100);
        int kids = 1 + random.nextInt(3);
        for (int k = 0; k < kids; k++) {
            int age = 1 + random.nextInt(12);
            LocalDate birth = REFERENCE_DAY.minusYears(age).minusDays(random.nextInt(365));
            boolean girl = random.nextBoolean();
            int child = addPerson(children, birth, girl ? GIVEN_GIRLS : GIVEN_BOYS, family, AddressProtection.NONE, street, postal, place,
                    false);
            if (custody < 75) {
                links.add(new LinkSpec(child, mother, GuardianRelation.MOR, ParentalResponsibility.FELLES, random.nextInt(10) > 0));
                links.add(new LinkSpec(child, father, GuardianRelation.FAR, ParentalResponsibility.FELLES, random.nextInt(10) > 0));
            } else if (custody < 92) {
                links.add(new LinkSpec(child, mother, GuardianRelation.MOR, ParentalResponsibility.MOR, true));
            } else {
                links.add(new LinkSpec(child, father, GuardianRelation.FAR, ParentalResponsibility.FAR, true));
            }
            enrol(child, age, kindergartens, schools);
        }
    }

    private void enrol(int child, int age, int kindergartens, int schools) {
        LocalDate start = REFERENCE_DAY;
        if (age <= 5) {
            String unit = "kg" + (1 + random.nextInt(kindergartens));
            enrolments.add(new EnrolmentSpec(child, unit, "AVD" + (1 + random.nextInt(4)), start));
            return;
        }
        int grade = Math.min(7, age - 5);
        int school = 1 + random.nextInt(schools);
        enrolments.add(new EnrolmentSpec(child, "school" + school, grade + "A", start));
        if (grade <= 4 && random.nextInt(3) > 0) {
            enrolments.add(new EnrolmentSpec(child, "sfo" + school, grade <= 2 ? "SFO12" : "SFO34", start));
        }
    }

    private int addAdult(boolean woman, String family, String street, String postal, String place) {
        LocalDate birth = REFERENCE_DAY.minusYears(28 + random.nextInt(18)).minusDays(random.nextInt(365));
        return addPerson(adults, birth, woman ? GIVEN_GIRLS : GIVEN_BOYS, family, AddressProtection.NONE, street, postal, place, true);
    }

    /** A new synthetic number (for edge cases built on top of the kommune). */
    public String newId(LocalDate birth) {
        return nextId(birth);
    }

    private int addPerson(List<PersonSpec> list, LocalDate birth, String[] names, String family, AddressProtection protection,
                          String street, String postal, String place, boolean contact) {
        String given = names[random.nextInt(names.length)];
        String id = nextId(birth);
        String email = contact ? (ascii(given) + "." + ascii(family) + "." + id.substring(7) + "@example.no") : null;
        String mobile = contact ? "+47 4" + String.format("%07d", random.nextInt(10_000_000)) : null;
        list.add(new PersonSpec(id, given, family, birth, protection, street, postal, place, email, mobile));
        return list.size() - 1;
    }

    private String nextId(LocalDate birth) {
        while (true) {
            // the individual number decides the century: 500-999 for 2000-2039, 000-499 for 1900-1999
            int base = birth.getYear() >= 2000 ? 500 : 0;
            int individual = base + (nextIndividual++ % 500);
            var id = NationalId.compose(birth, individual, idKind, true);
            if (id.isPresent() && usedIds.add(id.get().value())) {
                return id.get().value();
            }
        }
    }

    private String nextOrg() {
        String org;
        while ((org = OrgNumber.withCheckDigit(Integer.toString(nextOrgBase++))) == null) {
            // eight digits without a valid check digit: take the next
        }
        return org;
    }

    private static String ascii(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replace("ø", "o").replace("å", "a").replace("æ", "ae");
    }
}
