package no.ranselpost.timetable.internal;

import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.retention.api.RetentionParticipant;
import no.ranselpost.retention.api.RetentionScope;

/**
 * The timetable's part of retention: the calendar feeds of forgotten guardians' accounts (a
 * feed's secret link would otherwise keep answering). Lessons belong to groups and teachers,
 * never to a child.
 */
@Component(service = RetentionParticipant.class)
public class TimetableRetention implements RetentionParticipant {

    @Override
    public String capability() {
        return "timetable";
    }

    @Override
    public Map<String, Long> forget(EntityManager em, RetentionScope scope) {
        if (scope.accountIds().isEmpty()) {
            return Map.of();
        }
        long feeds = em.createQuery("delete from CalendarFeedEntity f where f.accountId in :a")
                .setParameter("a", List.copyOf(scope.accountIds())).executeUpdate();
        return Map.of("timetable.calendar-feed", feeds);
    }
}
