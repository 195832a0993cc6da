package no.ranselpost.retention.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditCheckpoint;
import no.ranselpost.audit.api.AuditRetention;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.core.api.ConflictException;
import no.ranselpost.persistence.api.Leases;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.RetentionCountEntity;
import no.ranselpost.persistence.entity.RetentionRunEntity;
import no.ranselpost.retention.api.RetentionActions;
import no.ranselpost.retention.api.RetentionParticipant;
import no.ranselpost.retention.api.RetentionRun;
import no.ranselpost.retention.api.RetentionScope;
import no.ranselpost.retention.api.RetentionService;

/**
 * The retention job. A run goes batch by batch through the children who are due: each batch
 * (its children, their guardians with no child left, their guardian accounts) is handed to every
 * registered {@link RetentionParticipant} and then to the core, and commits with its counts and
 * their audit records (codes and counts, no personal data) in one transaction. Then what goes by
 * age (sessions, run inputs, rejections, retry lists), then the audit trail's oldest seals behind
 * a checkpoint. A batch that fails rolls back whole and is due again in the next run (resumable);
 * a run right after another finds nothing (idempotent). One run at a time per node; a second
 * caller waits for the first.
 */
@Component(service = RetentionService.class, configurationPid = "no.ranselpost.retention", immediate = true)
@Designate(ocd = RetentionSettings.class)
public class RetentionJob implements RetentionService {

    static final String JOB = "retention";
    /** The lease a run holds (two nodes on one database: one runs retention at a time). */
    static final String LEASE = "retention";
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final Transactions tx;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final AuditRetention auditRetention;
    private final OsloClock clock;
    private final Leases leases;
    private final List<RetentionParticipant> participants = new CopyOnWriteArrayList<>();
    private final ReentrantLock running = new ReentrantLock();
    private volatile RetentionSettings settings;
    private ScheduledExecutorService schedule;

    @Activate
    public RetentionJob(@Reference Transactions tx, @Reference AccessPolicy access, @Reference AuditTrail audit,
                        @Reference AuditRetention auditRetention, @Reference OsloClock clock, @Reference Leases leases) {
        this.tx = tx;
        this.leases = leases;
        this.access = access;
        this.audit = audit;
        this.auditRetention = auditRetention;
        this.clock = clock;
    }

    /** Without a lease (one node: unit tests). */
    RetentionJob(Transactions tx, AccessPolicy access, AuditTrail audit, AuditRetention auditRetention, OsloClock clock) {
        this(tx, access, audit, auditRetention, clock, null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addParticipant(RetentionParticipant p) {
        participants.add(p);
    }

    void removeParticipant(RetentionParticipant p) {
        participants.remove(p);
    }

    @Activate
    @Modified
    void configure(RetentionSettings s) {
        this.settings = s;
        stopSchedule();
        if (s.dailyAtHour() >= 0) {
            schedule = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ranselpost-retention");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(10, s.checkIntervalSeconds());
            schedule.scheduleWithFixedDelay(this::scheduledQuietly, every, every, TimeUnit.SECONDS);
        }
    }

    /** For tests: the settings without ConfigAdmin (no schedule). */
    void settings(RetentionSettings s) {
        this.settings = s;
    }

    @Deactivate
    void deactivate() {
        stopSchedule();
    }

    private synchronized void stopSchedule() {
        if (schedule != null) {
            schedule.shutdownNow();
            schedule = null;
        }
    }

    /** Once a day in the configured hour (Oslo time), unless a run already succeeded today. */
    private void scheduledQuietly() {
        try {
            RetentionSettings s = settings;
            if (s.dailyAtHour() < 0 || clock.now().getHour() != s.dailyAtHour()) {
                return;
            }
            LocalDate today = clock.today();
            OffsetDateTime dayStart = today.atStartOfDay(OsloClock.ZONE).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
            long done = tx.inTransaction(em -> em.createQuery("select count(r) from RetentionRunEntity r where r.trigger = 'SCHEDULE' "
                    + "and r.status = 'SUCCEEDED' and r.startedAt >= :day", Long.class).setParameter("day", dayStart).getSingleResult());
            if (done == 0) {
                execute("SCHEDULE", Actor.systemJob(JOB));
            }
        } catch (ConflictException e) {
            LOG.debug("Retention runs on another node now");
        } catch (RuntimeException e) {
            LOG.warn("Retention did not run this time; it is tried again later: {}", e.getClass().getName());
        }
    }

    @Override
    public RetentionRun run(AuthenticatedPrincipal principal) {
        access.require(principal, RetentionActions.RUN, Target.NONE);
        return execute("REQUEST", Actor.of(principal));
    }

    @Override
    public List<RetentionRun> runs(AuthenticatedPrincipal principal, int max) {
        access.require(principal, RetentionActions.READ, Target.NONE);
        return tx.inTransaction(em -> {
            List<RetentionRunEntity> runs = em.createQuery("select r from RetentionRunEntity r order by r.id desc", RetentionRunEntity.class)
                    .setMaxResults(Math.max(1, Math.min(max, 200))).getResultList();
            List<RetentionRun> out = new ArrayList<>();
            for (RetentionRunEntity r : runs) {
                out.add(view(em, r));
            }
            return out;
        });
    }

    /**
     * Runs retention as {@code actor} (the principal that asked, or {@code system:retention}),
     * holding the lease; refused (409) while another node's run holds it.
     */
    RetentionRun execute(String trigger, Actor actor) {
        if (leases == null) {
            return executeHeld(trigger, actor, () -> true);
        }
        return leases.holding(LEASE, lease -> executeHeld(trigger, actor, lease::held))
                .orElseThrow(() -> new ConflictException("retention", "A retention run is going on another node; ask again when it has finished"));
    }

    private RetentionRun executeHeld(String trigger, Actor actor, java.util.function.BooleanSupplier held) {
        running.lock();
        try {
            RetentionSettings s = settings;
            OffsetDateTime started = clock.nowUtc().truncatedTo(ChronoUnit.MILLIS);
            long runId = tx.inTransaction(em -> {
                // a run that never finished (the node stopped, the batch failed without a word): its batches rolled back;
                // under the lease, no other node's run is going
                em.createQuery("update RetentionRunEntity r set r.status = 'INTERRUPTED' where r.status = 'RUNNING'").executeUpdate();
                RetentionRunEntity r = new RetentionRunEntity();
                r.setStartedAt(started);
                r.setStatus("RUNNING");
                r.setTrigger(trigger);
                r.setStartedBy(actor.principal());
                em.persist(r);
                em.flush();
                audit.change(em, actor, RetentionActions.RUN, "retention-run", r.getId(), null, trigger.toLowerCase(java.util.Locale.ROOT));
                return r.getId();
            });
            String status = "SUCCEEDED";
            String message = null;
            try {
                long children = forgetChildren(runId, actor, s, held);
                tx.run(em -> record(em, runId, actor, AgeExpiry.expire(em, clock.nowUtc(), s)));
                OffsetDateTime auditBefore = clock.nowUtc().minusDays(s.auditRetentionDays());
                tx.run(em -> {
                    java.util.Optional<AuditCheckpoint> c = auditRetention.removeSealedBefore(em, auditBefore);
                    c.ifPresent(x -> {
                        Map<String, Long> counts = new LinkedHashMap<>();
                        counts.put("audit.record", x.recordsRemoved());
                        counts.put("audit.seal", x.sealsRemoved());
                        record(em, runId, actor, counts);
                    });
                });
                LOG.info("Retention run {} ({}): {} children forgotten", runId, trigger, children);
            } catch (RuntimeException e) {
                status = "FAILED";
                message = "failed: " + e.getClass().getSimpleName() + "; what committed stays, the rest is due again in the next run";
                LOG.warn("Retention run {} failed ({}); its committed batches stay, the rest is due again next run", runId,
                        e.getClass().getName());
            }
            final String finalStatus = status;
            final String finalMessage = message;
            return tx.inTransaction(em -> {
                RetentionRunEntity r = em.find(RetentionRunEntity.class, runId);
                r.setStatus(finalStatus);
                r.setMessage(finalMessage);
                r.setFinishedAt(clock.nowUtc().truncatedTo(ChronoUnit.MILLIS));
                em.flush();
                return view(em, r);
            });
        } finally {
            running.unlock();
        }
    }

    /** Batch by batch, each in its own transaction; returns how many children were forgotten. */
    private long forgetChildren(long runId, Actor actor, RetentionSettings s, java.util.function.BooleanSupplier held) {
        long total = 0;
        Set<Long> seen = new LinkedHashSet<>();
        while (true) {
            if (!held.getAsBoolean()) {
                // the lease ran out: another node may run now; what committed stays, the rest is due in its run
                throw new Leases.LeaseLostException(LEASE);
            }
            LocalDate today = clock.today();
            OffsetDateTime now = clock.nowUtc().truncatedTo(ChronoUnit.MILLIS);
            int done = tx.inTransaction(em -> {
                List<Long> children = DueSelection.children(em, today, s.childRetentionDays(), s.batchSize());
                if (children.isEmpty()) {
                    return 0;
                }
                if (!seen.addAll(children)) {
                    throw new IllegalStateException("a batch of children was due again within the same run");
                }
                Set<Long> guardians = DueSelection.guardians(em, children);
                Set<Long> accounts = DueSelection.guardianAccounts(em, guardians);
                RetentionScope scope = new RetentionScope(runId, Set.copyOf(children), guardians, accounts, now);
                Map<String, Long> counts = new TreeMap<>();
                for (RetentionParticipant p : participants) {
                    p.forget(em, scope).forEach((k, v) -> {
                        if (v != null && v > 0) {
                            counts.merge(k, v, Long::sum);
                        }
                    });
                    em.flush();
                }
                CoreForgetting.forget(em, scope).forEach((k, v) -> counts.merge(k, v, Long::sum));
                record(em, runId, actor, counts);
                return children.size();
            });
            if (done == 0) {
                return total;
            }
            total += done;
        }
    }

    /** The counts of one step: a row per kind for the run's history and an audit record per kind (code and count only). */
    private void record(EntityManager em, long runId, Actor actor, Map<String, Long> counts) {
        for (Map.Entry<String, Long> c : counts.entrySet()) {
            if (c.getValue() == null || c.getValue() <= 0) {
                continue;
            }
            RetentionCountEntity row = new RetentionCountEntity();
            row.setRunId(runId);
            row.setKind(c.getKey());
            row.setCount(c.getValue());
            em.persist(row);
            audit.change(em, actor, RetentionActions.DELETED, c.getKey(), runId, null, countCode(c.getValue()));
        }
        em.flush();
    }

    /**
     * A count as an audit code: {@code count:17}, {@code count:12.345} (thousands grouped, since a
     * code never holds five digits in a row).
     */
    static String countCode(long n) {
        String digits = Long.toString(n);
        StringBuilder out = new StringBuilder();
        int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        out.append(digits, 0, lead);
        for (int i = lead; i < digits.length(); i += 3) {
            out.append('.').append(digits, i, i + 3);
        }
        return "count:" + out;
    }

    private static RetentionRun view(EntityManager em, RetentionRunEntity r) {
        Map<String, Long> counts = new TreeMap<>();
        for (Object[] row : em.createQuery("select c.kind, sum(c.count) from RetentionCountEntity c where c.runId = :run group by c.kind",
                Object[].class).setParameter("run", r.getId()).getResultList()) {
            counts.put((String) row[0], ((Number) row[1]).longValue());
        }
        return new RetentionRun(r.getId(), r.getStatus(), r.getTrigger(), r.getStartedBy(), r.getStartedAt().withOffsetSameInstant(ZoneOffset.UTC),
                r.getFinishedAt() == null ? null : r.getFinishedAt().withOffsetSameInstant(ZoneOffset.UTC), counts, r.getMessage());
    }
}
