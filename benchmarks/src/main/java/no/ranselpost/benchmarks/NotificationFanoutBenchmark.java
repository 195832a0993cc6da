package no.ranselpost.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.mail.Address;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.core.internal.CoreAccessDeclaration;
import no.ranselpost.messaging.api.NewMessage;
import no.ranselpost.messaging.api.Preflight;
import no.ranselpost.messaging.api.Recipients;
import no.ranselpost.messaging.internal.JpaMessagingService;
import no.ranselpost.messaging.internal.MessagingAccessDeclaration;
import no.ranselpost.messaging.internal.MessagingSettings;
import no.ranselpost.notification.email.internal.EmailChannel;
import no.ranselpost.notification.email.internal.EmailSettings;
import no.ranselpost.notification.internal.JpaNotificationOutbox;
import no.ranselpost.notification.internal.NotificationAccessDeclaration;
import no.ranselpost.notification.internal.NotificationSettings;
import no.ranselpost.persistence.testing.Configurations;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.storage.internal.DatabaseContentStore;
import no.ranselpost.storage.internal.StorageSettings;

/**
 * A notice to every guardian of a 1 000-child school (2 000 guardians with KRR e-mail addresses):
 * a unit admin's message sent through the real messaging service writes 2 000 notices into the
 * outbox in its transaction, and the outbox's worker sends them (claims, KRR rules, the read
 * check, merging, marks and audit records) through the real e-mail channel to GreenMail in this
 * JVM. The baseline: a plain javax.mail loop sending the same number of messages to the same
 * server over one connection. The ratio is the outbox's delivery rate (notices per second, from
 * the send until the last one is marked) over the loop's. Goal: at least 0.5.
 */
public final class NotificationFanoutBenchmark implements Benchmark {

    @Override
    public String id() {
        return "notification-fanout";
    }

    @Override
    public String title() {
        return "notices to every guardian of a 1 000-child school through the outbox and the e-mail channel vs a plain javax.mail loop";
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public List<LoadRun.Result> run(Context context) throws Exception {
        int reps = context.settings().smoke() ? 1 : 3;
        int port = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try (TestDatabase db = new TestDatabase()) {
            OsloClock clock = new OsloClock();
            JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
            RuleBasedAccessPolicy policy = new RuleBasedAccessPolicy(db.transactions(), audit, clock);
            policy.addDeclaration(new CoreAccessDeclaration(db.transactions(), clock));
            policy.addDeclaration(new MessagingAccessDeclaration(db.transactions()));
            policy.addDeclaration(new NotificationAccessDeclaration());
            JpaMessagingService messaging = new JpaMessagingService(db.transactions(), policy, audit, clock,
                    new DatabaseContentStore(db.transactions(), Configurations.of(StorageSettings.class, Map.of())),
                    Configurations.of(MessagingSettings.class, Map.of("threadModel", "MESSAGE")));
            JpaNotificationOutbox outbox = new JpaNotificationOutbox(db.transactions(), policy, audit, clock,
                    Configurations.of(NotificationSettings.class, Map.of("pollMillis", 0, "delaySeconds", 0, "batchSize", 500)));
            outbox.addChannel(new EmailChannel(Configurations.of(EmailSettings.class, Map.of("host", "127.0.0.1", "port", port,
                    "from", "ikke-svar@bench.example"))));
            messaging.setOutbox(outbox);
            long unit = MessagingBroadcastBenchmark.school(db, clock.today());
            krr(db);
            AuthenticatedPrincipal admin = new AuthenticatedPrincipal(90_000_000L, AccountKind.STAFF, "bench.unit-admin", "Rektor", null,
                    List.of(RoleGrant.unit(Role.UNIT_ADMIN, unit)), 1, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);
            // the smoke run (CI) only checks that it runs: one class's guardians (about 50), not the school's 2 000
            Recipients to = context.settings().smoke() ? Recipients.group(unit + 1) : Recipients.unit(unit);
            NewMessage message = new NewMessage(to, "Planleggingsdag", "Skolen er stengt fredag.", false, false, false, List.of(),
                    null, false);

            int guardians = messaging.preflight(admin, message).guardians();
            long[] outboxNs = new long[reps];
            long[] loopNs = new long[reps];
            long delivered = 0;
            for (int i = 0; i < reps; i++) {
                smtp.purgeEmailFromAllMailboxes();
                long t0 = System.nanoTime();
                loop(port, guardians);
                loopNs[i] = System.nanoTime() - t0;
                if (smtp.getReceivedMessages().length != guardians) {
                    throw new IllegalStateException("the loop delivered " + smtp.getReceivedMessages().length + " of " + guardians);
                }
                smtp.purgeEmailFromAllMailboxes();
                Preflight p = messaging.preflight(admin, message);
                NewMessage quoted = new NewMessage(message.recipients(), message.subject(), message.text(), false, false, false, List.of(), p.token(),
                        false);
                t0 = System.nanoTime();
                messaging.send(admin, quoted);
                while (outbox.deliverNow() > 0) {
                    // until every notice is marked
                }
                outboxNs[i] = System.nanoTime() - t0;
                delivered = smtp.getReceivedMessages().length;
                if (delivered != guardians) {
                    throw new IllegalStateException("the outbox delivered " + delivered + " of " + guardians);
                }
            }
            System.out.println("[benchmark] notification-fanout: " + guardians + " notices per run, all delivered (" + delivered + ")");
            return List.of(result("plain javax.mail loop, one connection", loopNs, guardians),
                    result("outbox: send, worker, e-mail channel", outboxNs, guardians));
        } finally {
            smtp.stop();
        }
    }

    /** Every guardian (the school's adults) gets an e-mail address and a fresh KRR registration; how many. */
    private static int krr(TestDatabase db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            int n = s.executeUpdate("UPDATE RP_PERSON SET EMAIL = 'g' || TRIM(CAST(CAST(ID AS CHAR(20)) AS VARCHAR(20))) || '@bench.example'"
                    + " WHERE GIVEN_NAME LIKE 'Voksen%'");
            s.executeUpdate("INSERT INTO RP_CONTACT_REGISTRATION (ID, PERSON_ID, SOURCE_ID, REGISTER_STATUS, NOTIFICATION_STATUS, PREFERRED_LANGUAGE,"
                    + " EMAIL_UPDATED_AT, CHECKED_AT) SELECT ID + 500000000, ID, 'krr', 'ACTIVE', 'CAN_BE_NOTIFIED', 'nb', CURRENT_TIMESTAMP,"
                    + " CURRENT_TIMESTAMP FROM RP_PERSON WHERE GIVEN_NAME LIKE 'Voksen%'");
            return n;
        }
    }

    /** The baseline: the same number of plain text messages over one SMTP connection. */
    private static void loop(int port, int count) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(port));
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(Session.class.getClassLoader());
        try {
            Session session = Session.getInstance(p);
            try (Transport tr = session.getTransport("smtp")) {
                tr.connect();
                InternetAddress from = new InternetAddress("ikke-svar@bench.example");
                for (int i = 0; i < count; i++) {
                    InternetAddress to = new InternetAddress("loop" + i + "@bench.example");
                    MimeMessage m = new MimeMessage(session);
                    m.setFrom(from);
                    m.setRecipient(Message.RecipientType.TO, to);
                    m.setSubject("Du har noe nytt i Ranselpost", "UTF-8");
                    m.setText("Noe venter på deg i Ranselpost.", "UTF-8");
                    m.saveChanges();
                    tr.sendMessage(m, new Address[] {to});
                }
            }
        } finally {
            t.setContextClassLoader(before);
        }
    }

    private static LoadRun.Result result(String label, long[] ns, int perRun) {
        long[] sorted = ns.clone();
        java.util.Arrays.sort(sorted);
        double seconds = java.util.Arrays.stream(ns).sum() / 1e9;
        long notices = (long) perRun * ns.length;
        return new LoadRun.Result(label, "SMTP", perRun + " notices per run", 1, seconds, notices, notices / seconds,
                LoadRun.percentileMs(sorted, 0.50), LoadRun.percentileMs(sorted, 0.99), sorted[sorted.length - 1] / 1e6, 0, 0,
                Map.of(200, notices), new ArrayList<>());
    }
}
