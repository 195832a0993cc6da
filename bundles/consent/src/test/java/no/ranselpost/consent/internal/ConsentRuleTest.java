package no.ranselpost.consent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import no.ranselpost.persistence.entity.ConsentAnswerEntity;
import no.ranselpost.persistence.entity.PersonEntity;

/** When a consent holds: the pupil's own answer first, then every custodian's (or, with the setting off, one and no "no"). */
class ConsentRuleTest {

    private final JpaConsentService service = new JpaConsentService(null, null, null, null);

    private static PersonEntity person(long id) {
        PersonEntity p = new PersonEntity();
        try {
            var f = PersonEntity.class.getDeclaredField("id");
            f.setAccessible(true);
            f.setLong(p, id);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    private static ConsentAnswerEntity custodian(long person, boolean given) {
        ConsentAnswerEntity a = new ConsentAnswerEntity();
        a.setGuardian(person(person));
        a.setGiven(given);
        return a;
    }

    private static ConsentAnswerEntity pupil(boolean given) {
        ConsentAnswerEntity a = new ConsentAnswerEntity();
        a.setByPupil(true);
        a.setGiven(given);
        a.setReasonCode("pupil-in-person");
        return a;
    }

    @Test
    void everyCustodianMustSayYesByDefault() {
        assertFalse(service.holds(List.of(), Set.of(1L, 2L)), "nobody answered");
        assertFalse(service.holds(List.of(custodian(1, true)), Set.of(1L, 2L)), "one of two");
        assertTrue(service.holds(List.of(custodian(1, true), custodian(2, true)), Set.of(1L, 2L)));
        assertFalse(service.holds(List.of(custodian(1, true), custodian(2, false)), Set.of(1L, 2L)), "one custodian's no");
        assertFalse(service.holds(List.of(custodian(1, true)), Set.of()), "no custodian: nobody can consent");
        assertFalse(service.holds(List.of(custodian(3, true), custodian(1, true)), Set.of(1L, 2L)), "a former custodian's yes does not count");
    }

    @Test
    void withTheSettingOffOneYesIsEnoughWhileNobodySaysNo() {
        service.setFromAllCustodians(false);
        assertTrue(service.holds(List.of(custodian(1, true)), Set.of(1L, 2L)));
        assertFalse(service.holds(List.of(custodian(1, true), custodian(2, false)), Set.of(1L, 2L)));
        assertFalse(service.holds(List.of(), Set.of(1L, 2L)));
    }

    @Test
    void thePupilsOwnAnswerOutweighsTheCustodians() {
        assertFalse(service.holds(List.of(custodian(1, true), custodian(2, true), pupil(false)), Set.of(1L, 2L)));
        assertTrue(service.holds(List.of(custodian(1, false), pupil(true)), Set.of(1L, 2L)));
    }

    @Test
    void aSchoolYearStartsOnTheFirstOfAugust() {
        assertEquals(2026, JpaConsentService.schoolYearOf(LocalDate.of(2026, 8, 1)));
        assertEquals(2025, JpaConsentService.schoolYearOf(LocalDate.of(2026, 7, 31)));
        assertEquals(2026, JpaConsentService.schoolYearOf(LocalDate.of(2026, 12, 2)));
    }
}
