package no.ranselpost.absence.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.retention.api.RetentionParticipant;
import no.ranselpost.retention.api.RetentionScope;

/** Absence's part of retention: the absence reports and health information of the children forgotten. */
@Component(service = RetentionParticipant.class)
public class AbsenceRetention implements RetentionParticipant {

    @Override
    public String capability() {
        return "absence";
    }

    @Override
    public Map<String, Long> forget(EntityManager em, RetentionScope scope) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (scope.childIds().isEmpty()) {
            return counts;
        }
        List<Long> children = List.copyOf(scope.childIds());
        counts.put("absence.report", (long) em.createQuery("delete from AbsenceReportEntity a where a.child.id in :c")
                .setParameter("c", children).executeUpdate());
        counts.put("absence.health", (long) em.createQuery("delete from ChildHealthEntity h where h.child.id in :c")
                .setParameter("c", children).executeUpdate());
        return counts;
    }
}
