package no.ranselpost.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.internal.JpaChildService;
import no.ranselpost.messaging.api.NewMessage;
import no.ranselpost.messaging.api.Preflight;
import no.ranselpost.messaging.api.Recipients;
import no.ranselpost.messaging.api.ThreadSummary;
import no.ranselpost.messaging.internal.MessagingWorld.Guardian;
import no.ranselpost.otheradults.api.NewRegistration;
import no.ranselpost.otheradults.api.Registration;
import no.ranselpost.otheradults.internal.JpaOtherAdultService;
import no.ranselpost.otheradults.internal.OtherAdultAccessDeclaration;

/**
 * Other adults by the custodians' consent (issue «Other adults»), with messaging's rules for them,
 * on the real persistence unit and access policy: off by default; on, a step-father receives staff's
 * messages about the child once both custodians have consented, loses everything on the next
 * request when one withdraws, never receives a group's message, and loses access when the period
 * ends (the clock moved).
 */
class OtherAdultsMessagingTest {

    private MessagingWorld w;
    private JpaMessagingService messages;
    private JpaOtherAdultService adults;
    private long unit;
    private long group;
    private long ola;
    private Guardian mor;
    private Guardian far;
    private Guardian stepFather;
    private String stepFathersId;
    private AuthenticatedPrincipal leader;
    private AuthenticatedPrincipal unitAdmin;

    @BeforeEach
    void world() {
        w = new MessagingWorld();
        w.policy.addDeclaration(new OtherAdultAccessDeclaration(w.db.transactions()));
        messages = w.service("MESSAGE");
        adults = new JpaOtherAdultService(w.db.transactions(), w.policy, w.audit, w.clock.oslo(), () -> true);
        unit = w.unit("964338531", UnitType.KINDERGARTEN);
        group = w.group(unit, "BLA");
        ola = w.child("Ola", unit, group);
        mor = w.guardian("Mona", ola, ParentalResponsibility.FELLES, AddressProtection.NONE, unit);
        far = w.guardian("Frode", ola, ParentalResponsibility.FELLES, AddressProtection.NONE, unit);
        long kari = w.child("Kari", unit, group);
        w.guardian("Kristin", kari, ParentalResponsibility.MOR, AddressProtection.NONE, unit);
        stepFathersId = java.util.stream.IntStream.range(100, 499).mapToObj(i -> NationalId.compose(LocalDate.of(1979, 4, 12), i,
                NationalId.Kind.FODSELSNUMMER, true)).flatMap(java.util.Optional::stream).findFirst().orElseThrow().value();
        stepFather = w.adult("Steinar", stepFathersId);
        leader = w.staff("leader", Role.LEADER, unit, group);
        unitAdmin = w.staff("unit.admin", Role.UNIT_ADMIN, unit, null);
    }

    @AfterEach
    void close() {
        w.close();
    }

    private NewRegistration registration() {
        return new NewRegistration(ola, stepFathersId, "Steinar", "Bonus", w.today(), w.today().plusMonths(6));
    }

    private long toFamily(String text) {
        return messages.send(leader, new NewMessage(Recipients.family(ola), "Beskjed", text, false, false, false, List.of(), null, false)).sendId();
    }

    private Set<Long> inbox(Guardian g) {
        return messages.inbox(g.principal(), 0, 100, false).threads().stream().map(ThreadSummary::id).collect(Collectors.toSet());
    }

    private boolean reads(Guardian g, long thread) {
        try {
            messages.thread(g.principal(), thread);
            return true;
        } catch (AccessDeniedException e) {
            return false;
        }
    }

    @Test
    void withTheSettingOffRegisteringIsRefused() {
        AccessDeniedException off = assertThrows(AccessDeniedException.class, () -> adults.register(unitAdmin, registration()));
        assertEquals("setting-off", off.reason());
        assertEquals(0, w.rows("OtherAdultEntity"));
    }

    @Test
    void aStepFatherReceivesOnlyOnceBothCustodiansConsentedAndLosesEverythingWhenOneWithdraws() {
        w.policy.setSetting("otherAdults", true);
        assertThrows(AccessDeniedException.class, () -> adults.register(leader, registration()), "the unit admin registers, not a leader");
        Registration r = adults.register(unitAdmin, registration());
        assertEquals(2, r.consents().size(), "both custodians are asked");
        assertFalse(r.holds());
        toFamily("Før samtykke.");
        assertTrue(inbox(stepFather).isEmpty(), "no consent yet: no recipient");

        adults.answer(mor.principal(), r.id(), true);
        List<Registration> asFar = adults.forChild(far.principal(), ola);
        assertEquals(1, asFar.get(0).consents().size(), "a custodian sees their own answer only");
        assertEquals("PENDING", asFar.get(0).consents().get(0).state());
        toFamily("Etter ett samtykke.");
        assertTrue(inbox(stepFather).isEmpty(), "one custodian's consent is not enough");

        adults.answer(far.principal(), r.id(), true);
        assertTrue(adults.mine(stepFather.principal()).get(0).holds());
        toFamily("Etter begge samtykker.");
        Set<Long> his = inbox(stepFather);
        assertEquals(1, his.size(), "a thread of his own");
        long thread = his.iterator().next();
        assertTrue(reads(stepFather, thread));
        assertFalse(inbox(mor).contains(thread), "the custodians do not share his thread");
        assertThrows(AccessDeniedException.class, () -> new JpaChildService(w.db.transactions(), w.policy, w.audit, w.clock.oslo())
                .child(stepFather.principal(), ola, null), "he never reads the child's record: no custodian's contact data");

        // a group's message never reaches him: the kommune grants messages to the family only
        NewMessage toGroup = new NewMessage(Recipients.group(group), "Tur", "Tur i morgen.", false, false, false, List.of(), null, false);
        Preflight p = messages.preflight(leader, toGroup);
        messages.send(leader, new NewMessage(toGroup.recipients(), toGroup.subject(), toGroup.text(), false, false, false, List.of(), p.token(), false));
        assertEquals(his, inbox(stepFather));

        // one custodian withdraws: everything is gone on the very next request
        adults.answer(far.principal(), r.id(), false);
        assertFalse(reads(stepFather, thread));
        assertTrue(inbox(stepFather).isEmpty());
        toFamily("Etter tilbaketrekning.");
        assertTrue(inbox(stepFather).isEmpty(), "and no new message reaches him");

        // the unit admin records the father's written consent; access is back until the period ends
        Registration written = adults.recordWritten(unitAdmin, r.id(), far.person(), "written-form");
        assertTrue(written.holds());
        assertTrue(reads(stepFather, thread));
        w.clock.advanceDays(200);
        assertFalse(reads(stepFather, thread), "the period has ended");
    }

    @Test
    void aCustodiansResponsibilityEndingOrTheKommuneWithdrawingTheRightEndsIt() {
        w.policy.setSetting("otherAdults", true);
        Registration r = adults.register(unitAdmin, registration());
        adults.answer(mor.principal(), r.id(), true);
        adults.answer(far.principal(), r.id(), true);
        toFamily("Hei.");
        long thread = inbox(stepFather).iterator().next();
        w.policy.setSetting("otherAdultsMessages", false);
        assertFalse(reads(stepFather, thread), "the kommune no longer grants messages");
        w.policy.setSetting("otherAdultsMessages", true);
        assertTrue(reads(stepFather, thread));
        w.endResponsibility(ola, far.person());
        assertFalse(reads(stepFather, thread), "a custodian's responsibility ended: the consent no longer stands");
        assertThrows(no.ranselpost.core.api.ConflictException.class, () -> adults.register(unitAdmin, registration()), "one open registration per adult");
    }
}
