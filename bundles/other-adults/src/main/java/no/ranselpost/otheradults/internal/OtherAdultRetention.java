package no.ranselpost.otheradults.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.retention.api.RetentionParticipant;
import no.ranselpost.retention.api.RetentionScope;

/**
 * Other adults' part of retention: every registration for a forgotten child (or of a forgotten
 * adult) with the custodians' consents, and the consents forgotten custodians gave.
 */
@Component(service = RetentionParticipant.class)
public class OtherAdultRetention implements RetentionParticipant {

    @Override
    public String capability() {
        return "other-adults";
    }

    @Override
    public Map<String, Long> forget(EntityManager em, RetentionScope scope) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (scope.everyone().isEmpty()) {
            return counts;
        }
        List<Long> ids = List.copyOf(scope.everyone());
        List<Long> registrations = em.createQuery("select r.id from OtherAdultEntity r where r.childId in :p or r.adultId in :p", Long.class)
                .setParameter("p", ids).getResultList();
        long consents = em.createQuery("delete from OtherAdultConsentEntity c where c.custodianId in :p").setParameter("p", ids).executeUpdate();
        if (!registrations.isEmpty()) {
            consents += em.createQuery("delete from OtherAdultConsentEntity c where c.registrationId in :r")
                    .setParameter("r", registrations).executeUpdate();
            counts.put("other-adults.registration", (long) em.createQuery("delete from OtherAdultEntity r where r.id in :r")
                    .setParameter("r", registrations).executeUpdate());
        }
        counts.put("other-adults.consent", consents);
        return counts;
    }
}
