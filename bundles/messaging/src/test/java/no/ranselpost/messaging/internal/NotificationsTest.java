package no.ranselpost.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.Message;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.messaging.api.NewMessage;
import no.ranselpost.messaging.api.Preflight;
import no.ranselpost.messaging.api.Recipients;
import no.ranselpost.messaging.api.Sent;
import no.ranselpost.messaging.internal.MessagingWorld.Guardian;
import no.ranselpost.notification.api.NoticeSettings;
import no.ranselpost.notification.api.QueueStatus;
import no.ranselpost.notification.email.internal.EmailChannel;
import no.ranselpost.notification.email.internal.EmailSettings;
import no.ranselpost.notification.internal.JpaNotificationOutbox;
import no.ranselpost.notification.internal.NotificationAccessDeclaration;
import no.ranselpost.notification.internal.NotificationSettings;
import no.ranselpost.notification.sms.internal.SmsChannel;
import no.ranselpost.notification.sms.internal.SmsSettings;
import no.ranselpost.persistence.entity.ContactRegistrationEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.testing.Configurations;

/**
 * Notifications end to end on the real persistence unit: a message sent through messaging writes
 * its notices in its own transaction, the outbox's worker sends them through the real e-mail
 * channel to GreenMail (a real SMTP server in this JVM) and the real SMS channel to a fake HTTP
 * gateway (the JDK's HttpServer on a free port).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationsTest {

    static final String BASE = "https://ranselpost.example.kommune.no/";
    static final String CHILD = "Ingeborg";
    static final String SUBJECT = "Tur til Floyen torsdag";
    static final String TEXT = "Husk matpakke og regntoy til turen, alle i Bjornebarna skal vaere med";

    private MessagingWorld w;
    private JpaMessagingService messages;
    private JpaNotificationOutbox outbox;
    private GreenMail smtp;
    private int smtpPort;
    private HttpServer gateway;
    private final List<String> smsBodies = new CopyOnWriteArrayList<>();
    private final List<String> smsAuth = new CopyOnWriteArrayList<>();
    private final AtomicInteger gatewayStatus = new AtomicInteger(202);
    private long unit;
    private long group;
    private long child;
    private AuthenticatedPrincipal leader;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int units = 974_100_000;

    /** One database for the class (its migrations take seconds); each test has a unit of its own and an empty outbox. */
    @BeforeAll
    void world() {
        w = new MessagingWorld();
        w.policy.addDeclaration(new NotificationAccessDeclaration());
    }

    @AfterAll
    void closeWorld() {
        w.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        w.db.transactions().run(em -> {
            em.createQuery("delete from NotificationEntity n").executeUpdate();
            em.createQuery("delete from NoticeSettingsEntity s").executeUpdate();
        });
        messages = w.service("MESSAGE");
        outbox = outbox(w);
        smtpPort = freePort();
        smtp = startSmtp();
        outbox.addChannel(new EmailChannel(Configurations.of(EmailSettings.class, Map.of("host", "127.0.0.1", "port", smtpPort,
                "starttls", "OPTIONAL", "from", "Ranselpost <ikke-svar@kommune.example>", "timeoutMillis", 2000))));
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/sms", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                smsBodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            smsAuth.add(ex.getRequestHeaders().getFirst("Authorization"));
            ex.sendResponseHeaders(gatewayStatus.get(), -1);
            ex.close();
        });
        gateway.start();
        outbox.addChannel(new SmsChannel(Configurations.of(SmsSettings.class, Map.of("url", "http://127.0.0.1:" + gateway.getAddress().getPort()
                + "/sms", "_token", "gateway-token", "timeoutMillis", 2000))));
        messages.setOutbox(outbox);
        unit = w.unit(Integer.toString(++units), UnitType.KINDERGARTEN);
        group = w.group(unit, "Bjornebarna");
        child = w.child(CHILD, unit, group);
        leader = w.staff("Pedagog Petter " + units, Role.LEADER, unit, group);
    }

    JpaNotificationOutbox outbox(MessagingWorld world) {
        return new JpaNotificationOutbox(world.db.transactions(), world.policy, world.audit, world.clock.oslo(),
                Configurations.of(NotificationSettings.class, Map.of("pollMillis", 0, "delaySeconds", 60, "baseUrl", BASE, "backoffSeconds", 1,
                        "maxBackoffSeconds", 2, "maxAttempts", 100, "claimSeconds", 30, "batchSize", 100)));
    }

    GreenMail startSmtp() {
        GreenMail g = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        g.start();
        return g;
    }

    @AfterEach
    void tearDown() {
        smtp.stop();
        gateway.stop(0);
    }

    /** A guardian of the child whose contact data came from KRR, confirmed monthsAgo. */
    Guardian krr(String given, long ofChild, String email, String mobile, String language, boolean reserved, int monthsAgo) {
        Guardian g = w.guardian(given, ofChild, ParentalResponsibility.FELLES, AddressProtection.NONE, unit);
        OffsetDateTime at = w.clock.oslo().nowUtc().minusMonths(monthsAgo);
        w.db.transactions().run(em -> {
            PersonEntity p = em.find(PersonEntity.class, g.person());
            p.setEmail(email);
            p.setMobile(mobile);
            p.setContactReserved(reserved);
            ContactRegistrationEntity r = new ContactRegistrationEntity();
            r.setPerson(p);
            r.setSourceId("krr");
            r.setRegisterStatus("ACTIVE");
            r.setNotificationStatus(reserved ? "CANNOT_BE_NOTIFIED" : "CAN_BE_NOTIFIED");
            r.setLanguage(language);
            r.setEmailUpdatedAt(at);
            r.setMobileUpdatedAt(at);
            r.setCheckedAt(w.clock.oslo().nowUtc());
            em.persist(r);
        });
        return g;
    }

    Sent sendToGroup(boolean urgent) {
        NewMessage m = new NewMessage(Recipients.group(group), SUBJECT, TEXT + " (" + CHILD + " også)", false, false, urgent, List.of(), null, true);
        Preflight p = messages.preflight(leader, m);
        return messages.send(leader, new NewMessage(m.recipients(), m.subject(), m.text(), false, false, urgent, List.of(), p.token(), true));
    }

    /** Lets the delay pass and runs the worker until nothing is due. */
    int deliver() {
        w.clock.advanceMinutes(2);
        int n = 0;
        int round;
        while ((round = outbox.deliverNow()) > 0) {
            n += round;
        }
        return n;
    }

    static String whole(MimeMessage m) {
        return GreenMailUtil.getWholeMessage(m);
    }

    @Test
    void theEmailSaysOnlyThatSomethingWaitsWithTheLink() throws Exception {
        krr("Kari", child, "mottaker1@example.no", null, "nn", false, 1);
        Sent sent = sendToGroup(false);
        assertEquals(1, w.rows("NotificationEntity"), "the notice is written with the send");
        assertEquals(0, smtp.getReceivedMessages().length, "none before the delay");
        assertEquals(0, outbox.deliverNow(), "the delay holds it");
        deliver();
        MimeMessage[] got = smtp.getReceivedMessages();
        assertEquals(1, got.length);
        String mime = whole(got[0]);
        assertEquals("mottaker1@example.no", got[0].getRecipients(Message.RecipientType.TO)[0].toString());
        assertTrue(got[0].getSubject().contains("Ranselpost"));
        String decoded = got[0].getContent().toString();
        assertTrue(decoded.contains(BASE), "the link");
        assertTrue(got[0].getContent().toString().contains("Noko ventar"), "in the guardian's language (KRR spraak nn)");
        StringBuilder all = new StringBuilder(mime).append('\n').append(decoded).append('\n').append(got[0].getSubject());
        java.util.Collections.list(got[0].getAllHeaderLines()).forEach(h -> all.append('\n').append(h));
        String lower = all.toString().toLowerCase(java.util.Locale.ROOT);
        for (String forbidden : List.of(CHILD, "Testesen", "Bjornebarna", "U" + units, Integer.toString(units), "Pedagog", "Petter", "Floyen", "matpakke",
                "regntoy", "turen", "Kari", String.valueOf(sent.sendId()))) {
            assertFalse(lower.contains(forbidden.toLowerCase(java.util.Locale.ROOT)), "the whole MIME message names no '" + forbidden + "'");
        }
        assertFalse(lower.contains("x-mailer"), "no header says more than it must");
    }

    @Test
    void aMessageReadMeanwhileSendsNoNotice() throws Exception {
        Guardian kari = krr("Kari", child, "kari@example.no", null, "nb", false, 1);
        Sent sent = sendToGroup(false);
        messages.thread(kari.principal(), sent.threadIds().get(0));
        deliver();
        assertEquals(0, smtp.getReceivedMessages().length);
        assertEquals(0, outbox.shellStatus().waiting());
        assertEquals(1L, (long) w.db.transactions().inTransaction(em -> em.createQuery("select count(n) from NotificationEntity n where n.state = 'SKIPPED'"
                + " and n.outcome = 'skipped:read'", Long.class).getSingleResult()));
    }

    @Test
    void reservedStaleAndUnknownGetNoneAndThePreflightCountsThem() throws Exception {
        krr("Ok", child, "ok@example.no", null, "nb", false, 3);
        long second = w.child("Sigurd", unit, group);
        krr("Reservert", second, "reservert@example.no", null, "nb", true, 1);
        long third = w.child("Tiril", unit, group);
        krr("Gammel", third, "gammel@example.no", null, "nb", false, 19);
        long fourth = w.child("Ulrik", unit, group);
        w.guardian("Ukjent", fourth, ParentalResponsibility.FELLES, AddressProtection.NONE, unit);
        NewMessage m = new NewMessage(Recipients.group(group), SUBJECT, TEXT, false, false, false, List.of(), null, true);
        Preflight p = messages.preflight(leader, m);
        assertEquals(4, p.guardians());
        assertEquals(3, p.notNotifiable(), "reserved, stale (19 months) and without contact data");
        messages.send(leader, new NewMessage(m.recipients(), m.subject(), m.text(), false, false, false, List.of(), p.token(), true));
        deliver();
        MimeMessage[] got = smtp.getReceivedMessages();
        assertEquals(1, got.length);
        assertEquals("ok@example.no", got[0].getRecipients(Message.RecipientType.TO)[0].toString());
    }

    @Test
    void smsOnlyWhenUrgentContentFreeAndTheGatewaysAnswersDecide() throws Exception {
        krr("Kari", child, "kari@example.no", "41234567", "en", false, 1);
        sendToGroup(false);
        deliver();
        assertEquals(1, smtp.getReceivedMessages().length);
        assertTrue(smsBodies.isEmpty(), "no SMS for a message that is not urgent");

        gatewayStatus.set(503);
        sendToGroup(true);
        deliver();
        assertEquals(2, smtp.getReceivedMessages().length, "urgent: an e-mail too");
        assertEquals(1, smsBodies.size(), "tried once");
        assertEquals(1, outbox.shellStatus().retrying(), "a 5xx is tried again");
        gatewayStatus.set(202);
        w.clock.advanceMinutes(1);
        deliver();
        assertEquals(2, smsBodies.size());
        String sms = smsBodies.get(1);
        assertTrue(sms.contains("\"to\":\"+4741234567\""), sms);
        assertTrue(sms.contains("urgent") && sms.contains(BASE), sms);
        assertTrue(sms.contains("\"reference\":\""), sms);
        for (String forbidden : List.of(CHILD, "Bjornebarna", "Floyen", "matpakke", "Petter")) {
            assertFalse(sms.contains(forbidden), sms);
        }
        assertEquals("Bearer gateway-token", smsAuth.get(1));
        assertEquals(0, outbox.shellStatus().waiting());

        gatewayStatus.set(400);
        sendToGroup(true);
        deliver();
        assertEquals(3, smsBodies.size());
        QueueStatus s = outbox.shellStatus();
        assertEquals(1, s.failed(), "a 4xx is final");
        assertEquals(0, s.waiting());
    }

    @Test
    void noticesWithinTheDelayAreMergedPerRecipient() throws Exception {
        krr("Kari", child, "kari@example.no", null, "nb", false, 1);
        sendToGroup(false);
        sendToGroup(false);
        sendToGroup(false);
        deliver();
        assertEquals(1, smtp.getReceivedMessages().length, "three messages, one notice");
        assertEquals(3L, (long) w.db.transactions().inTransaction(em -> em.createQuery("select count(n) from NotificationEntity n where n.state = 'SENT'",
                Long.class).getSingleResult()));
    }

    @Test
    void anInvalidAddressIsReportedAndNotRetried() throws Exception {
        krr("Kari", child, "ikke en adresse", null, "nb", false, 1);
        sendToGroup(false);
        deliver();
        assertEquals(0, smtp.getReceivedMessages().length);
        QueueStatus s = outbox.shellStatus();
        assertEquals(1, s.failed());
        assertEquals(0, s.waiting());
        assertEquals("failed:invalid-address", w.db.transactions().inTransaction(em -> em.createQuery("select n.outcome from NotificationEntity n",
                String.class).getSingleResult()));
    }

    @Test
    void smtpDownForAWhileThenUpEveryNoticeArrives() throws Exception {
        int families = 25;
        Set<String> expected = new HashSet<>();
        krr("G0", child, "g0@example.no", null, "nb", false, 1);
        expected.add("g0@example.no");
        for (int i = 1; i < families; i++) {
            long c = w.child("Barn" + i, unit, group);
            krr("G" + i, c, "g" + i + "@example.no", null, "nb", false, 1);
            expected.add("g" + i + "@example.no");
        }
        smtp.stop();
        sendToGroup(false);
        w.clock.advanceMinutes(2);
        long downMillis = Long.getLong("notifications.outageMillis", 5000);
        long until = System.currentTimeMillis() + downMillis;
        int rounds = 0;
        while (System.currentTimeMillis() < until) {
            outbox.deliverNow();
            rounds++;
            Thread.sleep(250);
            advanceSeconds(1);
        }
        assertTrue(rounds > 3);
        QueueStatus during = outbox.shellStatus();
        assertEquals((long) families, during.waiting(), "none lost, none failed while the server is down");
        assertTrue(during.retrying() > 0);
        smtp = startSmtp();
        long deadline = System.currentTimeMillis() + 20_000;
        while (outbox.shellStatus().waiting() > 0 && System.currentTimeMillis() < deadline) {
            advanceSeconds(3);
            outbox.deliverNow();
        }
        MimeMessage[] got = smtp.getReceivedMessages();
        Set<String> to = new HashSet<>();
        for (MimeMessage m : got) {
            to.add(m.getRecipients(Message.RecipientType.TO)[0].toString());
        }
        assertEquals(families, got.length, "each exactly once");
        assertEquals(expected, to);
    }

    private void advanceSeconds(int s) {
        w.clock.advanceMillis(s * 1000L);
    }

    @Test
    void twoWorkersOnOneDatabaseNeverSendTheSameNotice() throws Exception {
        int families = 60;
        krr("G0", child, "g0@example.no", null, "nb", false, 1);
        for (int i = 1; i < families; i++) {
            long c = w.child("Barn" + i, unit, group);
            krr("G" + i, c, "g" + i + "@example.no", null, "nb", false, 1);
        }
        JpaNotificationOutbox other = outbox(w);
        other.addChannel(new EmailChannel(Configurations.of(EmailSettings.class, Map.of("host", "127.0.0.1", "port", smtpPort))));
        sendToGroup(false);
        w.clock.advanceMinutes(2);
        ExecutorService two = Executors.newFixedThreadPool(2);
        List<Future<Integer>> done = new ArrayList<>();
        for (JpaNotificationOutbox o : List.of(outbox, other)) {
            done.add(two.submit(() -> {
                int n = 0;
                for (int i = 0; i < 20; i++) {
                    n += o.deliverNow();
                }
                return n;
            }));
        }
        int total = 0;
        for (Future<Integer> f : done) {
            total += f.get();
        }
        two.shutdown();
        assertEquals(families, total, "each notice finished by one worker");
        MimeMessage[] got = smtp.getReceivedMessages();
        Map<String, Integer> per = new HashMap<>();
        for (MimeMessage m : got) {
            per.merge(m.getRecipients(Message.RecipientType.TO)[0].toString(), 1, Integer::sum);
        }
        assertEquals(families, got.length);
        assertEquals(Set.of(1), new HashSet<>(per.values()));
    }

    @Test
    void aGuardiansOwnAddressIsUsedOnlyOnceItsCodeIsConfirmed() throws Exception {
        Guardian own = w.guardian("Visma", child, ParentalResponsibility.FELLES, AddressProtection.NONE, unit);
        AuthenticatedPrincipal g = own.principal();
        assertNull(outbox.settings(g).email());
        assertThrows(InvalidRequestException.class, () -> outbox.changeContact(g, new NoticeSettings.ContactChange("not-an-address", null)));
        NoticeSettings pending = outbox.changeContact(g, new NoticeSettings.ContactChange("ny@example.no", null));
        assertEquals("EMAIL", pending.pending());
        assertNull(pending.email(), "not used before it is confirmed");
        MimeMessage[] codeMail = smtp.getReceivedMessages();
        assertEquals(1, codeMail.length);
        Matcher code = Pattern.compile("\\b([0-9]{6})\\b").matcher(codeMail[0].getContent().toString());
        assertTrue(code.find());
        sendToGroup(false);
        deliver();
        assertEquals(1, smtp.getReceivedMessages().length, "no notice to an unconfirmed address");
        String right = code.group(1);
        String wrong = right.equals("000000") ? "111111" : "000000";
        assertThrows(InvalidRequestException.class, () -> outbox.confirmContact(g, new NoticeSettings.Confirmation(wrong)));
        NoticeSettings confirmed = outbox.confirmContact(g, new NoticeSettings.Confirmation(right));
        assertEquals("ny@example.no", confirmed.email());
        assertEquals("OWN", confirmed.contactSource());
        sendToGroup(false);
        deliver();
        assertEquals(2, smtp.getReceivedMessages().length);
        assertEquals("ny@example.no", smtp.getReceivedMessages()[1].getRecipients(Message.RecipientType.TO)[0].toString());

        // a category turned off: no notice of it; the mandatory one cannot be turned off
        outbox.updateSettings(g, new NoticeSettings.Change("en", List.of("message")));
        assertThrows(InvalidRequestException.class, () -> outbox.updateSettings(g, new NoticeSettings.Change(null, List.of("urgent"))));
        sendToGroup(false);
        deliver();
        assertEquals(2, smtp.getReceivedMessages().length, "turned off");
        sendToGroup(true);
        deliver();
        assertEquals(3, smtp.getReceivedMessages().length, "urgent is mandatory");
        assertTrue(smtp.getReceivedMessages()[2].getContent().toString().contains("Something is waiting"), "the guardian's own language");
    }

    @Test
    void accessDecidesWhoSeesTheQueueAndWhoseSettings() {
        AuthenticatedPrincipal admin = w.staff("sysadm" + units, Role.SYSTEM_ADMIN, unit, null);
        AuthenticatedPrincipal owner = w.staff("eier" + units, Role.OWNER, unit, null);
        Guardian g = w.guardian("Kari", child, ParentalResponsibility.FELLES, AddressProtection.NONE, unit);
        assertNotNull(outbox.queueStatus(admin));
        assertNotNull(outbox.queueStatus(owner));
        assertEquals(0, outbox.retryFailed(admin));
        assertThrows(AccessDeniedException.class, () -> outbox.retryFailed(owner));
        assertThrows(AccessDeniedException.class, () -> outbox.queueStatus(leader));
        assertThrows(AccessDeniedException.class, () -> outbox.queueStatus(g.principal()));
        assertThrows(AccessDeniedException.class, () -> outbox.settings(leader));
        assertThrows(AccessDeniedException.class, () -> outbox.settings(admin));
        assertNotNull(outbox.settings(g.principal()));
    }

    @Test
    void withoutNotificationsMessagingWorksAsBefore() {
        krr("Kari", child, "kari@example.no", null, "nb", false, 1);
        messages.unsetOutbox(outbox);
        NewMessage m = new NewMessage(Recipients.group(group), SUBJECT, TEXT, false, false, false, List.of(), null, true);
        Preflight p = messages.preflight(leader, m);
        assertNull(p.notNotifiable());
        messages.send(leader, new NewMessage(m.recipients(), m.subject(), m.text(), false, false, false, List.of(), p.token(), true));
        assertEquals(0, w.rows("NotificationEntity"), "no notice without notifications");
        assertEquals(Collections.emptyList(), List.of(smtp.getReceivedMessages()));
    }
}
