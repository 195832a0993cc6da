package no.ranselpost.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.ConflictException;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal.Assurance;
import no.ranselpost.messaging.api.InboxPage;
import no.ranselpost.messaging.api.MessageView;
import no.ranselpost.messaging.api.NewMessage;
import no.ranselpost.messaging.api.Preflight;
import no.ranselpost.messaging.api.Recipients;
import no.ranselpost.messaging.api.Sent;
import no.ranselpost.messaging.api.ThreadKind;
import no.ranselpost.messaging.api.ThreadSummary;
import no.ranselpost.messaging.api.ThreadView;
import no.ranselpost.messaging.internal.MessagingWorld.Guardian;

/**
 * Who writes to whom and who reads what (issue «Messaging», items 2, 3, 4, 6 and 7), on the real
 * persistence unit with the real access policy: each rule is shown by the one who must not read
 * being refused.
 */
class MessagingRulesTest {

    private MessagingWorld w;
    private JpaMessagingService messages;
    private long unit;
    private long otherUnit;
    private long g1;
    private long g2;
    /** Both parents with joint responsibility, activated. */
    private long ola;
    private Guardian mor;
    private Guardian far;
    /** One parent with responsibility, one without (ukjent). */
    private long kari;
    private Guardian kariMor;
    private Guardian kariFarWithout;
    /** An inactive (never activated) and a blocked guardian. */
    private long per;
    private Guardian perInactive;
    private Guardian perBlocked;
    /** A guardian with strengt fortrolig address beside one without. */
    private long siri;
    private Guardian siriProtected;
    private Guardian siriPlain;
    /** In another group. */
    private long nils;
    private Guardian nilsMor;
    private AuthenticatedPrincipal leaderG1;
    private AuthenticatedPrincipal employeeG2;
    private AuthenticatedPrincipal unitAdmin;
    private AuthenticatedPrincipal otherUnitAdmin;
    private AuthenticatedPrincipal shared;
    private AuthenticatedPrincipal systemAdmin;

    @BeforeEach
    void world() {
        w = new MessagingWorld();
        messages = w.service("MESSAGE");
        unit = w.unit("964338531", UnitType.KINDERGARTEN);
        otherUnit = w.unit("974760673", UnitType.KINDERGARTEN);
        g1 = w.group(unit, "BLA");
        g2 = w.group(unit, "ROD");
        long og = w.group(otherUnit, "GUL");
        ola = w.child("Ola", unit, g1);
        mor = w.guardian("Mona", ola, ParentalResponsibility.FELLES, AddressProtection.NONE, unit);
        far = w.guardian("Frode", ola, ParentalResponsibility.FELLES, AddressProtection.NONE, unit);
        kari = w.child("Kari", unit, g1);
        kariMor = w.guardian("Kristin", kari, ParentalResponsibility.MOR, AddressProtection.NONE, unit);
        kariFarWithout = w.guardian("Kjell", kari, ParentalResponsibility.UKJENT, AddressProtection.NONE, unit);
        per = w.child("Per", unit, g1);
        perInactive = w.guardian("Pia", per, ParentalResponsibility.FELLES, AddressProtection.NONE);
        perBlocked = w.guardian("Paul", per, ParentalResponsibility.FELLES, AddressProtection.NONE, unit);
        w.block(perBlocked.person(), per);
        siri = w.child("Siri", unit, g1);
        siriProtected = w.guardian("Sunniva", siri, ParentalResponsibility.FELLES, AddressProtection.STRICTLY_CONFIDENTIAL, unit);
        siriPlain = w.guardian("Svein", siri, ParentalResponsibility.FELLES, AddressProtection.NONE, unit);
        nils = w.child("Nils", unit, g2);
        nilsMor = w.guardian("Nina", nils, ParentalResponsibility.FELLES, AddressProtection.NONE, unit);
        w.child("Gunnar", otherUnit, og);
        leaderG1 = w.staff("leader.g1", Role.LEADER, unit, g1);
        employeeG2 = w.staff("employee.g2", Role.EMPLOYEE, unit, g2);
        unitAdmin = w.staff("unit.admin", Role.UNIT_ADMIN, unit, null);
        otherUnitAdmin = w.staff("other.admin", Role.UNIT_ADMIN, otherUnit, null);
        shared = w.staff("shared.g1", Role.SHARED_ACCOUNT, unit, g1);
        systemAdmin = w.staff("sysadmin", Role.SYSTEM_ADMIN, unit, null);
    }

    @AfterEach
    void close() {
        w.close();
    }

    private static NewMessage message(Recipients r, String text) {
        return new NewMessage(r, "Tur i morgen", text, false, false, false, List.of(), null, false);
    }

    private static NewMessage quoting(NewMessage m, Preflight p) {
        return new NewMessage(m.recipients(), m.subject(), m.text(), m.announcement(), m.sensitive(), m.urgent(), m.attachmentIds(), p.token(),
                m.confirmNamedChild());
    }

    private Sent sendToGroup(AuthenticatedPrincipal sender, long group, String text) {
        NewMessage m = message(Recipients.group(group), text);
        return messages.send(sender, quoting(m, messages.preflight(sender, m)));
    }

    private Set<Long> inbox(Guardian g) {
        return inbox(g.principal());
    }

    private Set<Long> inbox(AuthenticatedPrincipal p) {
        return messages.inbox(p, 0, 100, false).threads().stream().map(ThreadSummary::id).collect(Collectors.toSet());
    }

    private boolean reads(AuthenticatedPrincipal p, long thread) {
        try {
            messages.thread(p, thread);
            return true;
        } catch (AccessDeniedException e) {
            return false;
        }
    }

    @Test
    void aGroupMessageIsSplitPerFamilyAndReachesOnlyGuardiansWithResponsibilityActivatedAndNotBlocked() {
        NewMessage m = message(Recipients.group(g1), "Vi går på tur i morgen, ta med matpakke.");
        Preflight pre = messages.preflight(leaderG1, m);
        // Ola: mother and father together; Kari: her mother (not the father without responsibility); Per: nobody (inactive, blocked);
        // Siri: the protected guardian alone, the other guardian alone
        assertEquals(3, pre.families(), "Ola's, Kari's and Siri's (Per's guardians cannot receive)");
        assertEquals(5, pre.guardians());
        ConflictException noPreflight = assertThrows(ConflictException.class, () -> messages.send(leaderG1, m));
        assertTrue(noPreflight.getMessage().contains("preflight"));
        assertEquals(0, w.rows("MessageEntity"), "nothing stored without the preflight");
        Sent sent = messages.send(leaderG1, quoting(m, pre));
        assertEquals(4, sent.threadIds().size(), "Ola's, Kari's, and Siri's two: the protected guardian alone");

        Set<Long> morSees = inbox(mor);
        assertEquals(1, morSees.size());
        assertEquals(morSees, inbox(far), "one family shares its thread");
        assertEquals(1, inbox(kariMor).size());
        assertNotEquals(morSees, inbox(kariMor), "another family has its own thread");
        for (Guardian never : List.of(kariFarWithout, perInactive, perBlocked, nilsMor)) {
            assertTrue(inbox(never).isEmpty(), "never a recipient: " + never);
        }
        assertEquals(1, inbox(siriProtected).size());
        assertEquals(1, inbox(siriPlain).size());
        assertNotEquals(inbox(siriProtected), inbox(siriPlain), "the protected guardian has a thread of their own");
        long olaThread = morSees.iterator().next();
        assertFalse(reads(kariMor.principal(), olaThread), "another family's thread is refused");
        assertFalse(reads(employeeG2, olaThread), "another group's staff");
        assertFalse(reads(otherUnitAdmin, olaThread), "another unit's admin");
        assertFalse(reads(shared, olaThread), "the shared account never reads messages");
        assertTrue(reads(leaderG1, olaThread));
        assertTrue(reads(unitAdmin, olaThread));

        // a reply goes to the thread's side only: the other family sees nothing of it
        messages.reply(mor.principal(), olaThread, new NewMessage(null, null, "Takk, han har matpakke.", false, false, false, List.of(), null, false));
        ThreadView farView = messages.thread(far.principal(), olaThread);
        assertEquals(2, farView.messages().size());
        assertTrue(inbox(kariMor).stream().noneMatch(t -> t == olaThread));
        ThreadView kariView = messages.thread(kariMor.principal(), inbox(kariMor).iterator().next());
        assertEquals(1, kariView.messages().size(), "Kari's family sees only the message, no other family's reply");
        // the system admin sees that there is a thread, never its text
        ThreadView meta = messages.thread(systemAdmin, olaThread);
        assertTrue(meta.messages().stream().allMatch(v -> v.text() == null), "metadata only");
    }

    @Test
    void aBroadcastAfterACustodyChangeExcludesTheFormerGuardianWhoAlsoLosesTheOldThreadAtOnce() {
        long before = sendToGroup(leaderG1, g1, "Foreldremøte torsdag.").threadIds().stream().filter(t -> inbox(far).contains(t)).findFirst()
                .orElseThrow();
        assertTrue(reads(far.principal(), before));
        w.endResponsibility(ola, far.person());
        assertFalse(reads(far.principal(), before), "the next request after the custody change is refused");
        assertTrue(inbox(far).isEmpty(), "and the inbox no longer lists it");
        assertEquals(0, messages.unreadCount(far.principal()));
        assertTrue(reads(mor.principal(), before), "the guardian who keeps responsibility keeps the thread");
        sendToGroup(leaderG1, g1, "Husk refleksvest.");
        assertTrue(inbox(far).isEmpty(), "the next broadcast does not reach the former guardian");
        assertEquals(2, inbox(mor).size());
    }

    @Test
    void aReplyToAUnitWideMessageReachesOnlyItsSendersSide() {
        NewMessage m = message(Recipients.unit(unit), "Barnehagen holder stengt fredag.");
        Sent sent = messages.send(unitAdmin, quoting(m, messages.preflight(unitAdmin, m)));
        assertEquals(4, sent.families(), "Ola, Kari, Siri and Nils");
        assertEquals(5, sent.threadIds().size(), "Siri's protected guardian alone");
        long nilsThread = inbox(nilsMor).iterator().next();
        messages.reply(nilsMor.principal(), nilsThread, new NewMessage(null, null, "Ok, takk for beskjed.", false, false, false, List.of(), null, false));
        assertEquals(1, messages.unreadCount(unitAdmin), "the reply is unread for the sender");
        assertTrue(reads(unitAdmin, nilsThread), "the sender reads the reply");
        assertEquals(0, messages.unreadCount(unitAdmin));
        assertFalse(reads(employeeG2, nilsThread), "a unit-wide message sits in no group's inbox: its group's staff do not get the reply");
        assertFalse(reads(mor.principal(), nilsThread), "nor does another family");
        assertThrows(InvalidRequestException.class, () -> messages.reply(nilsMor.principal(), nilsThread,
                new NewMessage(Recipients.unit(unit), null, "Til alle?", false, false, false, List.of(), null, false)), "a reply never widens");
    }

    @Test
    void aGuardiansMessageReachesTheCoGuardianOnlyWhenChosen() {
        Sent alone = messages.send(mor.principal(), new NewMessage(new Recipients(null, null, null, null, ola, null), "Henting",
                "Bestemor henter i dag.", false, false, false, List.of(), null, false));
        long t = alone.threadIds().get(0);
        assertFalse(reads(far.principal(), t), "not chosen: the co-guardian does not see it");
        assertTrue(reads(leaderG1, t), "the group's staff read the group's inbox");
        assertFalse(reads(employeeG2, t));
        InboxPage groupInbox = messages.groupInbox(leaderG1, g1, 0, 20);
        assertTrue(groupInbox.threads().stream().anyMatch(s -> s.id() == t));
        assertThrows(AccessDeniedException.class, () -> messages.groupInbox(employeeG2, g1, 0, 20), "another group's inbox");
        Sent both = messages.send(mor.principal(), new NewMessage(new Recipients(null, null, null, null, ola, List.of(far.person())), "Henting",
                "Far henter i morgen.", false, false, false, List.of(), null, false));
        assertTrue(reads(far.principal(), both.threadIds().get(0)), "chosen: the co-guardian sees it");
        assertThrows(AccessDeniedException.class, () -> messages.send(mor.principal(), new NewMessage(new Recipients(null, null, null, null, nils,
                null), null, "Hei", false, false, false, List.of(), null, false)), "about another family's child");
        assertThrows(InvalidRequestException.class, () -> messages.send(siriProtected.principal(), new NewMessage(new Recipients(null, null, null,
                null, siri, List.of(siriPlain.person())), null, "Hei", false, false, false, List.of(), null, false)),
                "a protected guardian writes alone");
    }

    @Test
    void whoReadsAGroupsInboxIsTheKommunesSetting() {
        long t = messages.send(mor.principal(), new NewMessage(new Recipients(null, null, null, null, ola, null), null, "Ola er syk i dag.",
                false, false, false, List.of(), null, false)).threadIds().get(0);
        assertFalse(reads(employeeG2, t), "by default the group's staff read its inbox, not the unit's other staff");
        w.policy.setSetting(MessagingAccessDeclaration.UNIT_STAFF_READ, true);
        assertTrue(reads(employeeG2, t), "groupInboxReaders = UNIT_STAFF: all staff of the unit read it (seed 002)");
        assertTrue(messages.groupInbox(employeeG2, g1, 0, 10).threads().stream().anyMatch(x -> x.id() == t));
        assertFalse(reads(otherUnitAdmin, t), "never another unit's");
        assertFalse(reads(shared, t));
    }

    @Test
    void conversationsPerChildAreSeenByBothGuardiansAndAnnouncementsCannotBeAnswered() {
        messages = w.service("CONVERSATION");
        Sent first = messages.send(leaderG1, message(Recipients.family(ola), "Ola trenger skiftetøy."));
        long conversation = first.threadIds().get(0);
        assertTrue(reads(mor.principal(), conversation));
        assertTrue(reads(far.principal(), conversation), "both guardians see the conversation");
        messages.reply(far.principal(), conversation, new NewMessage(null, null, "Tar med i morgen.", false, false, false, List.of(), null, false));
        Sent second = messages.send(leaderG1, message(Recipients.family(ola), "Takk!"));
        assertEquals(conversation, second.threadIds().get(0), "one conversation per child");
        assertEquals(3, messages.thread(mor.principal(), conversation).messages().size());
        // a guardian's own message goes into the child's conversation too
        Sent fromMor = messages.send(mor.principal(), new NewMessage(new Recipients(null, null, null, null, ola, null), null, "Ola er syk.", false,
                false, false, List.of(), null, false));
        assertEquals(conversation, fromMor.threadIds().get(0));
        // the protected guardian has a conversation of their own: nothing of theirs reaches the other guardian
        Sent siriSend = messages.send(leaderG1, message(Recipients.family(siri), "Siri har feber."));
        assertEquals(2, siriSend.threadIds().size());
        Set<Long> plain = inbox(siriPlain);
        Set<Long> prot = inbox(siriProtected);
        assertEquals(1, plain.size());
        assertEquals(1, prot.size());
        assertNotEquals(plain, prot);
        long own = prot.iterator().next();
        messages.reply(siriProtected.principal(), own, new NewMessage(null, null, "Henter nå.", false, false, false, List.of(), null, false));
        assertFalse(reads(siriPlain.principal(), own));
        assertThrows(AccessDeniedException.class, () -> messages.reply(siriProtected.principal(), plain.iterator().next(),
                new NewMessage(null, null, "x", false, false, false, List.of(), null, false)), "the protected guardian takes no part in the shared one");
        assertFalse(reads(siriProtected.principal(), plain.iterator().next()));
        // a guardian who loses responsibility loses the conversation on the next request
        w.endResponsibility(ola, far.person());
        assertFalse(reads(far.principal(), conversation));
        assertTrue(reads(mor.principal(), conversation));
        // announcements: one-way
        NewMessage notice = new NewMessage(Recipients.group(g1), "Beskjed", "Planleggingsdag 3. januar.", true, false, false, List.of(), null, false);
        Sent ann = messages.send(leaderG1, quoting(notice, messages.preflight(leaderG1, notice)));
        long annThread = ann.threadIds().stream().filter(t -> inbox(mor).contains(t)).findFirst().orElseThrow();
        assertEquals(ThreadKind.ANNOUNCEMENT, messages.thread(mor.principal(), annThread).thread().kind());
        assertFalse(messages.thread(mor.principal(), annThread).thread().replyAllowed());
        assertThrows(ConflictException.class, () -> messages.reply(mor.principal(), annThread, new NewMessage(null, null, "Svar?", false, false,
                false, List.of(), null, false)));
    }

    @Test
    void aSensitiveMessageGoesToOneFamilyAndIsReadOnlyAtHighAssurance() {
        assertThrows(InvalidRequestException.class, () -> messages.preflight(leaderG1, new NewMessage(Recipients.group(g1), null, "x", false, true,
                false, List.of(), null, false)), "never to a group");
        Sent s = messages.send(leaderG1, new NewMessage(Recipients.family(ola), "Samtale", "Vi ønsker en samtale om Ola.", false, true, false,
                List.of(), null, false));
        long t = s.threadIds().get(0);
        AccessDeniedException low = assertThrows(AccessDeniedException.class, () -> messages.thread(mor.at(Assurance.IDPORTEN_LOA_SUBSTANTIAL), t));
        assertEquals("assurance-too-low", low.reason());
        ThreadSummary listed = messages.inbox(mor.principal(), 0, 10, false).threads().get(0);
        assertTrue(listed.sensitive());
        assertNull(listed.subject(), "the subject is withheld below the assurance it needs");
        assertEquals("Vi ønsker en samtale om Ola.", messages.thread(mor.at(Assurance.IDPORTEN_LOA_HIGH), t).messages().get(0).text());
    }

    @Test
    void readStateUnreadCountsAndReceipts() {
        Sent s = sendToGroup(leaderG1, g1, "Julebord for barna.");
        assertEquals(1, messages.unreadCount(mor.principal()));
        ThreadSummary listed = messages.inbox(mor.principal(), 0, 10, true).threads().get(0);
        assertTrue(listed.unread());
        assertEquals(w.clock.instant(), listed.lastMessageAt().toInstant(), "the send's time, as stored in bulk and read back");
        long t = inbox(mor).iterator().next();
        messages.thread(mor.principal(), t);
        assertEquals(0, messages.unreadCount(mor.principal()));
        assertEquals(1, messages.unreadCount(far.principal()), "read state is per participant");
        var receipts = messages.receipts(leaderG1, s.sendId());
        assertEquals(5, receipts.guardians());
        assertEquals(1, receipts.read());
        assertTrue(receipts.receipts().stream().anyMatch(r -> r.guardianPersonId() == mor.person() && r.readAt() != null));
        assertThrows(AccessDeniedException.class, () -> messages.receipts(employeeG2, s.sendId()));
        assertThrows(AccessDeniedException.class, () -> messages.receipts(mor.principal(), s.sendId()));
    }

    @Test
    void aGroupMessageNamingAChildNeedsConfirmationAndBadInputChangesNothing() {
        NewMessage naming = message(Recipients.group(g1), "Kari falt i dag, men det gikk bra.");
        Preflight pre = messages.preflight(leaderG1, naming);
        assertTrue(pre.namesChild());
        ConflictException c = assertThrows(ConflictException.class, () -> messages.send(leaderG1, quoting(naming, pre)));
        assertTrue(c.getMessage().contains("confirmNamedChild"));
        assertFalse(messages.preflight(leaderG1, message(Recipients.group(g1), "Vi skal lage karbonader.")).namesChild(), "a word is not a name");
        long before = w.rows("MessageEntity");
        for (NewMessage bad : List.of(message(Recipients.family(ola), ""), message(Recipients.family(ola), "x".repeat(10_001)),
                message(new Recipients(null, null, null, null, null, null), "Hei"), message(new Recipients(List.of(), g1, unit, null, null, null), "Hei"))) {
            assertThrows(InvalidRequestException.class, () -> messages.send(leaderG1, bad));
        }
        assertThrows(AccessDeniedException.class, () -> messages.send(leaderG1, message(Recipients.family(nils), "Hei")), "another group's child");
        assertThrows(AccessDeniedException.class, () -> messages.send(shared, message(Recipients.family(ola), "Hei")));
        assertEquals(before, w.rows("MessageEntity"));
        assertEquals(0, w.rows("MessageThreadEntity"));
        NewMessage confirmed = new NewMessage(naming.recipients(), naming.subject(), naming.text(), false, false, false, List.of(), pre.token(), true);
        assertEquals(3, messages.send(leaderG1, confirmed).families());
    }

    @Test
    void aSenderWithdrawsWithinTheWindowAndStaffRedactWithAReason() {
        Sent s = sendToGroup(leaderG1, g1, "Feil beskjed, beklager.");
        long t = inbox(mor).iterator().next();
        long messageId = messages.thread(mor.principal(), t).messages().get(0).id();
        assertThrows(ConflictException.class, () -> messages.withdraw(mor.principal(), messageId), "only its sender withdraws");
        messages.withdraw(leaderG1, messageId);
        MessageView gone = messages.thread(mor.principal(), t).messages().get(0);
        assertEquals("WITHDRAWN", gone.state());
        assertNull(gone.text());
        assertEquals(0L, (long) w.db.transactions().inTransaction(em -> em.createQuery("select count(m) from MessageEntity m where m.sendId = :s"
                + " and m.body is not null", Long.class).setParameter("s", s.sendId()).getSingleResult()), "removed from every family's copy");

        Sent fromMor = messages.send(mor.principal(), new NewMessage(new Recipients(null, null, null, null, ola, null), null,
                "Ola har fått diagnosen ...", false, false, false, List.of(), null, false));
        long morMessage = messages.thread(mor.principal(), fromMor.threadIds().get(0)).messages().get(0).id();
        w.clock.advanceMinutes(16);
        assertThrows(ConflictException.class, () -> messages.withdraw(mor.principal(), morMessage), "after the window");
        assertThrows(InvalidRequestException.class, () -> messages.redact(leaderG1, morMessage, "because"));
        assertThrows(AccessDeniedException.class, () -> messages.redact(employeeG2, morMessage, "sensitive-health"));
        messages.redact(leaderG1, morMessage, "sensitive-health");
        assertEquals("REDACTED", messages.thread(leaderG1, fromMor.threadIds().get(0)).messages().get(0).state());
        assertEquals(1L, (long) w.db.transactions().inTransaction(em -> em.createQuery("select count(a) from AuditRecordEntity a where a.action ="
                + " 'messaging.message.redact' and a.reason like 'sensitive-health%'", Long.class).getSingleResult()));
    }
}
