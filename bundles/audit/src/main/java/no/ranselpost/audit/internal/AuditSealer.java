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

import no.ranselpost.audit.api.AuditSeals;
import no.ranselpost.audit.api.Seal;
import no.ranselpost.audit.api.VerifyReport;
import no.ranselpost.audit.api.VerifyReport.Kind;
import no.ranselpost.audit.api.VerifyReport.Problem;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.AuditRecordEntity;
import no.ranselpost.persistence.entity.AuditSealEntity;

/**
 * Seals the audit trail segment by segment, publishes the latest seal outside the table (log
 * and a file), and verifies everything up to the latest seal.
 */
@Component(service = AuditSeals.class, configurationPid = "no.ranselpost.audit", immediate = true)
@Designate(ocd = AuditSettings.class)
public class AuditSealer implements AuditSeals {

    private static final Logger LOG = LoggerFactory.getLogger(AuditSealer.class);
    private static final int READ_BATCH = 2000;

    private final Transactions tx;
    private final Clock clock;
    private volatile Duration margin = Duration.ofSeconds(10);
    private volatile int batchSize = 10_000;
    private volatile Path sealFile;
    private ScheduledExecutorService job;

    @Activate
    public AuditSealer(@Reference Transactions tx) {
        this(tx, Clock.systemUTC());
    }

    public AuditSealer(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
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

    private void sealQuietly() {
        try {
            while (sealNow().isPresent()) {
                // seal every full batch that is ready
            }
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
            em.clear();
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

    private static Optional<AuditSealEntity> latestEntity(EntityManager em) {
        return em.createQuery("select s from AuditSealEntity s order by s.number desc", AuditSealEntity.class)
                .setMaxResults(1).getResultList().stream().findFirst();
    }

    private static Seal toSeal(AuditSealEntity s) {
        return new Seal(s.getId(), s.getNumber(), s.getSealedAt().withOffsetSameInstant(ZoneOffset.UTC), s.getAfterRecordId() + 1,
                s.getLastRecordId(), s.getCount(), s.getPreviousHash(), s.getHash());
    }
}
