package no.ranselpost.retention.internal;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.persistence.EntityManager;

/** What goes by its age alone: ended sessions, import run inputs, rejected records and retry lists. */
final class AgeExpiry {

    private AgeExpiry() {
    }

    static Map<String, Long> expire(EntityManager em, OffsetDateTime now, RetentionSettings s) {
        Map<String, Long> counts = new LinkedHashMap<>();
        OffsetDateTime sessions = now.minusDays(s.sessionRetentionDays());
        CoreForgetting.count(counts, "identity.session", em.createQuery(
                        "delete from SessionEntity x where x.expiresAt < :before or x.revokedAt < :before")
                .setParameter("before", sessions).executeUpdate());
        OffsetDateTime inputs = now.minusDays(s.runInputRetentionDays());
        CoreForgetting.count(counts, "imports.run-input", em.createQuery(
                        "delete from SourceRunInputEntity i where i.runId in (select r.id from SourceRunEntity r where r.startedAt < :before)")
                .setParameter("before", inputs).executeUpdate());
        OffsetDateTime rejections = now.minusDays(s.rejectionRetentionDays());
        CoreForgetting.count(counts, "imports.rejection", em.createQuery(
                        "delete from SourceRejectionEntity j where j.runId in (select r.id from SourceRunEntity r where r.startedAt < :before)")
                .setParameter("before", rejections).executeUpdate());
        OffsetDateTime retries = now.minusDays(s.retryListRetentionDays());
        CoreForgetting.count(counts, "imports.retry-list", em.createQuery(
                        "delete from SourceStateEntity x where x.key like 'retry.%' and x.updatedAt < :before")
                .setParameter("before", retries).executeUpdate());
        return counts;
    }
}
