package no.ranselpost.timetable.internal;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;

import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.persistence.entity.LessonEntity;

/** What every lesson must be, imported or entered by hand: a sane period and time, and no overlap with the group's or the teacher's other lessons. */
final class LessonRules {

    static final LocalTime EARLIEST = LocalTime.of(6, 0);
    static final LocalTime LATEST = LocalTime.of(22, 0);
    static final int MAX_CANCELLED = 100;

    private LessonRules() {
    }

    /** The reason a lesson's own fields are wrong, or null. */
    static String invalid(int weekday, LocalTime start, LocalTime end, LocalDate from, LocalDate to, List<LocalDate> cancelled) {
        if (weekday < 1 || weekday > 7) {
            return "weekday must be 1 (Monday) to 7 (Sunday)";
        }
        if (start == null || end == null) {
            return "start and end time are required";
        }
        if (!end.isAfter(start)) {
            return "the end time is not after the start time";
        }
        if (start.isBefore(EARLIEST) || end.isAfter(LATEST)) {
            return "a lesson lies between 06:00 and 22:00";
        }
        if (from == null || to == null) {
            return "valid_from and valid_to are required";
        }
        if (to.isBefore(from)) {
            return "valid_to is before valid_from";
        }
        if (to.isAfter(from.plusYears(2))) {
            return "a lesson is valid for at most two years";
        }
        if (cancelled.size() > MAX_CANCELLED) {
            return "at most " + MAX_CANCELLED + " cancelled dates";
        }
        return null;
    }

    /**
     * The first lesson it would overlap: the same group or the same teacher, the same weekday,
     * overlapping times and validity. {@code counts} tells which stored lessons are still current
     * (an import's stale lessons, about to end, are not).
     */
    static LessonEntity overlap(EntityManager em, long groupId, Long teacherId, int weekday, LocalTime start, LocalTime end, LocalDate from,
                                LocalDate to, Long selfId, java.util.function.Predicate<LessonEntity> counts) {
        javax.persistence.TypedQuery<LessonEntity> query = em.createQuery("select l from LessonEntity l where (l.group.id = :g"
                        + (teacherId == null ? "" : " or l.teacher.id = :t") + ") and l.weekday = :w and l.startTime < :e and l.endTime > :s"
                        + " and l.validFrom <= :to and l.validTo >= :from order by l.id", LessonEntity.class)
                .setParameter("g", groupId).setParameter("w", weekday).setParameter("s", start).setParameter("e", end)
                .setParameter("from", from).setParameter("to", to);
        if (teacherId != null) {
            query.setParameter("t", teacherId);
        }
        List<LessonEntity> candidates = query.getResultList();
        for (LessonEntity l : candidates) {
            if (!Objects.equals(selfId, l.getId()) && counts.test(l)) {
                return l;
            }
        }
        return null;
    }

    static List<LocalDate> parseDates(String joined) {
        if (joined == null || joined.isBlank()) {
            return List.of();
        }
        List<LocalDate> out = new ArrayList<>();
        for (String part : joined.split(",")) {
            if (!part.isBlank()) {
                out.add(LocalDate.parse(part.strip()));
            }
        }
        return List.copyOf(new TreeSet<>(out));
    }

    static String joinDates(List<LocalDate> dates) {
        if (dates == null || dates.isEmpty()) {
            return null;
        }
        return new TreeSet<>(dates).stream().map(LocalDate::toString).collect(Collectors.joining(","));
    }

    static void require(String reason) {
        if (reason != null) {
            throw new InvalidRequestException(reason);
        }
    }
}
