package no.ranselpost.audit.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditCodes;
import no.ranselpost.audit.api.AuditQueries;
import no.ranselpost.audit.api.AuditRecord;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.audit.api.Outcome;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.AuditObjectEntity;
import no.ranselpost.persistence.entity.AuditRecordEntity;

/** Appends (insert only, no lock) and queries. */
@Component(service = {AuditTrail.class, AuditQueries.class})
public class JpaAuditTrail implements AuditTrail, AuditQueries {

    private final Transactions tx;

    @Activate
    public JpaAuditTrail(@Reference Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void change(EntityManager em, Actor actor, String action, String objectType, long objectId, Long unitId, String reason) {
        if (em == null || !em.getTransaction().isActive()) {
            throw new IllegalStateException("A change is recorded in the change's own transaction");
        }
        append(em, actor, action, objectType, List.of(objectId), Outcome.CHANGED, unitId, reason);
    }

    @Override
    public void change(EntityManager em, Actor actor, String action, String objectType, long objectId, Collection<Long> concerning,
                       Long unitId, String reason) {
        if (em == null || !em.getTransaction().isActive()) {
            throw new IllegalStateException("A change is recorded in the change's own transaction");
        }
        List<Long> ids = new ArrayList<>();
        ids.add(objectId);
        if (concerning != null) {
            ids.addAll(concerning);
        }
        append(em, actor, action, objectType, ids, Outcome.CHANGED, unitId, reason);
    }

    @Override
    public void read(Actor actor, String action, String objectType, Collection<Long> objectIds, Long unitId, String reason) {
        tx.run(em -> append(em, actor, action, objectType, objectIds, Outcome.READ, unitId, reason));
    }

    @Override
    public void denial(Actor actor, String action, String objectType, Collection<Long> objectIds, Long unitId, String reason) {
        tx.run(em -> append(em, actor, action, objectType, objectIds, Outcome.DENIED, unitId, reason));
    }

    private static void append(EntityManager em, Actor actor, String action, String objectType, Collection<Long> objectIds,
                               Outcome outcome, Long unitId, String reason) {
        AuditRecordEntity r = new AuditRecordEntity();
        r.setAt(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
        r.setPrincipal(AuditCodes.requirePrincipal(actor.principal()));
        r.setRole(AuditCodes.require("role", actor.role()));
        r.setAction(AuditCodes.require("action", action));
        r.setObjectType(objectType == null ? null : AuditCodes.require("objectType", objectType));
        List<Long> ids = objectIds == null ? List.of() : objectIds.stream().distinct().sorted().toList();
        r.setObjectIds(ids.isEmpty() ? null : ids.stream().map(String::valueOf).collect(Collectors.joining(",")));
        r.setOutcome(outcome.name());
        r.setReason(reason == null ? null : AuditCodes.require("reason", reason));
        r.setUnitId(unitId);
        em.persist(r);
        for (Long id : ids) {
            AuditObjectEntity o = new AuditObjectEntity();
            o.setRecord(r);
            o.setObjectId(id);
            em.persist(o);
        }
    }

    @Override
    public List<AuditRecord> aboutObject(long objectId, OffsetDateTime from, OffsetDateTime to, Collection<Long> unitIds, int max) {
        return query("select r from AuditRecordEntity r where r.id in (select o.record.id from AuditObjectEntity o where o.objectId = :object)",
                "object", objectId, from, to, unitIds, max);
    }

    @Override
    public List<AuditRecord> byPrincipal(String principal, OffsetDateTime from, OffsetDateTime to, Collection<Long> unitIds, int max) {
        return query("select r from AuditRecordEntity r where r.principal = :principal", "principal", principal, from, to, unitIds, max);
    }

    private List<AuditRecord> query(String base, String param, Object value, OffsetDateTime from, OffsetDateTime to,
                                    Collection<Long> unitIds, int max) {
        StringBuilder jpql = new StringBuilder(base);
        if (from != null) {
            jpql.append(" and r.at >= :from");
        }
        if (to != null) {
            jpql.append(" and r.at <= :to");
        }
        if (unitIds != null) {
            if (unitIds.isEmpty()) {
                return List.of();
            }
            jpql.append(" and r.unitId in :units");
        }
        jpql.append(" order by r.id desc");
        return tx.inTransaction(em -> {
            TypedQuery<AuditRecordEntity> q = em.createQuery(jpql.toString(), AuditRecordEntity.class).setParameter(param, value);
            if (from != null) {
                q.setParameter("from", from);
            }
            if (to != null) {
                q.setParameter("to", to);
            }
            if (unitIds != null) {
                q.setParameter("units", new ArrayList<>(unitIds));
            }
            return q.setMaxResults(Math.max(1, Math.min(max, 10_000))).getResultList().stream().map(JpaAuditTrail::toRecord).toList();
        });
    }

    static AuditRecord toRecord(AuditRecordEntity r) {
        List<Long> ids = r.getObjectIds() == null ? List.of()
                : Arrays.stream(r.getObjectIds().split(",")).map(Long::valueOf).toList();
        return new AuditRecord(r.getId(), r.getAt().withOffsetSameInstant(ZoneOffset.UTC), r.getPrincipal(), r.getRole(), r.getAction(),
                r.getObjectType(), ids, Outcome.valueOf(r.getOutcome()), r.getReason(), r.getUnitId());
    }
}
