package no.ranselpost.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import no.ranselpost.messaging.api.Sent;
import no.ranselpost.messaging.internal.JpaMessagingService;
import no.ranselpost.messaging.internal.MessagingAccessDeclaration;
import no.ranselpost.messaging.internal.MessagingSettings;
import no.ranselpost.persistence.testing.Configurations;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.storage.internal.DatabaseContentStore;
import no.ranselpost.storage.internal.StorageSettings;

/**
 * A unit admin's message to every family of a 1 000-child school, through the real messaging
 * service (recipients resolved from the relations, access asked, one thread, message and
 * participant rows per family, the audit record, all in one transaction), beside a raw JDBC batch
 * insert of the same messaging rows into the same tables, in the same embedded Derby of this JVM.
 * The raw insert is the baseline; the ratio is the send's throughput (sends per second) over the
 * raw insert's. Goal: at least 0.33 (within 3x of raw).
 */
public final class MessagingBroadcastBenchmark implements Benchmark {

    static final int CHILDREN = 1_000;
    private static final String TEXT = "Skolen holder stengt fredag på grunn av planleggingsdag. Husk gymtøy mandag.";

    @Override
    public String id() {
        return "messaging-broadcast";
    }

    @Override
    public String title() {
        return "one message to every family of a 1 000-child school vs raw JDBC insert of the same rows";
    }

    @Override
    public List<LoadRun.Result> run(Context context) throws Exception {
        int reps = context.settings().smoke() ? 2 : 10;
        try (TestDatabase db = new TestDatabase()) {
            OsloClock clock = new OsloClock();
            JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
            RuleBasedAccessPolicy policy = new RuleBasedAccessPolicy(db.transactions(), audit, clock);
            policy.addDeclaration(new CoreAccessDeclaration(db.transactions(), clock));
            policy.addDeclaration(new MessagingAccessDeclaration(db.transactions()));
            JpaMessagingService messaging = new JpaMessagingService(db.transactions(), policy, audit, clock,
                    new DatabaseContentStore(db.transactions(), Configurations.of(StorageSettings.class, Map.of())),
                    Configurations.of(MessagingSettings.class, Map.of("threadModel", "MESSAGE")));
            long unit = school(db, clock.today());
            AuthenticatedPrincipal admin = new AuthenticatedPrincipal(90_000_000L, AccountKind.STAFF, "bench.unit-admin", "Rektor", null,
                    List.of(RoleGrant.unit(Role.UNIT_ADMIN, unit)), 1, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);
            NewMessage message = new NewMessage(Recipients.unit(unit), "Planleggingsdag", TEXT, false, false, false, List.of(), null, false);

            // warm-up: one of each, and the row counts the raw insert repeats
            Map<String, Long> before = counts(db);
            send(messaging, admin, message);
            Map<String, Long> stored = diff(before, counts(db));
            Sent probe = send(messaging, admin, message);
            System.out.println("[benchmark] messaging-broadcast: one send to " + probe.families() + " families stores " + stored);
            long[] nextId = {200_000_000L};
            raw(db, stored, unit, nextId);

            long[] sendNs = new long[reps];
            long[] rawNs = new long[reps];
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                raw(db, stored, unit, nextId);
                rawNs[i] = System.nanoTime() - t0;
                // the preflight is the sender's earlier step; the send resolves the recipients again and stores
                NewMessage quoted = quoted(messaging, admin, message);
                t0 = System.nanoTime();
                messaging.send(admin, quoted);
                sendNs[i] = System.nanoTime() - t0;
            }
            return List.of(result("raw JDBC batch insert of the same rows", rawNs), result("messaging send (service, access, audit)", sendNs));
        }
    }

    private static Sent send(JpaMessagingService messaging, AuthenticatedPrincipal admin, NewMessage message) {
        return messaging.send(admin, quoted(messaging, admin, message));
    }

    private static NewMessage quoted(JpaMessagingService messaging, AuthenticatedPrincipal admin, NewMessage message) {
        Preflight p = messaging.preflight(admin, message);
        return new NewMessage(message.recipients(), message.subject(), message.text(), false, false, false, List.of(), p.token(), false);
    }

    private static LoadRun.Result result(String label, long[] ns) {
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        double seconds = Arrays.stream(ns).sum() / 1e9;
        return new LoadRun.Result(label, "SEND", "unit-wide, " + CHILDREN + " families", 1, seconds, ns.length, ns.length / seconds,
                LoadRun.percentileMs(sorted, 0.50), LoadRun.percentileMs(sorted, 0.99), sorted[sorted.length - 1] / 1e6, 0, 0, Map.of(200, (long) ns.length),
                List.of());
    }

    private static final List<String> TABLES = List.of("RP_MSG_SEND", "RP_MSG_THREAD", "RP_MSG_MESSAGE", "RP_MSG_PARTICIPANT");

    private static Map<String, Long> counts(TestDatabase db) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String t : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t)) {
                    rs.next();
                    out.put(t, rs.getLong(1));
                }
            }
        }
        return out;
    }

    private static Map<String, Long> diff(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new LinkedHashMap<>();
        before.forEach((t, n) -> out.put(t, after.get(t) - n));
        return out;
    }

    /** The same rows, by JDBC batches in one transaction. */
    private static void raw(TestDatabase db, Map<String, Long> rows, long unit, long[] nextId) throws Exception {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            long send = nextId[0]++;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO RP_MSG_SEND (ID, SENDER_ACCOUNT, SENDER_KIND, SCOPE_KIND, SCOPE_ID, UNIT_ID,"
                    + " FAMILIES, GUARDIANS, URGENT, SENSITIVE, CREATED_AT) VALUES (?, 1, 'STAFF', 'UNIT', ?, ?, ?, ?, 0, 0, ?)")) {
                s.setLong(1, send);
                s.setLong(2, unit);
                s.setLong(3, unit);
                s.setLong(4, rows.get("RP_MSG_THREAD"));
                s.setLong(5, rows.get("RP_MSG_PARTICIPANT") - rows.get("RP_MSG_THREAD"));
                s.setTimestamp(6, now);
                s.executeUpdate();
            }
            long threads = rows.get("RP_MSG_THREAD");
            long perThread = rows.get("RP_MSG_PARTICIPANT") / Math.max(1, threads);
            long extra = rows.get("RP_MSG_PARTICIPANT") - perThread * threads;
            try (PreparedStatement t = c.prepareStatement("INSERT INTO RP_MSG_THREAD (ID, THREAD_KIND, UNIT_ID, CHILD_ID, SEND_ID, SUBJECT, SENSITIVE,"
                    + " REPLY_ALLOWED, CREATED_BY, CREATED_AT, LAST_MESSAGE_ID, LAST_MESSAGE_AT, LAST_SENDER_ACCOUNT)"
                    + " VALUES (?, 'MESSAGE', ?, ?, ?, 'Planleggingsdag', 0, 1, 1, ?, ?, ?, 1)");
                 PreparedStatement m = c.prepareStatement("INSERT INTO RP_MSG_MESSAGE (ID, THREAD_ID, SEND_ID, SENDER_ACCOUNT, SENDER_KIND, BODY, STATE,"
                         + " URGENT, SENSITIVE, CREATED_AT) VALUES (?, ?, ?, 1, 'STAFF', ?, 'ACTIVE', 0, 0, ?)");
                 PreparedStatement p = c.prepareStatement("INSERT INTO RP_MSG_PARTICIPANT (ID, THREAD_ID, PERSON_ID, PARTICIPANT_KIND)"
                         + " VALUES (?, ?, ?, 'GUARDIAN')")) {
                for (long i = 0; i < threads; i++) {
                    long thread = nextId[0]++;
                    long msg = nextId[0]++;
                    t.setLong(1, thread);
                    t.setLong(2, unit);
                    t.setLong(3, i);
                    t.setLong(4, send);
                    t.setTimestamp(5, now);
                    t.setLong(6, msg);
                    t.setTimestamp(7, now);
                    t.addBatch();
                    m.setLong(1, msg);
                    m.setLong(2, thread);
                    m.setLong(3, send);
                    m.setString(4, TEXT);
                    m.setTimestamp(5, now);
                    m.addBatch();
                    for (long k = 0; k < perThread + (i < extra ? 1 : 0); k++) {
                        p.setLong(1, nextId[0]++);
                        p.setLong(2, thread);
                        p.setLong(3, k);
                        p.addBatch();
                    }
                }
                t.executeBatch();
                m.executeBatch();
                p.executeBatch();
            }
            c.commit();
        }
    }

    /** A school of 1 000 children in 40 classes, each child with two guardians with joint responsibility, activated. */
    static long school(TestDatabase db, LocalDate today) throws Exception {
        long id = 10_000_000L;
        long unit = id++;
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO RP_UNIT (ID, NAME, ORG_NUMBER, UNIT_TYPE) VALUES (" + unit + ", 'Benkemerke skole', '964338531', 'SCHOOL')");
            }
            long groups = id;
            try (PreparedStatement g = c.prepareStatement("INSERT INTO RP_UNIT_GROUP (ID, GROUP_CODE, GROUP_TYPE, NAME, UNIT_ID) VALUES (?, ?, 'CLASS', ?, ?)")) {
                for (int i = 0; i < 40; i++) {
                    g.setLong(1, id++);
                    g.setString(2, "K" + i);
                    g.setString(3, "Klasse " + i);
                    g.setLong(4, unit);
                    g.addBatch();
                }
                g.executeBatch();
            }
            List<PreparedStatement> all = new ArrayList<>();
            PreparedStatement person = c.prepareStatement("INSERT INTO RP_PERSON (ID, NATIONAL_ID, GIVEN_NAME, FAMILY_NAME, ADDRESS_PROTECTION, DECEASED)"
                    + " VALUES (?, ?, ?, 'Etternavn', 'NONE', 0)");
            PreparedStatement enrol = c.prepareStatement("INSERT INTO RP_ENROLMENT (ID, CHILD_ID, UNIT_ID, GROUP_ID, START_DATE) VALUES (?, ?, ?, ?, ?)");
            PreparedStatement link = c.prepareStatement("INSERT INTO RP_GUARDIANSHIP (ID, CHILD_ID, GUARDIAN_ID, RELATION, RESPONSIBILITY, IS_CURRENT)"
                    + " VALUES (?, ?, ?, 'MOR', 'FELLES', 1)");
            PreparedStatement access = c.prepareStatement("INSERT INTO RP_GUARDIAN_UNIT_ACCESS (ID, PERSON_ID, UNIT_ID, ACCESS_STATE, GUARDIAN_ASKED)"
                    + " VALUES (?, ?, ?, 'ACTIVE', 1)");
            all.addAll(List.of(person, enrol, link, access));
            int n = 0;
            for (int i = 0; i < CHILDREN; i++) {
                long child = id++;
                person.setLong(1, child);
                person.setString(2, String.format("9%010d", ++n));
                person.setString(3, "Barn" + i);
                person.addBatch();
                enrol.setLong(1, id++);
                enrol.setLong(2, child);
                enrol.setLong(3, unit);
                enrol.setLong(4, groups + i % 40);
                enrol.setDate(5, java.sql.Date.valueOf(today.minusDays(100)));
                enrol.addBatch();
                for (int k = 0; k < 2; k++) {
                    long adult = id++;
                    person.setLong(1, adult);
                    person.setString(2, String.format("9%010d", ++n));
                    person.setString(3, "Voksen" + i + "x" + k);
                    person.addBatch();
                    link.setLong(1, id++);
                    link.setLong(2, child);
                    link.setLong(3, adult);
                    link.addBatch();
                    access.setLong(1, id++);
                    access.setLong(2, adult);
                    access.setLong(3, unit);
                    access.addBatch();
                }
            }
            for (PreparedStatement p : all) {
                p.executeBatch();
                p.close();
            }
            c.commit();
        }
        return unit;
    }

}
