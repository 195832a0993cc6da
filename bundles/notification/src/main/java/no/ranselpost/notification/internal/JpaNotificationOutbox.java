package no.ranselpost.notification.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.ConflictException;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.notification.api.NoticeCategories;
import no.ranselpost.notification.api.NoticeSettings;
import no.ranselpost.notification.api.NotificationActions;
import no.ranselpost.notification.api.NotificationChannel;
import no.ranselpost.notification.api.NotificationChannel.Delivery;
import no.ranselpost.notification.api.NotificationChannel.OutgoingNotice;
import no.ranselpost.notification.api.NotificationChannel.Outcome;
import no.ranselpost.notification.api.NotificationOutbox;
import no.ranselpost.notification.api.NotificationService;
import no.ranselpost.notification.api.QueueStatus;
import no.ranselpost.notification.internal.Contacts.Contact;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.ContactRegistrationEntity;
import no.ranselpost.persistence.entity.NoticeSettingsEntity;
import no.ranselpost.persistence.entity.NotificationEntity;

/**
 * The durable outbox and its worker. Notices are written in the caller's transaction (a message's
 * send); the worker claims due ones with a conditional UPDATE (claimed by this node's token until
 * a time: a row another worker holds is never taken, so two nodes on one database never send the
 * same notice), merges them per recipient and channel, skips those whose message was read
 * meanwhile, sends, and marks them. A failed attempt waits with exponential backoff, up to a limit,
 * then is kept as failed. A notice is sent twice only when a crash falls between the server's
 * acceptance and the mark. Nothing of an address or a text is ever logged.
 */
@Component(service = {NotificationOutbox.class, NotificationService.class, JpaNotificationOutbox.class}, configurationPid = "no.ranselpost.notification")
@Designate(ocd = NotificationSettings.class)
public class JpaNotificationOutbox implements NotificationOutbox, NotificationService {

    private static final Logger LOG = LoggerFactory.getLogger(JpaNotificationOutbox.class);
    static final String EMAIL = "email";
    static final String SMS = "sms";
    private static final Actor WORKER = Actor.systemJob("notification-outbox");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Transactions tx;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final OsloClock clock;
    private final Map<String, NotificationChannel> channels = new ConcurrentHashMap<>();
    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong rounds = new AtomicLong();
    private volatile NotificationSettings settings;
    private volatile ScheduledExecutorService worker;

    @Activate
    public JpaNotificationOutbox(@Reference Transactions tx, @Reference AccessPolicy access, @Reference AuditTrail audit,
                                 @Reference OsloClock clock, NotificationSettings settings) {
        this.tx = tx;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        start();
    }

    @Modified
    void modified(NotificationSettings s) {
        this.settings = s;
        stop();
        start();
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    private synchronized void start() {
        int every = settings.pollMillis();
        if (every <= 0) {
            return;
        }
        ScheduledExecutorService w = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ranselpost-notification-worker");
            t.setDaemon(true);
            return t;
        });
        w.scheduleWithFixedDelay(() -> {
            try {
                while (deliverNow() > 0 && !Thread.currentThread().isInterrupted()) {
                    // more may be due: go on until a round finds nothing
                }
            } catch (RuntimeException e) {
                LOG.warn("Notification worker round failed: {}", e.getClass().getName());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        worker = w;
        LOG.info("Notification worker {} runs every {} ms (delay {} s, {} attempts)", node, every, settings.delaySeconds(), settings.maxAttempts());
    }

    private synchronized void stop() {
        ScheduledExecutorService w = worker;
        worker = null;
        if (w != null) {
            w.shutdownNow();
            try {
                w.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addChannel(NotificationChannel c) {
        channels.put(c.name(), c);
        LOG.info("Notification channel {} is available", c.name());
    }

    public void removeChannel(NotificationChannel c) {
        channels.remove(c.name(), c);
    }

    String node() {
        return node;
    }

    // ---- the outbox

    @Override
    public int enqueue(EntityManager em, long sendId, String category, boolean urgent, List<Recipient> recipients) {
        if (recipients.isEmpty() || !channels.containsKey(EMAIL) && !(urgent && channels.containsKey(SMS))) {
            return 0;
        }
        OffsetDateTime now = clock.nowUtc();
        Set<String> mandatory = mandatory();
        Map<Long, Contact> contacts = Contacts.resolve(em, recipients.stream().map(Recipient::personId).toList(), now);
        List<Object[]> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Recipient r : recipients) {
            Contact c = contacts.get(r.personId());
            if (c == null || !seen.add(r.personId() + ":" + r.messageId())) {
                continue;
            }
            if (c.off().contains(category) && !mandatory.contains(category) && !(urgent && mandatory.contains(NoticeCategories.URGENT))) {
                continue;
            }
            if (c.email() != null && channels.containsKey(EMAIL)) {
                rows.add(new Object[] {r, EMAIL});
            }
            if (urgent && c.mobile() != null && channels.containsKey(SMS)) {
                rows.add(new Object[] {r, SMS});
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        org.apache.openjpa.persistence.Generator ids = em.unwrap(org.apache.openjpa.persistence.OpenJPAEntityManager.class)
                .getFieldGenerator(NotificationEntity.class, "id");
        ids.allocate(rows.size());
        boolean postgres = postgres();
        OffsetDateTime due = now.plusSeconds(settings.delaySeconds());
        String cat = urgent ? NoticeCategories.URGENT : category;
        try (PreparedStatement ps = em.unwrap(Connection.class).prepareStatement("INSERT INTO RP_NOTIFICATION (ID, PERSON_ID, CHANNEL, CATEGORY,"
                + " SEND_ID, THREAD_ID, MESSAGE_ID, STATE, ATTEMPTS, CREATED_AT, NEXT_ATTEMPT_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)")) {
            for (Object[] row : rows) {
                Recipient r = (Recipient) row[0];
                ps.setLong(1, ((Number) ids.next()).longValue());
                ps.setLong(2, r.personId());
                ps.setString(3, (String) row[1]);
                ps.setString(4, cat);
                ps.setLong(5, sendId);
                ps.setLong(6, r.threadId());
                ps.setLong(7, r.messageId());
                ps.setString(8, NotificationEntity.PENDING);
                timestamp(ps, 9, now, postgres);
                timestamp(ps, 10, due, postgres);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new PersistenceException("Writing the notices of send " + sendId + " failed", e);
        }
        return rows.size();
    }

    @Override
    public int notNotifiable(EntityManager em, Collection<Long> personIds) {
        Set<Long> distinct = new HashSet<>(personIds);
        Map<Long, Contact> contacts = Contacts.resolve(em, distinct, clock.nowUtc());
        return (int) distinct.stream().filter(p -> contacts.get(p) == null || contacts.get(p).email() == null).count();
    }

    private Set<String> mandatory() {
        String m = settings.mandatoryCategories();
        return m == null ? Set.of() : Arrays.stream(m.split(",")).map(String::strip).filter(x -> !x.isEmpty()).collect(Collectors.toSet());
    }

    private boolean postgres() {
        return "PostgreSQL".equals(tx.databaseProductName());
    }

    private static void timestamp(PreparedStatement ps, int i, OffsetDateTime t, boolean postgres) throws SQLException {
        if (postgres) {
            ps.setObject(i, t);
        } else {
            ps.setTimestamp(i, Timestamp.from(t.toInstant()));
        }
    }

    // ---- the worker

    /** One round: claim due notices, send them merged per recipient and channel, mark them. How many notices it finished or put back. */
    @Override
    public int deliverNow() {
        NotificationSettings s = settings;
        OffsetDateTime now = clock.nowUtc();
        Set<String> available = new HashSet<>(channels.keySet());
        if (available.isEmpty()) {
            return 0;
        }
        String token = node + ":" + rounds.incrementAndGet();
        List<Long> candidates = tx.inTransaction(em -> em.createQuery("select n.id from NotificationEntity n where n.state = :pending"
                        + " and n.nextAttemptAt <= :now and (n.claimUntil is null or n.claimUntil < :now) and n.channel in :channels"
                        + " order by n.nextAttemptAt, n.id", Long.class).setParameter("pending", NotificationEntity.PENDING).setParameter("now", now)
                .setParameter("channels", new ArrayList<>(available)).setMaxResults(s.batchSize()).getResultList());
        if (candidates.isEmpty()) {
            return 0;
        }
        boolean postgres = postgres();
        // the claim: a row another worker took meanwhile (its claim still running) is left alone
        tx.run(em -> {
            StringBuilder in = new StringBuilder();
            candidates.forEach(c -> in.append(in.length() == 0 ? "" : ",").append('?'));
            try (PreparedStatement ps = em.unwrap(Connection.class).prepareStatement("UPDATE RP_NOTIFICATION SET CLAIMED_BY = ?, CLAIM_UNTIL = ?"
                    + " WHERE STATE = 'PENDING' AND (CLAIM_UNTIL IS NULL OR CLAIM_UNTIL < ?) AND ID IN (" + in + ")")) {
                ps.setString(1, token);
                timestamp(ps, 2, now.plusSeconds(s.claimSeconds()), postgres);
                timestamp(ps, 3, now, postgres);
                int i = 4;
                for (long c : candidates) {
                    ps.setLong(i++, c);
                }
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new PersistenceException("Claiming notices failed", e);
            }
        });
        List<NotificationEntity> claimed = tx.inTransaction(em -> {
            List<NotificationEntity> l = em.createQuery("select n from NotificationEntity n where n.claimedBy = :t order by n.id",
                    NotificationEntity.class).setParameter("t", token).getResultList();
            l.forEach(em::detach);
            return l;
        });
        if (claimed.isEmpty()) {
            return 0;
        }
        Map<String, List<NotificationEntity>> groups = new LinkedHashMap<>();
        claimed.forEach(n -> groups.computeIfAbsent(n.getPersonId() + ":" + n.getChannel(), k -> new ArrayList<>()).add(n));
        Set<Long> persons = claimed.stream().map(NotificationEntity::getPersonId).collect(Collectors.toSet());
        Map<Long, Contact> contacts = new HashMap<>();
        Set<String> read = new HashSet<>();
        tx.run(em -> {
            contacts.putAll(Contacts.resolve(em, persons, now));
            read.addAll(readNotices(em, claimed));
        });
        // what each group comes to: skipped, or one notice to send
        Map<String, String> outcome = new HashMap<>();
        Map<String, List<Object[]>> toSend = new HashMap<>();
        for (Map.Entry<String, List<NotificationEntity>> g : groups.entrySet()) {
            NotificationEntity first = g.getValue().get(0);
            List<NotificationEntity> unread = g.getValue().stream().filter(n -> !read.contains(n.getId() + "")).toList();
            Contact c = contacts.get(first.getPersonId());
            String address = c == null ? null : EMAIL.equals(first.getChannel()) ? c.email() : c.mobile();
            NotificationChannel ch = channels.get(first.getChannel());
            if (unread.isEmpty()) {
                outcome.put(g.getKey(), "skipped:read");
            } else if (address == null) {
                outcome.put(g.getKey(), "skipped:no-contact");
            } else if (ch == null) {
                outcome.put(g.getKey(), "retry:no-channel");
            } else if (!ch.validAddress(address)) {
                outcome.put(g.getKey(), "failed:invalid-address");
            } else {
                NoticeTexts.Text text = EMAIL.equals(first.getChannel()) ? NoticeTexts.email(c.language(), s.baseUrl())
                        : NoticeTexts.sms(c.language(), s.baseUrl());
                toSend.computeIfAbsent(first.getChannel(), k -> new ArrayList<>()).add(new Object[] {g.getKey(),
                        new OutgoingNotice(first.getId(), address, text.subject(), text.body())});
            }
        }
        for (Map.Entry<String, List<Object[]>> e : toSend.entrySet()) {
            NotificationChannel ch = channels.get(e.getKey());
            List<OutgoingNotice> notices = e.getValue().stream().map(x -> (OutgoingNotice) x[1]).toList();
            List<Delivery> results;
            try {
                results = ch == null ? null : ch.send(notices);
            } catch (RuntimeException ex) {
                LOG.warn("Channel {} failed on {} notice(s): {}", e.getKey(), notices.size(), ex.getClass().getName());
                results = null;
            }
            for (int i = 0; i < e.getValue().size(); i++) {
                Delivery d = results == null || results.size() <= i ? Delivery.retry("channel-error") : results.get(i);
                String code = d.code() == null ? "unknown" : d.code();
                outcome.put((String) e.getValue().get(i)[0], switch (d.outcome()) {
                    case DELIVERED -> "sent";
                    case FINAL -> "failed:" + code;
                    case RETRY -> "retry:" + code;
                });
            }
        }
        OffsetDateTime done = clock.nowUtc();
        int[] counts = new int[4];
        // one UPDATE and one audit record per outcome (and, for retries, per attempt count), not per recipient
        Map<String, List<NotificationEntity>> byOutcome = new LinkedHashMap<>();
        for (Map.Entry<String, List<NotificationEntity>> g : groups.entrySet()) {
            String o = outcome.get(g.getKey());
            String key = g.getValue().get(0).getChannel() + "|" + o;
            if (o.startsWith("retry:")) {
                key += "|" + (g.getValue().stream().mapToInt(NotificationEntity::getAttempts).max().orElse(0) + 1);
            }
            byOutcome.computeIfAbsent(key, k -> new ArrayList<>()).addAll(g.getValue());
        }
        tx.run(em -> {
            for (Map.Entry<String, List<NotificationEntity>> e : byOutcome.entrySet()) {
                String[] k = e.getKey().split("\\|");
                String channel = k[0];
                String o = k[1];
                List<Long> all = e.getValue().stream().map(NotificationEntity::getId).toList();
                for (int i = 0; i < all.size(); i += 500) {
                    List<Long> ids = all.subList(i, Math.min(all.size(), i + 500));
                    if (o.startsWith("retry:")) {
                        int attempts = Integer.parseInt(k[2]);
                        boolean exhausted = attempts >= s.maxAttempts();
                        long wait = Math.min((long) s.maxBackoffSeconds(), (long) s.backoffSeconds() << Math.min(20, attempts - 1));
                        em.createQuery("update NotificationEntity n set n.attempts = :a, n.state = :st, n.nextAttemptAt = :next, n.claimedBy = null,"
                                        + " n.claimUntil = null, n.outcome = :o, n.doneAt = :d where n.id in :ids").setParameter("a", attempts)
                                .setParameter("st", exhausted ? NotificationEntity.FAILED : NotificationEntity.PENDING)
                                .setParameter("next", done.plusSeconds(wait)).setParameter("o", exhausted ? "failed:attempts" : o)
                                .setParameter("d", exhausted ? done : null).setParameter("ids", ids).executeUpdate();
                        counts[exhausted ? 2 : 3] += ids.size();
                    } else {
                        String state = o.equals("sent") ? NotificationEntity.SENT : o.startsWith("skipped") ? NotificationEntity.SKIPPED
                                : NotificationEntity.FAILED;
                        em.createQuery("update NotificationEntity n set n.state = :st, n.claimedBy = null, n.claimUntil = null, n.outcome = :o,"
                                        + " n.doneAt = :d, n.attempts = n.attempts + 1 where n.id in :ids").setParameter("st", state).setParameter("o", o)
                                .setParameter("d", done).setParameter("ids", ids).executeUpdate();
                        counts[state.equals(NotificationEntity.SENT) ? 0 : state.equals(NotificationEntity.SKIPPED) ? 1 : 2] += ids.size();
                    }
                }
                // the record concerns the persons notified (ids only)
                List<Long> notified = e.getValue().stream().map(NotificationEntity::getPersonId).distinct().toList();
                audit.change(em, WORKER, NotificationActions.DELIVER, "notification", all.get(0), notified, null, channel + ":" + o);
            }
        });
        LOG.info("Notification round {}: {} sent, {} skipped, {} failed, {} to retry", token, counts[0], counts[1], counts[2], counts[3]);
        return claimed.size();
    }

    /** The ids (as strings) of the notices whose message the person has read (on any of their guardian accounts). */
    private static Set<String> readNotices(EntityManager em, List<NotificationEntity> notices) {
        Set<String> out = new HashSet<>();
        List<Long> threads = notices.stream().map(NotificationEntity::getThreadId).filter(t -> t != null).distinct().toList();
        if (threads.isEmpty()) {
            return out;
        }
        List<Long> persons = notices.stream().map(NotificationEntity::getPersonId).distinct().toList();
        Map<Long, Set<Long>> accountsOf = new HashMap<>();
        Map<String, Long> readUpTo = new HashMap<>();
        for (int i = 0; i < persons.size(); i += 500) {
            for (Object[] row : em.createQuery("select a.id, a.person.id from StaffAccountEntity a where a.person.id in :p and a.kind = :g",
                    Object[].class).setParameter("p", persons.subList(i, Math.min(persons.size(), i + 500))).setParameter("g", AccountKind.GUARDIAN)
                    .getResultList()) {
                accountsOf.computeIfAbsent((Long) row[1], k -> new HashSet<>()).add((Long) row[0]);
            }
        }
        for (int i = 0; i < threads.size(); i += 500) {
            for (Object[] row : em.createQuery("select r.threadId, r.accountId, r.lastReadMessageId from MessageReadEntity r where r.threadId in :t",
                    Object[].class).setParameter("t", threads.subList(i, Math.min(threads.size(), i + 500))).getResultList()) {
                readUpTo.merge(row[0] + ":" + row[1], (Long) row[2], Math::max);
            }
        }
        for (NotificationEntity n : notices) {
            if (n.getThreadId() == null || n.getMessageId() == null) {
                continue;
            }
            for (long a : accountsOf.getOrDefault(n.getPersonId(), Set.of())) {
                Long upTo = readUpTo.get(n.getThreadId() + ":" + a);
                if (upTo != null && upTo >= n.getMessageId()) {
                    out.add(n.getId() + "");
                }
            }
        }
        return out;
    }

    // ---- monitoring

    @Override
    public QueueStatus queueStatus(AuthenticatedPrincipal p) {
        access.require(p, NotificationActions.QUEUE_READ, Target.NONE);
        return status();
    }

    /** The shell's view (the shell is SYSTEM_ADMIN's and OWNER's only, ACCESS.md). */
    public QueueStatus shellStatus() {
        return status();
    }

    /** The shell's retry, audited as the shell user. */
    public int shellRetry(Actor actor) {
        return retryFailed(actor);
    }

    QueueStatus status() {
        OffsetDateTime now = clock.nowUtc();
        return tx.inTransaction(em -> {
            long waiting = count(em, "n.state = 'PENDING'", null);
            long inFlight = count(em, "n.state = 'PENDING' and n.claimUntil is not null and n.claimUntil >= :now", now);
            long retrying = count(em, "n.state = 'PENDING' and n.attempts > 0", null);
            long failed = count(em, "n.state = 'FAILED'", null);
            long sent = em.createQuery("select count(n) from NotificationEntity n where n.state = 'SENT' and n.doneAt >= :since", Long.class)
                    .setParameter("since", now.minusHours(1)).getSingleResult();
            List<OffsetDateTime> oldest = em.createQuery("select n.createdAt from NotificationEntity n where n.state = 'PENDING' order by n.createdAt",
                    OffsetDateTime.class).setMaxResults(1).getResultList();
            OffsetDateTime o = oldest.isEmpty() ? null : oldest.get(0);
            return new QueueStatus(waiting, inFlight, retrying, failed, sent, o, o == null ? 0 : Math.max(0, Duration.between(o, now).getSeconds()));
        });
    }

    private static long count(EntityManager em, String where, OffsetDateTime now) {
        var q = em.createQuery("select count(n) from NotificationEntity n where " + where, Long.class);
        if (now != null) {
            q.setParameter("now", now);
        }
        return q.getSingleResult();
    }

    @Override
    public int retryFailed(AuthenticatedPrincipal p) {
        access.require(p, NotificationActions.FAILED_RETRY, Target.NONE);
        return retryFailed(Actor.of(p));
    }

    int retryFailed(Actor actor) {
        OffsetDateTime now = clock.nowUtc();
        return tx.inTransaction(em -> {
            int n = em.createQuery("update NotificationEntity n set n.state = 'PENDING', n.attempts = 0, n.nextAttemptAt = :now, n.claimedBy = null,"
                    + " n.claimUntil = null, n.doneAt = null where n.state = 'FAILED'").setParameter("now", now).executeUpdate();
            audit.change(em, actor, NotificationActions.FAILED_RETRY, "notification-queue", 0, List.of(), null, "retried:" + Math.min(n, 9999));
            return n;
        });
    }

    // ---- a guardian's own settings

    private long self(AuthenticatedPrincipal p, String action) {
        access.require(p, action, Target.NONE);
        if (p.kind() != AccountKind.GUARDIAN || p.personId() == null) {
            throw new InvalidRequestException("Notice settings are a guardian's own");
        }
        return p.personId();
    }

    @Override
    public NoticeSettings settings(AuthenticatedPrincipal p) {
        long person = self(p, NotificationActions.SETTINGS_READ);
        return tx.inTransaction(em -> view(em, person));
    }

    private NoticeSettings view(EntityManager em, long person) {
        NoticeSettingsEntity s = find(em, person);
        List<ContactRegistrationEntity> rs = em.createQuery("select r from ContactRegistrationEntity r where r.person.id = :p",
                ContactRegistrationEntity.class).setParameter("p", person).getResultList();
        Contact c = Contacts.contact(em.find(no.ranselpost.persistence.entity.PersonEntity.class, person), rs.isEmpty() ? null : rs.get(0), s,
                clock.nowUtc());
        List<String> off = s == null || s.getCategoriesOff() == null || s.getCategoriesOff().isBlank() ? List.of()
                : List.of(s.getCategoriesOff().split(","));
        String language = s != null && s.getLanguage() != null ? s.getLanguage() : NoticeTexts.language(rs.isEmpty() ? null : rs.get(0).getLanguage());
        return new NoticeSettings(language, s == null ? null : s.getLanguage(), off, mandatory().stream().sorted().toList(),
                rs.isEmpty() ? "OWN" : "KRR", c == null ? null : c.email(), c == null ? null : c.mobile(), s == null ? null : s.getPendingKind());
    }

    private static NoticeSettingsEntity find(EntityManager em, long person) {
        List<NoticeSettingsEntity> l = em.createQuery("select s from NoticeSettingsEntity s where s.personId = :p", NoticeSettingsEntity.class)
                .setParameter("p", person).getResultList();
        return l.isEmpty() ? null : l.get(0);
    }

    private NoticeSettingsEntity findOrCreate(EntityManager em, long person) {
        NoticeSettingsEntity s = find(em, person);
        if (s == null) {
            s = new NoticeSettingsEntity();
            s.setPersonId(person);
            s.setUpdatedAt(clock.nowUtc());
            em.persist(s);
        }
        return s;
    }

    @Override
    public NoticeSettings updateSettings(AuthenticatedPrincipal p, NoticeSettings.Change change) {
        long person = self(p, NotificationActions.SETTINGS_WRITE);
        if (change == null) {
            throw new InvalidRequestException("Name 'language' and/or 'categoriesOff'");
        }
        String language = change.language() == null ? null : change.language().strip().toLowerCase(Locale.ROOT);
        if (language != null && !language.isEmpty() && !List.of("nb", "nn", "en").contains(language)) {
            throw new InvalidRequestException("'language' is nb, nn or en (blank: the contact register's)");
        }
        if (change.categoriesOff() != null) {
            for (String c : change.categoriesOff()) {
                if (c == null || !NoticeCategories.ALL.contains(c)) {
                    throw new InvalidRequestException("'categoriesOff' names categories of " + NoticeCategories.ALL);
                }
                if (mandatory().contains(c)) {
                    throw new InvalidRequestException("The kommune marks '" + c + "' mandatory: it cannot be turned off");
                }
            }
        }
        return tx.inTransaction(em -> {
            NoticeSettingsEntity s = findOrCreate(em, person);
            if (language != null) {
                s.setLanguage(language.isEmpty() ? null : language);
            }
            if (change.categoriesOff() != null) {
                s.setCategoriesOff(change.categoriesOff().stream().distinct().sorted().collect(Collectors.joining(",")));
            }
            s.setUpdatedAt(clock.nowUtc());
            em.flush();
            audit.change(em, Actor.of(p), NotificationActions.SETTINGS_WRITE, "notice-settings", s.getId(), List.of(person), null, "settings");
            return view(em, person);
        });
    }

    static final java.util.regex.Pattern EMAIL_ADDRESS = java.util.regex.Pattern.compile("[^@\\s,;<>\"]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,}");
    static final java.util.regex.Pattern MOBILE_NUMBER = java.util.regex.Pattern.compile("\\+?[0-9]{8,15}");

    @Override
    public NoticeSettings changeContact(AuthenticatedPrincipal p, NoticeSettings.ContactChange change) {
        long person = self(p, NotificationActions.CONTACT_CHANGE);
        boolean email = change != null && change.email() != null;
        boolean mobile = change != null && change.mobile() != null;
        if (email == mobile) {
            throw new InvalidRequestException("Name exactly one of 'email' and 'mobile'");
        }
        String value = (email ? change.email() : change.mobile()).strip().replace(" ", email ? " " : "");
        if (email ? !EMAIL_ADDRESS.matcher(value).matches() || value.length() > 320 : !MOBILE_NUMBER.matcher(value).matches()) {
            throw new InvalidRequestException(email ? "'email' is not an e-mail address" : "'mobile' is not a mobile number (8 to 15 digits, + first allowed)");
        }
        NotificationChannel ch = channels.get(email ? EMAIL : SMS);
        if (ch == null || !ch.validAddress(value)) {
            throw new ConflictException("notification", email ? "No e-mail channel runs to send the code" : "No SMS channel runs to send the code");
        }
        boolean registered = tx.inTransaction(em -> !em.createQuery("select r.id from ContactRegistrationEntity r where r.person.id = :p", Long.class)
                .setParameter("p", person).getResultList().isEmpty());
        if (registered) {
            throw new ConflictException("notification", "Your contact data comes from the contact register (KRR): change it there");
        }
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        String language = tx.inTransaction(em -> {
            NoticeSettingsEntity s = find(em, person);
            return s == null ? "nb" : NoticeTexts.language(s.getLanguage());
        });
        NoticeTexts.Text text = NoticeTexts.code(language, code);
        Delivery d = ch.send(List.of(new OutgoingNotice(0, value, text.subject(), text.body()))).get(0);
        if (d.outcome() != Outcome.DELIVERED) {
            throw d.outcome() == Outcome.FINAL ? new InvalidRequestException(email ? "The e-mail address was refused" : "The mobile number was refused")
                    : new ConflictException("notification", "The code could not be sent now; try again later");
        }
        return tx.inTransaction(em -> {
            NoticeSettingsEntity s = findOrCreate(em, person);
            s.setPendingKind(email ? "EMAIL" : "MOBILE");
            s.setPendingValue(value);
            s.setPendingCodeHash(hash(person, code));
            s.setPendingUntil(clock.nowUtc().plusMinutes(settings.codeMinutes()));
            s.setPendingAttempts(0);
            s.setUpdatedAt(clock.nowUtc());
            em.flush();
            audit.change(em, Actor.of(p), NotificationActions.CONTACT_CHANGE, "notice-settings", s.getId(), List.of(person), null,
                    email ? "email-code-sent" : "mobile-code-sent");
            return view(em, person);
        });
    }

    @Override
    public NoticeSettings confirmContact(AuthenticatedPrincipal p, NoticeSettings.Confirmation confirmation) {
        long person = self(p, NotificationActions.CONTACT_CHANGE);
        if (confirmation == null || confirmation.code() == null || !confirmation.code().strip().matches("[0-9]{6}")) {
            throw new InvalidRequestException("'code' is the six digits that came to the new address or number");
        }
        String code = confirmation.code().strip();
        OffsetDateTime now = clock.nowUtc();
        String[] result = new String[1];
        NoticeSettings v = tx.inTransaction(em -> {
            NoticeSettingsEntity s = find(em, person);
            if (s == null || s.getPendingKind() == null || s.getPendingUntil() == null || s.getPendingUntil().isBefore(now)
                    || s.getPendingAttempts() >= 5) {
                result[0] = "none";
                return null;
            }
            if (!hash(person, code).equals(s.getPendingCodeHash())) {
                s.setPendingAttempts(s.getPendingAttempts() + 1);
                audit.change(em, Actor.of(p), NotificationActions.CONTACT_CHANGE, "notice-settings", s.getId(), List.of(person), null, "code-wrong");
                result[0] = "wrong";
                return null;
            }
            if ("EMAIL".equals(s.getPendingKind())) {
                s.setEmail(s.getPendingValue());
                s.setEmailConfirmedAt(now);
            } else {
                s.setMobile(s.getPendingValue());
                s.setMobileConfirmedAt(now);
            }
            String kind = s.getPendingKind().toLowerCase(Locale.ROOT);
            s.setPendingKind(null);
            s.setPendingValue(null);
            s.setPendingCodeHash(null);
            s.setPendingUntil(null);
            s.setPendingAttempts(0);
            s.setUpdatedAt(now);
            audit.change(em, Actor.of(p), NotificationActions.CONTACT_CHANGE, "notice-settings", s.getId(), List.of(person), null, kind + "-confirmed");
            return view(em, person);
        });
        if (v == null) {
            throw new InvalidRequestException("wrong".equals(result[0]) ? "The code is wrong" : "No change waits for a code (or its code ran out): ask for a new one");
        }
        return v;
    }

    private static String hash(long person, String code) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((person + ":" + code).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
