package no.ranselpost.audit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.audit.api.AuditCheckpoint;
import no.ranselpost.audit.api.AuditRetention;
import no.ranselpost.audit.api.AuditSeals;
import no.ranselpost.audit.api.Seal;
import no.ranselpost.audit.api.VerifyReport;
import no.ranselpost.audit.api.VerifyReport.Kind;
import no.ranselpost.audit.api.VerifyReport.Problem;
import no.ranselpost.persistence.api.Leases;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.AuditCheckpointEntity;
import no.ranselpost.persistence.entity.AuditRecordEntity;
import no.ranselpost.persistence.entity.AuditSealEntity;

/**
 * Seals the audit trail segment by segment, publishes the latest seal outside the table (log
 * and a file), and verifies everything up to the latest seal.
 */
@Component(service = {AuditSeals.class, AuditRetention.class}, configurationPid = "no.ranselpost.audit", immediate = true)
@Designate(ocd = AuditSettings.class)
public class AuditSealer implements AuditSeals, AuditRetention {

    private static final Logger LOG = LoggerFactory.getLogger(AuditSealer.class);
    private static final int READ_BATCH = 2000;

    /** The lease the scheduled sealing runs under (two nodes on one database: one seals at a time). */
    static final String LEASE = "audit-sealer";

    private final Transactions tx;
    private final Clock clock;
    private final Leases leases;
    private volatile Duration margin = Duration.ofSeconds(10);
    private volatile int batchSize = 10_000;
    private volatile Path sealFile;
    private ScheduledExecutorService job;

    @Activate
    public AuditSealer(@Reference Transactions tx, @Reference Leases leases) {
        this(tx, Clock.systemUTC(), leases);
    }

    /** Without a lease (one node: unit tests). */
    public AuditSealer(Transactions tx) {
        this(tx, Clock.systemUTC(), null);
    }

    /** A clock of its own; leases null: one node (unit tests). Three arguments: DS takes the two of the @Activate one. */
    public AuditSealer(Transactions tx, Clock clock, Leases leases) {
        this.tx = tx;
        this.clock = clock;
        this.leases = leases;
        this.sealFile = Path.of(System.getProperty("karaf.data", "data"), "audit", "latest-seal.txt");
    }

    @Activate
    @Modified
    void configure(AuditSettings settings) {
        configure(Duration.ofSeconds(settings.sealMarginSeconds()), settings.sealBatchSize(),
                settings.sealFile().isBlank() ? Path.of(System.getProperty("karaf.data", "data"), "audit", "latest-seal.txt")
                        : Path.of(settings.sealFile()));
        stopJob();
        if (settings.sealIntervalSeconds() > 0) {
            job = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ranselpost-audit-sealer");
                t.setDaemon(true);
                return t;
            });
            job.scheduleWithFixedDelay(this::sealQuietly, settings.sealIntervalSeconds(), settings.sealIntervalSeconds(), TimeUnit.SECONDS);
        }
    }

    /** For tests and the itests: margin, batch and where the seal is published. */
    public void configure(Duration margin, int batchSize, Path sealFile) {
        this.margin = margin;
        this.batchSize = batchSize;
        this.sealFile = sealFile;
    }

    @Deactivate
    void deactivate() {
        stopJob();
    }

    private synchronized void stopJob() {
        if (job != null) {
            job.shutdownNow();
            try {
                job.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            job = null;
        }
    }

    void sealQuietly() {
        try {
            if (leases == null) {
                while (sealNow().isPresent()) {
                    // seal every full batch that is ready
                }
                return;
            }
            // on the node that holds the lease; another node's sealer skips this round
            leases.run(LEASE, lease -> {
                while (lease.held() && sealNow().isPresent()) {
                    // seal every full batch that is ready, while the lease is still ours
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Audit sealing failed this time; it runs again later: {}", e.toString());
        }
    }

    /**
     * Seals every record not sealed yet that is older than the margin, up to the batch size,
     * whatever its id: a record that commits late (its id allocated before ids already sealed)
     * goes into the next seal. The digest runs over the segment in ascending id order.
     */
    @Override
    public synchronized Optional<Seal> sealNow() {
        OffsetDateTime cutoff = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).minus(margin);
        Optional<Seal> sealed = tx.inTransaction(em -> {
            Optional<AuditSealEntity> previous = latestEntity(em);
            String previousHash = previous.map(AuditSealEntity::getHash).orElse(Seal.GENESIS);
            List<AuditRecordEntity> records = em.createQuery(
                            "select r from AuditRecordEntity r where r.sealId is null and r.at <= :cutoff order by r.id", AuditRecordEntity.class)
                    .setParameter("cutoff", cutoff)
                    .setMaxResults(batchSize)
                    .getResultList();
            if (records.isEmpty()) {
                return Optional.<Seal>empty();
            }
            SealChain chain = new SealChain(previousHash);
            records.forEach(chain::add);
            AuditSealEntity seal = new AuditSealEntity();
            seal.setNumber(previous.map(AuditSealEntity::getNumber).orElse(0L) + 1);
            seal.setSealedAt(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
            seal.setAfterRecordId(records.get(0).getId() - 1);
            seal.setLastRecordId(records.get(records.size() - 1).getId());
            seal.setCount(records.size());
            seal.setPreviousHash(previousHash);
            seal.setHash(chain.hash());
            em.persist(seal);
            // the unique SEAL_NO makes a sealer racing for the same segment fail here, before it marks anything
            em.flush();
            for (AuditRecordEntity r : records) {
                r.setSealId(seal.getId());
            }
            em.flush();
            return Optional.of(toSeal(seal));
        });
        sealed.ifPresent(this::publish);
        return sealed;
    }

    private void publish(Seal seal) {
        String line = "seal=" + seal.id() + " number=" + seal.number() + " lastRecordId=" + seal.lastRecordId() + " count=" + seal.count() + " hash=" + seal.hash();
        LOG.info("Audit seal published: {}", line);
        try {
            Files.createDirectories(sealFile.getParent());
            Path tmp = sealFile.resolveSibling(sealFile.getFileName() + ".tmp");
            Files.writeString(tmp, line + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, sealFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, sealFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.error("Could not publish the audit seal to {}", sealFile, e);
        }
    }

    @Override
    public Optional<Seal> latest() {
        return tx.inTransaction(em -> latestEntity(em).map(AuditSealer::toSeal));
    }

    @Override
    public VerifyReport verify() {
        return tx.inTransaction(em -> {
            List<Problem> problems = new ArrayList<>();
            List<AuditSealEntity> seals = em.createQuery("select s from AuditSealEntity s order by s.number", AuditSealEntity.class)
                    .getResultList();
            long recordsChecked = 0;
            String expectedPrevious = Seal.GENESIS;
            long expectedNumber = 1;
            // retention removed the oldest seals: the trail starts after the newest checkpoint
            Optional<AuditCheckpointEntity> checkpoint = checkCheckpoints(em, problems);
            if (checkpoint.isPresent()) {
                expectedPrevious = checkpoint.get().getSealHash();
                expectedNumber = checkpoint.get().getSealNumber() + 1;
                long behind = checkpoint.get().getSealNumber();
                long stale = seals.stream().filter(x -> x.getNumber() <= behind).count();
                if (stale > 0) {
                    problems.add(new Problem(Kind.SEAL_CHAIN_BROKEN, 0, 0, checkpoint.get().getLastRecordId(),
                            stale + " seal(s) behind checkpoint " + checkpoint.get().getNumber() + " are still in the table"));
                }
                seals = seals.stream().filter(x -> x.getNumber() > behind).toList();
            }
            for (int i = 0; i < seals.size(); i++) {
                AuditSealEntity s = seals.get(i);
                boolean newest = i == seals.size() - 1;
                if (!s.getPreviousHash().equals(expectedPrevious) || s.getNumber() != expectedNumber) {
                    problems.add(new Problem(Kind.SEAL_CHAIN_BROKEN, s.getId(), s.getAfterRecordId() + 1, s.getLastRecordId(),
                            "seal " + s.getId() + " (number " + s.getNumber() + ") does not follow the seal before it"));
                }
                recordsChecked += checkSegment(em, s, newest, problems);
                expectedPrevious = s.getHash();
                expectedNumber = s.getNumber() + 1;
            }
            long orphans = em.createQuery("select count(r) from AuditRecordEntity r where r.sealId is not null "
                    + "and not exists (select s.id from AuditSealEntity s where s.id = r.sealId)", Long.class).getSingleResult();
            if (orphans > 0) {
                problems.add(new Problem(Kind.SEAL_CHAIN_BROKEN, 0, 0, 0,
                        orphans + " record(s) name a seal that is gone from the table: seals were deleted"));
            }
            checkPublished(seals, problems);
            long unsealed = em.createQuery("select count(r) from AuditRecordEntity r where r.sealId is null", Long.class)
                    .getSingleResult();
            Seal latest = seals.isEmpty() ? null : toSeal(seals.get(seals.size() - 1));
            return new VerifyReport(problems.isEmpty(), seals.size(), recordsChecked, unsealed, latest, List.copyOf(problems));
        });
    }

    /** Recomputes one segment (the records that name the seal, by ascending id); returns how many records it read. */
    private long checkSegment(EntityManager em, AuditSealEntity s, boolean newest, List<Problem> problems) {
        return checkSegment(em, s, newest, problems, true);
    }

    /** @param clear whether to clear the EntityManager between pages (not in a caller's transaction that holds changes) */
    private long checkSegment(EntityManager em, AuditSealEntity s, boolean newest, List<Problem> problems, boolean clear) {
        SealChain chain = new SealChain(s.getPreviousHash());
        long count = 0;
        long cursor = Long.MIN_VALUE;
        boolean lastPresent = false;
        while (true) {
            List<AuditRecordEntity> page = em.createQuery(
                            "select r from AuditRecordEntity r where r.sealId = :seal and r.id > :cursor order by r.id", AuditRecordEntity.class)
                    .setParameter("seal", s.getId())
                    .setParameter("cursor", cursor)
                    .setMaxResults(READ_BATCH)
                    .getResultList();
            for (AuditRecordEntity r : page) {
                chain.add(r);
                count++;
                cursor = r.getId();
                lastPresent |= r.getId() == s.getLastRecordId();
            }
            if (clear) {
                em.clear();
            } else {
                page.forEach(em::detach);
            }
            if (page.size() < READ_BATCH) {
                break;
            }
        }
        long first = s.getAfterRecordId() + 1;
        String range = "the " + s.getCount() + " record(s) of seal " + s.getId() + " (ids " + first + ".." + s.getLastRecordId() + ")";
        if (count < s.getCount()) {
            long missing = s.getCount() - count;
            if (!lastPresent && newest) {
                problems.add(new Problem(Kind.CUT_FROM_END, s.getId(), first, s.getLastRecordId(),
                        missing + " record(s) cut from the end of the trail (the newest sealed record, id " + s.getLastRecordId() + ", is gone)"));
            } else {
                problems.add(new Problem(Kind.DELETED, s.getId(), first, s.getLastRecordId(), missing + " record(s) deleted among " + range));
            }
        } else if (count > s.getCount()) {
            problems.add(new Problem(Kind.INSERTED, s.getId(), first, s.getLastRecordId(),
                    (count - s.getCount()) + " record(s) appeared among " + range));
        } else if (!chain.hash().equals(s.getHash())) {
            problems.add(new Problem(Kind.EDITED, s.getId(), first, s.getLastRecordId(),
                    "a record among " + range + " was edited: its hash chain no longer matches the seal"));
        }
        return count;
    }

    /** The table's latest seal must be the one published outside it, or newer; once there are seals, one is published. */
    private void checkPublished(List<AuditSealEntity> seals, List<Problem> problems) {
        if (!Files.exists(sealFile)) {
            if (!seals.isEmpty()) {
                problems.add(new Problem(Kind.PUBLISHED_SEAL_MISSING, 0, 0, 0, "the table has " + seals.size()
                        + " seal(s) but no seal is published at " + sealFile + ": a cut from the end could not be told"));
            }
            return;
        }
        String line;
        try {
            line = Files.readString(sealFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            problems.add(new Problem(Kind.SEAL_CHAIN_BROKEN, 0, 0, 0, "the published seal cannot be read: " + e.getMessage()));
            return;
        }
        long id = 0;
        long last = 0;
        String hash = "";
        for (String kv : line.split(" ")) {
            String[] p = kv.split("=", 2);
            if (p.length == 2) {
                switch (p[0]) {
                    case "seal" -> id = Long.parseLong(p[1]);
                    case "lastRecordId" -> last = Long.parseLong(p[1]);
                    case "hash" -> hash = p[1];
                    default -> {
                    }
                }
            }
        }
        final long publishedId = id;
        Optional<AuditSealEntity> inTable = seals.stream().filter(s -> s.getId() == publishedId).findFirst();
        if (inTable.isEmpty()) {
            problems.add(new Problem(Kind.CUT_FROM_END, id, 0, last,
                    "the published seal " + id + " (last record " + last + ") is missing from the table: seals and records were cut from the end"));
        } else if (!inTable.get().getHash().equals(hash)) {
            problems.add(new Problem(Kind.SEAL_CHAIN_BROKEN, id, 0, last, "seal " + id + " differs from the one published"));
        }
    }

    /** The checkpoints must chain (each hash over the one before it); returns the newest. */
    private static Optional<AuditCheckpointEntity> checkCheckpoints(EntityManager em, List<Problem> problems) {
        List<AuditCheckpointEntity> all = em.createQuery("select c from AuditCheckpointEntity c order by c.number", AuditCheckpointEntity.class)
                .getResultList();
        String previous = Seal.GENESIS;
        long number = 1;
        long sealNumber = 0;
        for (AuditCheckpointEntity c : all) {
            if (c.getNumber() != number || !c.getPreviousHash().equals(previous) || !checkpointHash(c).equals(c.getHash())
                    || c.getSealNumber() <= sealNumber) {
                problems.add(new Problem(Kind.SEAL_CHAIN_BROKEN, 0, 0, c.getLastRecordId(),
                        "checkpoint " + c.getNumber() + " does not follow the checkpoint before it or was edited"));
            }
            previous = c.getHash();
            number = c.getNumber() + 1;
            sealNumber = c.getSealNumber();
        }
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    static String checkpointHash(AuditCheckpointEntity c) {
        return SealChain.sha256(c.getPreviousHash() + "\n" + c.getNumber() + "|" + c.getMadeAt().toInstant() + "|"
                + c.getRecordedBefore().toInstant() + "|" + c.getSealNumber() + "|" + c.getSealHash() + "|" + c.getLastRecordId() + "|"
                + c.getSealsRemoved() + "|" + c.getRecordsRemoved());
    }

    @Override
    public synchronized Optional<AuditCheckpoint> removeSealedBefore(EntityManager em, OffsetDateTime before) {
        OffsetDateTime cutoff = before.withOffsetSameInstant(ZoneOffset.UTC);
        Optional<AuditCheckpointEntity> previous = em.createQuery(
                        "select c from AuditCheckpointEntity c order by c.number desc", AuditCheckpointEntity.class)
                .setMaxResults(1).getResultList().stream().findFirst();
        long newestNumber = latestEntity(em).map(AuditSealEntity::getNumber).orElse(0L);
        // the oldest seals first; whole seals only, never the newest (it is the one published)
        List<AuditSealEntity> old = em.createQuery("select s from AuditSealEntity s where s.sealedAt < :cutoff and s.number < :newest "
                        + "order by s.number", AuditSealEntity.class)
                .setParameter("cutoff", cutoff)
                .setParameter("newest", newestNumber)
                .getResultList();
        String expectedPrevious = previous.map(AuditCheckpointEntity::getSealHash).orElse(Seal.GENESIS);
        long expectedNumber = previous.map(AuditCheckpointEntity::getSealNumber).orElse(0L) + 1;
        List<AuditSealEntity> removable = new ArrayList<>();
        for (AuditSealEntity s : old) {
            List<Problem> problems = new ArrayList<>();
            if (s.getNumber() != expectedNumber || !s.getPreviousHash().equals(expectedPrevious)) {
                break;
            }
            checkSegment(em, s, false, problems, false);
            if (!problems.isEmpty()) {
                // a segment that does not verify stays, and with it everything after it: verify keeps reporting it
                LOG.warn("Audit retention stops at seal number {}: it does not verify ({})", s.getNumber(), problems.get(0).kind());
                break;
            }
            removable.add(s);
            expectedPrevious = s.getHash();
            expectedNumber = s.getNumber() + 1;
        }
        if (removable.isEmpty()) {
            return Optional.empty();
        }
        long records = 0;
        for (AuditSealEntity s : removable) {
            // by record id in chunks (the object rows' index), not by a subquery Derby plans badly
            List<Long> ids = em.createQuery("select r.id from AuditRecordEntity r where r.sealId = :seal", Long.class)
                    .setParameter("seal", s.getId()).getResultList();
            for (int i = 0; i < ids.size(); i += 500) {
                List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + 500));
                em.createQuery("delete from AuditObjectEntity o where o.record.id in :ids").setParameter("ids", chunk).executeUpdate();
                records += em.createQuery("delete from AuditRecordEntity r where r.id in :ids").setParameter("ids", chunk).executeUpdate();
            }
            em.createQuery("delete from AuditSealEntity x where x.id = :id").setParameter("id", s.getId()).executeUpdate();
        }
        AuditSealEntity last = removable.get(removable.size() - 1);
        AuditCheckpointEntity c = new AuditCheckpointEntity();
        c.setNumber(previous.map(AuditCheckpointEntity::getNumber).orElse(0L) + 1);
        c.setMadeAt(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        c.setRecordedBefore(cutoff.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        c.setSealNumber(last.getNumber());
        c.setSealHash(last.getHash());
        c.setLastRecordId(removable.stream().mapToLong(AuditSealEntity::getLastRecordId).max().orElse(0));
        c.setSealsRemoved(removable.size());
        c.setRecordsRemoved(records);
        c.setPreviousHash(previous.map(AuditCheckpointEntity::getHash).orElse(Seal.GENESIS));
        c.setHash(checkpointHash(c));
        em.persist(c);
        em.flush();
        LOG.info("Audit retention: {} seal(s) with {} record(s) older than {} removed behind checkpoint {}", removable.size(), records,
                cutoff, c.getNumber());
        return Optional.of(toCheckpoint(c));
    }

    @Override
    public Optional<AuditCheckpoint> latestCheckpoint() {
        return tx.inTransaction(em -> em.createQuery("select c from AuditCheckpointEntity c order by c.number desc", AuditCheckpointEntity.class)
                .setMaxResults(1).getResultList().stream().findFirst().map(AuditSealer::toCheckpoint));
    }

    private static AuditCheckpoint toCheckpoint(AuditCheckpointEntity c) {
        return new AuditCheckpoint(c.getNumber(), c.getMadeAt().withOffsetSameInstant(ZoneOffset.UTC),
                c.getRecordedBefore().withOffsetSameInstant(ZoneOffset.UTC), c.getSealNumber(), c.getLastRecordId(), c.getSealsRemoved(),
                c.getRecordsRemoved(), c.getHash());
    }

    private static Optional<AuditSealEntity> latestEntity(EntityManager em) {
        return em.createQuery("select s from AuditSealEntity s order by s.number desc", AuditSealEntity.class)
                .setMaxResults(1).getResultList().stream().findFirst();
    }

    private static Seal toSeal(AuditSealEntity s) {
        return new Seal(s.getId(), s.getNumber(), s.getSealedAt().withOffsetSameInstant(ZoneOffset.UTC), s.getAfterRecordId() + 1,
                s.getLastRecordId(), s.getCount(), s.getPreviousHash(), s.getHash());
    }
}
