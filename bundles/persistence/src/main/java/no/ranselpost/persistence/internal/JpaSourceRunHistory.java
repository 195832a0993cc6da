package no.ranselpost.persistence.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.persistence.api.SourceRun;
import no.ranselpost.persistence.api.SourceRunHistory;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.SourceRunEntity;

@Component(service = SourceRunHistory.class)
public class JpaSourceRunHistory implements SourceRunHistory {

    private final Transactions tx;

    @Activate
    public JpaSourceRunHistory(@Reference Transactions tx) {
        this.tx = tx;
    }

    @Override
    public SourceRun start(String sourceId) {
        return tx.inTransaction(em -> start(em, sourceId));
    }

    @Override
    public SourceRun start(javax.persistence.EntityManager em, String sourceId) {
        SourceRunEntity run = new SourceRunEntity();
        run.setSourceId(sourceId);
        run.setStartedAt(OffsetDateTime.now(ZoneOffset.UTC));
        run.setStatus(SourceRun.Status.RUNNING.name());
        em.persist(run);
        em.flush();
        return toRun(run);
    }

    @Override
    public SourceRun finish(long runId, SourceRun.Status status, SourceRun.Counts counts, String message) {
        return tx.inTransaction(em -> {
            SourceRunEntity run = em.find(SourceRunEntity.class, runId);
            if (run == null) {
                throw new IllegalArgumentException("No run " + runId);
            }
            run.setFinishedAt(OffsetDateTime.now(ZoneOffset.UTC));
            run.setStatus(status.name());
            run.setCreated(counts.created());
            run.setUpdated(counts.updated());
            run.setEnded(counts.ended());
            run.setUnchanged(counts.unchanged());
            run.setRejected(counts.rejected());
            run.setMessage(message == null ? null : message.substring(0, Math.min(message.length(), 1000)));
            return toRun(run);
        });
    }

    @Override
    public void progress(long runId, SourceRun.Counts counts) {
        tx.run(em -> {
            SourceRunEntity run = em.find(SourceRunEntity.class, runId);
            if (run != null) {
                run.setCreated(counts.created());
                run.setUpdated(counts.updated());
                run.setEnded(counts.ended());
                run.setUnchanged(counts.unchanged());
                run.setRejected(counts.rejected());
            }
        });
    }

    @Override
    public int interruptAbandoned(String message) {
        return tx.inTransaction(em -> {
            List<SourceRunEntity> abandoned = em.createQuery("select r from SourceRunEntity r where r.status = :s", SourceRunEntity.class)
                    .setParameter("s", SourceRun.Status.RUNNING.name()).getResultList();
            for (SourceRunEntity r : abandoned) {
                r.setStatus(SourceRun.Status.INTERRUPTED.name());
                r.setFinishedAt(OffsetDateTime.now(ZoneOffset.UTC));
                r.setMessage(message);
            }
            return abandoned.size();
        });
    }

    @Override
    public void mark(long runId, SourceRun.Status status, String message) {
        tx.run(em -> {
            SourceRunEntity run = em.find(SourceRunEntity.class, runId);
            if (run != null) {
                run.setStatus(status.name());
                run.setMessage(message == null ? null : message.substring(0, Math.min(message.length(), 1000)));
            }
        });
    }

    @Override
    public java.util.Optional<SourceRun> run(long runId) {
        return tx.inTransaction(em -> java.util.Optional.ofNullable(em.find(SourceRunEntity.class, runId)).map(JpaSourceRunHistory::toRun));
    }

    @Override
    public List<SourceRun> history(String sourceId, int max) {
        return tx.inTransaction(em -> em.createQuery(
                        // by time: several nodes allocate ids in blocks of their own, so a newer run may have a lower id
                        "select r from SourceRunEntity r where r.sourceId = :source order by r.startedAt desc, r.id desc", SourceRunEntity.class)
                .setParameter("source", sourceId)
                .setMaxResults(max)
                .getResultList()
                .stream()
                .map(JpaSourceRunHistory::toRun)
                .toList());
    }

    private static SourceRun toRun(SourceRunEntity r) {
        return new SourceRun(r.getId(), r.getSourceId(), r.getStartedAt(), r.getFinishedAt(),
                SourceRun.Status.valueOf(r.getStatus()), r.getCreated(), r.getUpdated(), r.getEnded(),
                r.getUnchanged(), r.getRejected(), r.getMessage());
    }
}
