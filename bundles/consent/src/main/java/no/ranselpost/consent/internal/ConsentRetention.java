package no.ranselpost.consent.internal;

import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.retention.api.RetentionParticipant;
import no.ranselpost.retention.api.RetentionScope;

/** Consent's part of retention: every answer about a forgotten child, and every answer a forgotten guardian gave. */
@Component(service = RetentionParticipant.class)
public class ConsentRetention implements RetentionParticipant {

    @Override
    public String capability() {
        return "consent";
    }

    @Override
    public Map<String, Long> forget(EntityManager em, RetentionScope scope) {
        if (scope.everyone().isEmpty()) {
            return Map.of();
        }
        List<Long> ids = List.copyOf(scope.everyone());
        long answers = em.createQuery("delete from ConsentAnswerEntity a where a.child.id in :p or a.guardian.id in :p")
                .setParameter("p", ids).executeUpdate();
        return Map.of("consent.answer", answers);
    }
}
