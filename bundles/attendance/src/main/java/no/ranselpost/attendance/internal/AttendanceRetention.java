package no.ranselpost.attendance.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.retention.api.RetentionParticipant;
import no.ranselpost.retention.api.RetentionScope;

/**
 * Attendance's part of retention: the forgotten children's days (check-in and check-out, sleep)
 * and pick-up notes, and on other children's days the names of forgotten adults who brought or
 * fetched them.
 */
@Component(service = RetentionParticipant.class)
public class AttendanceRetention implements RetentionParticipant {

    @Override
    public String capability() {
        return "attendance";
    }

    @Override
    public Map<String, Long> forget(EntityManager em, RetentionScope scope) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (!scope.childIds().isEmpty()) {
            List<Long> children = List.copyOf(scope.childIds());
            counts.put("attendance.day", (long) em.createQuery("delete from AttendanceDayEntity d where d.child.id in :c")
                    .setParameter("c", children).executeUpdate());
            counts.put("attendance.pickup-note", (long) em.createQuery("delete from PickupNoteEntity n where n.child.id in :c")
                    .setParameter("c", children).executeUpdate());
        }
        if (!scope.personIds().isEmpty()) {
            List<Long> adults = List.copyOf(scope.personIds());
            long brought = em.createQuery("update AttendanceDayEntity d set d.broughtByPerson = null, d.broughtByName = null "
                    + "where d.broughtByPerson in :p").setParameter("p", adults).executeUpdate();
            long fetched = em.createQuery("update AttendanceDayEntity d set d.fetchedByPerson = null, d.fetchedByName = null "
                    + "where d.fetchedByPerson in :p").setParameter("p", adults).executeUpdate();
            counts.put("attendance.pickup-name", brought + fetched);
        }
        return counts;
    }
}
