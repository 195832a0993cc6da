package no.ranselpost.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.messaging.api.InboxPage;
import no.ranselpost.messaging.api.ThreadSummary;
import no.ranselpost.messaging.internal.MessagingWorld.Guardian;
import no.ranselpost.persistence.testing.RowCountingDataSource;
import no.ranselpost.persistence.testing.TestDatabase;

/**
 * On a 10 000-child kommune with 100 000 messages (10 threads per family, written straight into
 * the tables), a guardian's inbox page and unread count are filtered and paged by the database:
 * the rows it hands over are counted, and they are a page's worth, not the kommune's.
 */
class MessagingScaleTest {

    private static final RowCountingDataSource COUNTER = new RowCountingDataSource();
    private static final int CHILDREN = 10_000;
    private static final int THREADS_PER_FAMILY = 10;
    private static MessagingWorld w;
    private static JpaMessagingService messages;
    private static Guardian guardian;
    private static long guardianThreads;

    @BeforeAll
    static void kommune() throws Exception {
        w = new MessagingWorld(new TestDatabase(COUNTER::wrap));
        messages = w.service("MESSAGE");
        long t0 = System.nanoTime();
        // the guardian whose inbox is read: a family of two children made the ordinary way, among the 10 000
        long unit = w.unit("964338531", UnitType.SCHOOL);
        long group = w.group(unit, "5A");
        long first = w.child("Eli", unit, group);
        guardian = w.guardian("Marit", first, ParentalResponsibility.FELLES, AddressProtection.NONE, unit);
        long second = w.child("Even", unit, group);
        w.link(second, guardian.person(), ParentalResponsibility.FELLES);
        long sender = w.staff("teacher.5a", no.ranselpost.core.api.Role.LEADER, unit, group).accountId();
        try (Connection c = w.db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            bulk(c, unit, sender, first, second);
            c.commit();
        }
        guardianThreads = w.db.transactions().inTransaction(em -> em.createQuery("select count(p) from ThreadParticipantEntity p where p.personId = :p",
                Long.class).setParameter("p", guardian.person()).getSingleResult());
        System.out.printf("[scale] kommune of %d children, %d messages loaded in %d ms; the guardian takes part in %d threads%n",
                w.rows("EnrolmentEntity"), w.rows("MessageEntity"), (System.nanoTime() - t0) / 1_000_000, guardianThreads);
    }

    @AfterAll
    static void close() {
        w.close();
    }

    /** 10 000 children in 500 groups of 5 units, two activated guardians each, 10 single-family threads per family. */
    private static void bulk(Connection c, long guardiansUnit, long sender, long firstChild, long secondChild) throws Exception {
        long id = 50_000_000L;
        Timestamp now = Timestamp.from(w.clock.instant());
        LocalDate start = w.today().minusDays(100);
        try (Statement s = c.createStatement()) {
            for (int u = 0; u < 5; u++) {
                s.executeUpdate("INSERT INTO RP_UNIT (ID, NAME, ORG_NUMBER, UNIT_TYPE) VALUES (" + (id + u) + ", 'Skole " + u + "', '9" + (10000000 + u)
                        + "', 'SCHOOL')");
            }
        }
        long unitBase = id;
        id += 10;
        long groupBase = id;
        try (PreparedStatement g = c.prepareStatement("INSERT INTO RP_UNIT_GROUP (ID, GROUP_CODE, GROUP_TYPE, NAME, UNIT_ID) VALUES (?, ?, 'CLASS', ?, ?)")) {
            for (int i = 0; i < 500; i++) {
                g.setLong(1, groupBase + i);
                g.setString(2, "G" + i);
                g.setString(3, "Gruppe " + i);
                g.setLong(4, unitBase + i % 5);
                g.addBatch();
            }
            g.executeBatch();
        }
        id += 500;
        try (PreparedStatement person = c.prepareStatement("INSERT INTO RP_PERSON (ID, NATIONAL_ID, GIVEN_NAME, FAMILY_NAME, ADDRESS_PROTECTION,"
                + " DECEASED) VALUES (?, ?, 'Navn', 'Etternavn', 'NONE', ?)");
             PreparedStatement enrol = c.prepareStatement("INSERT INTO RP_ENROLMENT (ID, CHILD_ID, UNIT_ID, GROUP_ID, START_DATE) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement link = c.prepareStatement("INSERT INTO RP_GUARDIANSHIP (ID, CHILD_ID, GUARDIAN_ID, RELATION, RESPONSIBILITY, IS_CURRENT)"
                     + " VALUES (?, ?, ?, 'MOR', 'FELLES', ?)");
             PreparedStatement access = c.prepareStatement("INSERT INTO RP_GUARDIAN_UNIT_ACCESS (ID, PERSON_ID, UNIT_ID, ACCESS_STATE, GUARDIAN_ASKED)"
                     + " VALUES (?, ?, ?, '" + AccountState.ACTIVE.name() + "', ?)");
             PreparedStatement thread = c.prepareStatement("INSERT INTO RP_MSG_THREAD (ID, THREAD_KIND, UNIT_ID, GROUP_ID, CHILD_ID, SUBJECT, SENSITIVE,"
                     + " REPLY_ALLOWED, CREATED_BY, CREATED_AT, LAST_MESSAGE_ID, LAST_MESSAGE_AT, LAST_SENDER_ACCOUNT) VALUES (?, 'MESSAGE', ?, ?, ?,"
                     + " 'Emne', ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement participant = c.prepareStatement("INSERT INTO RP_MSG_PARTICIPANT (ID, THREAD_ID, PERSON_ID, PARTICIPANT_KIND)"
                     + " VALUES (?, ?, ?, 'GUARDIAN')");
             PreparedStatement message = c.prepareStatement("INSERT INTO RP_MSG_MESSAGE (ID, THREAD_ID, SEND_ID, SENDER_ACCOUNT, SENDER_KIND, BODY, STATE,"
                     + " URGENT, SENSITIVE, CREATED_AT) VALUES (?, ?, 1, ?, 'STAFF', 'Melding til familien', 'ACTIVE', ?, ?, ?)")) {
            int pending = 0;
            for (int i = 0; i < CHILDREN; i++) {
                boolean own = i < 2;
                long child = own ? (i == 0 ? firstChild : secondChild) : id++;
                long unit = own ? guardiansUnit : unitBase + i % 5;
                long group = groupBase + i % 500;
                long[] guardians = own ? new long[] {guardian.person()} : new long[] {id++, id++};
                if (!own) {
                    addPerson(person, child);
                    enrol.setLong(1, id++);
                    enrol.setLong(2, child);
                    enrol.setLong(3, unit);
                    enrol.setLong(4, group);
                    enrol.setDate(5, java.sql.Date.valueOf(start));
                    enrol.addBatch();
                    for (long g : guardians) {
                        addPerson(person, g);
                        link.setLong(1, id++);
                        link.setLong(2, child);
                        link.setLong(3, g);
                        link.setBoolean(4, true);
                        link.addBatch();
                        access.setLong(1, id++);
                        access.setLong(2, g);
                        access.setLong(3, unit);
                        access.setBoolean(4, true);
                        access.addBatch();
                    }
                }
                for (int t = 0; t < THREADS_PER_FAMILY; t++) {
                    long threadId = id++;
                    long messageId = id++;
                    thread.setLong(1, threadId);
                    thread.setLong(2, unit);
                    thread.setLong(3, own ? w.db.transactions().inTransaction(em -> em.createQuery("select e.group.id from EnrolmentEntity e where"
                            + " e.child.id = :c", Long.class).setParameter("c", child).getSingleResult()) : group);
                    thread.setLong(4, child);
                    thread.setBoolean(5, false);
                    thread.setBoolean(6, true);
                    thread.setLong(7, sender);
                    thread.setTimestamp(8, now);
                    thread.setLong(9, messageId);
                    thread.setTimestamp(10, now);
                    thread.setLong(11, sender);
                    thread.addBatch();
                    for (long g : guardians) {
                        participant.setLong(1, id++);
                        participant.setLong(2, threadId);
                        participant.setLong(3, g);
                        participant.addBatch();
                    }
                    message.setLong(1, messageId);
                    message.setLong(2, threadId);
                    message.setLong(3, sender);
                    message.setBoolean(4, false);
                    message.setBoolean(5, false);
                    message.setTimestamp(6, now);
                    message.addBatch();
                }
                if (++pending == 500) {
                    for (PreparedStatement p : List.of(person, enrol, link, access, thread, participant, message)) {
                        p.executeBatch();
                    }
                    pending = 0;
                }
            }
            for (PreparedStatement p : List.of(person, enrol, link, access, thread, participant, message)) {
                p.executeBatch();
            }
        }
    }

    private static int ids;

    private static void addPerson(PreparedStatement person, long id) throws Exception {
        person.setLong(1, id);
        person.setString(2, String.format("9%010d", ++ids));
        person.setBoolean(3, false);
        person.addBatch();
    }

    @Test
    void aGuardiansInboxPageAndUnreadCountReadAPagesWorthOfRows() {
        assertEquals(100_000, w.rows("MessageEntity"));
        assertEquals(20, guardianThreads, "the guardian's two children: ten threads each");
        COUNTER.reset();
        InboxPage page = messages.inbox(guardian.principal(), 0, 10, false);
        long pageRows = COUNTER.rows();
        COUNTER.reset();
        long unread = messages.unreadCount(guardian.principal());
        long countRows = COUNTER.rows();
        System.out.printf("[scale] a guardian's inbox page of %d threads read %d rows; the unread count (%d) %d rows; in a kommune of 100 000 messages%n",
                page.threads().size(), pageRows, unread, countRows);
        assertEquals(10, page.threads().size());
        assertTrue(page.more());
        assertEquals(20, unread);
        assertEquals(20, page.unreadThreads());
        // the page (11 threads fetched to know there is more), their read marks, the count, and the access policy's own reads
        assertTrue(pageRows < 60, "rows read for a page of 10: " + pageRows);
        assertTrue(countRows < 20, "rows read for the unread count: " + countRows);
        assertTrue(page.threads().stream().map(ThreadSummary::childId).allMatch(c -> c != null));
    }
}
