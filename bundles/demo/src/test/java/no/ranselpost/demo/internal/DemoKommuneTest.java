package no.ranselpost.demo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.OrgNumber;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.UnitType;

class DemoKommuneTest {

    @Test
    void theSameSeedGivesTheSameKommune() {
        DemoKommune a = DemoKommune.generate(42, 300);
        DemoKommune b = DemoKommune.generate(42, 300);
        assertEquals(a.children, b.children);
        assertEquals(a.adults, b.adults);
        assertEquals(a.links, b.links);
        assertEquals(a.enrolments, b.enrolments);
        DemoKommune c = DemoKommune.generate(43, 300);
        assertTrue(!a.children.equals(c.children));
    }

    @Test
    void hasKindergartensSchoolsAndSfoWithValidOrgNumbers() {
        DemoKommune k = DemoKommune.generate(1, 300);
        Set<UnitType> types = k.units.stream().map(DemoKommune.UnitSpec::type).collect(Collectors.toSet());
        assertEquals(Set.of(UnitType.KINDERGARTEN, UnitType.SCHOOL, UnitType.SFO), types);
        k.units.forEach(u -> assertNull(OrgNumber.rejectionReason(u.orgNumber()), u.name()));
        Set<String> keys = new HashSet<>();
        k.units.forEach(u -> assertTrue(keys.add(u.orgNumber() + "/" + u.type()), "unit key is unique"));
    }

    @Test
    void everyIdIsAValidUniqueSyntheticNumber() {
        DemoKommune k = DemoKommune.generate(7, 300);
        assertTrue(k.children.size() >= 300 && k.children.size() <= 303);
        Set<String> seen = new HashSet<>();
        for (DemoKommune.PersonSpec p : concat(k.children, k.adults)) {
            NationalId id = NationalId.parse(p.nationalId(), true);
            assertTrue(id.isSynthetic());
            assertEquals(p.birthDate(), id.birthDate());
            assertTrue(seen.add(p.nationalId()));
        }
    }

    @Test
    void hasJointAndSoleCustodyAndOneStrictlyConfidentialFamilyWithoutAddress() {
        DemoKommune k = DemoKommune.generate(20261130L, 300);
        Map<ParentalResponsibility, Long> byResponsibility = k.links.stream()
                .collect(Collectors.groupingBy(DemoKommune.LinkSpec::responsibility, Collectors.counting()));
        assertTrue(byResponsibility.getOrDefault(ParentalResponsibility.FELLES, 0L) > 100);
        assertTrue(byResponsibility.getOrDefault(ParentalResponsibility.MOR, 0L) + byResponsibility.getOrDefault(ParentalResponsibility.FAR, 0L) > 5);

        DemoKommune.PersonSpec protectedChild = k.children.get(k.strictlyConfidentialChild);
        assertEquals(AddressProtection.STRICTLY_CONFIDENTIAL, protectedChild.protection());
        assertNull(protectedChild.street());
        k.links.stream().filter(l -> l.childIndex() == k.strictlyConfidentialChild).forEach(l -> {
            DemoKommune.PersonSpec adult = k.adults.get(l.adultIndex());
            assertEquals(AddressProtection.STRICTLY_CONFIDENTIAL, adult.protection());
            assertNull(adult.street());
            assertNull(adult.postalCode());
        });
        long strict = concat(k.children, k.adults).stream().filter(p -> p.protection() == AddressProtection.STRICTLY_CONFIDENTIAL).count();
        assertTrue(strict >= 2 && strict <= 6, "only the one family is strengt fortrolig: " + strict);
        DemoKommune.PersonSpec confidential = k.children.get(k.confidentialChild);
        assertEquals(AddressProtection.CONFIDENTIAL, confidential.protection());
        assertTrue(confidential.street() != null, "a fortrolig address is stored");
        assertTrue(k.demoGuardian >= 0);
        assertEquals(AddressProtection.NONE, k.adults.get(k.demoGuardian).protection());
        assertTrue(k.links.stream().filter(l -> l.adultIndex() == k.demoGuardian).allMatch(DemoKommune.LinkSpec::accountActive));
    }

    @Test
    void everyChildIsEnrolledInAGroupOfAnExistingUnit() {
        DemoKommune k = DemoKommune.generate(3, 300);
        Set<String> groups = new HashSet<>();
        k.units.forEach(u -> u.groups().forEach(g -> groups.add(u.key() + "/" + g.code())));
        Set<Integer> enrolled = new HashSet<>();
        k.enrolments.forEach(e -> {
            assertTrue(groups.contains(e.unitKey() + "/" + e.groupCode()));
            enrolled.add(e.childIndex());
        });
        assertEquals(k.children.size(), enrolled.size());
    }

    private static List<DemoKommune.PersonSpec> concat(List<DemoKommune.PersonSpec> a, List<DemoKommune.PersonSpec> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
