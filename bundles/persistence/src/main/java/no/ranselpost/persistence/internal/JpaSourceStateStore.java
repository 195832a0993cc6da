package no.ranselpost.persistence.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.persistence.api.SourceStateStore;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.SourceStateEntity;

@Component(service = SourceStateStore.class)
public class JpaSourceStateStore implements SourceStateStore {

    private final Transactions tx;

    @Activate
    public JpaSourceStateStore(@Reference Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<String> get(String sourceId, String key) {
        return tx.inTransaction(em -> get(em, sourceId, key));
    }

    @Override
    public Optional<String> get(EntityManager em, String sourceId, String key) {
        return find(em, sourceId, key).map(SourceStateEntity::getValue);
    }

    @Override
    public void put(String sourceId, String key, String value) {
        tx.run(em -> put(em, sourceId, key, value));
    }

    @Override
    public void put(EntityManager em, String sourceId, String key, String value) {
        SourceStateEntity e = find(em, sourceId, key).orElseGet(() -> {
            SourceStateEntity created = new SourceStateEntity();
            created.setSourceId(sourceId);
            created.setKey(key);
            em.persist(created);
            return created;
        });
        e.setValue(value);
        e.setUpdatedAt(OffsetDateTime.now(ZoneOffset.UTC));
    }

    @Override
    public void putAll(String sourceId, Map<String, String> values) {
        tx.run(em -> values.forEach((key, value) -> {
            if (value == null) {
                find(em, sourceId, key).ifPresent(em::remove);
            } else {
                put(em, sourceId, key, value);
            }
        }));
    }

    @Override
    public Map<String, String> all(String sourceId) {
        return tx.inTransaction(em -> {
            Map<String, String> out = new LinkedHashMap<>();
            em.createQuery("select s from SourceStateEntity s where s.sourceId = :source order by s.key", SourceStateEntity.class)
                    .setParameter("source", sourceId)
                    .getResultList()
                    .forEach(s -> out.put(s.getKey(), s.getValue()));
            return out;
        });
    }

    @Override
    public void remove(String sourceId, String key) {
        tx.run(em -> find(em, sourceId, key).ifPresent(em::remove));
    }

    private static Optional<SourceStateEntity> find(EntityManager em, String sourceId, String key) {
        List<SourceStateEntity> found = em.createQuery(
                        "select s from SourceStateEntity s where s.sourceId = :source and s.key = :key", SourceStateEntity.class)
                .setParameter("source", sourceId)
                .setParameter("key", key)
                .getResultList();
        return found.stream().findFirst();
    }
}
