package no.ranselpost.audit.api;

import java.time.OffsetDateTime;
import java.util.Optional;

import javax.persistence.EntityManager;

import org.osgi.annotation.versioning.ProviderType;

/** The audit trail's own retention: old records go in whole sealed segments, behind a checkpoint that verification starts from. */
@ProviderType
public interface AuditRetention {

    /**
     * In {@code em}'s transaction, removes the oldest seals whose records are all older than
     * {@code before}, with their records, and leaves a checkpoint. Never the newest seal (the
     * published one), and never a seal that does not verify (its tampering stays visible).
     *
     * @return the checkpoint made; empty when no seal was old enough
     */
    Optional<AuditCheckpoint> removeSealedBefore(EntityManager em, OffsetDateTime before);

    Optional<AuditCheckpoint> latestCheckpoint();
}
