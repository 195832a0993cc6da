package no.ranselpost.timetable.internal;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.OrgNumber;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.EmploymentEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.LessonEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.SubjectGroupEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.registry.api.CapabilityRecord;
import no.ranselpost.registry.api.CapabilityRecordHandler;
import no.ranselpost.timetable.api.TimetableActions;

/**
 * The timetable's record types on the registry SPI: subject groups ({@code timetable.subject-group})
 * and weekly lessons ({@code timetable.lesson}) from the school administration system, each
 * applied in a transaction of its own with its audit record, owned by the source that sent it.
 * A lesson of an unknown unit, group or teacher, or one that overlaps another lesson of its group
 * or its teacher, is rejected with its reason; the rest apply.
 */
@Component(service = CapabilityRecordHandler.class)
public class TimetableRecords implements CapabilityRecordHandler {

    static final String AUDIT_ACTION = "IMPORT";

    private final Transactions tx;
    private final AuditTrail audit;
    private final OsloClock clock;

    @Activate
    public TimetableRecords(@Reference Transactions tx, @Reference AuditTrail audit, @Reference OsloClock clock) {
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public List<String> recordTypes() {
        return List.of(TimetableActions.SUBJECT_GROUP_RECORD, TimetableActions.LESSON_RECORD);
    }

    private static Actor actor(Run run) {
        return Actor.systemJob("import." + run.sourceId());
    }

    @Override
    public Applied apply(Run run, CapabilityRecord record) throws Rejected {
        try {
            return tx.inTransaction(em -> {
                try {
                    return switch (record.type()) {
                        case TimetableActions.SUBJECT_GROUP_RECORD -> subjectGroup(em, run, record);
                        case TimetableActions.LESSON_RECORD -> lesson(em, run, record);
                        default -> throw new Refused("record type " + record.type() + " is not the timetable's");
                    };
                } catch (Rejected e) {
                    throw new Refused(e.getMessage());
                }
            });
        } catch (Refused e) {
            throw new Rejected(e.getMessage());
        }
    }

    /** Carries a rejection out of the transaction (rolling it back). */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    // ------------------------------------------------------------------ subject groups

    private Applied subjectGroup(EntityManager em, Run run, CapabilityRecord r) throws Rejected {
        UnitEntity unit = unit(em, r);
        String code = required(r, "group_code", 50);
        String name = required(r, "group_name", 200);
        String subjectCode = required(r, "subject_code", 50);
        String subjectName = required(r, "subject_name", 200);
        String identity = unit.getOrgNumber() + "|" + unit.getUnitType() + "|" + code;
        OffsetDateTime now = clock.nowUtc();
        GroupEntity group = group(em, unit, code);
        boolean created = false;
        if (group == null) {
            group = new GroupEntity();
            group.setUnit(unit);
            group.setCode(code);
            group.setName(name);
            group.setGroupType(GroupType.SUBJECT_GROUP);
            em.persist(group);
            em.flush();
            audit.change(em, actor(run), AUDIT_ACTION, "group", group.getId(), unit.getId(), "created");
            created = true;
        } else if (group.getGroupType() != GroupType.SUBJECT_GROUP) {
            throw new Rejected("group_code: the unit's group with this code is not a subject group");
        }
        SubjectGroupEntity sg = em.createQuery("select s from SubjectGroupEntity s where s.group.id = :g", SubjectGroupEntity.class)
                .setParameter("g", group.getId()).getResultList().stream().findFirst().orElse(null);
        if (sg != null && sg.getSourceId() != null && !sg.getSourceId().equals(run.sourceId())) {
            throw new Rejected("the subject group belongs to another source");
        }
        if (sg == null) {
            sg = new SubjectGroupEntity();
            sg.setGroup(group);
            sg.setSubjectCode(subjectCode);
            sg.setSubjectName(subjectName);
            sg.setSourceId(run.sourceId());
            sg.setSourceKey(identity);
            sg.setUpdatedAt(now);
            em.persist(sg);
            em.flush();
            audit.change(em, actor(run), AUDIT_ACTION, "subject-group", sg.getId(), unit.getId(), "created");
            return new Applied(Applied.Outcome.CREATED, identity);
        }
        boolean changed = !subjectCode.equals(sg.getSubjectCode()) || !subjectName.equals(sg.getSubjectName()) || sg.getSourceId() == null
                || !name.equals(group.getName());
        if (!changed) {
            return new Applied(created ? Applied.Outcome.CREATED : Applied.Outcome.UNCHANGED, identity);
        }
        sg.setSubjectCode(subjectCode);
        sg.setSubjectName(subjectName);
        sg.setSourceId(run.sourceId());
        sg.setSourceKey(identity);
        sg.setUpdatedAt(now);
        group.setName(name);
        audit.change(em, actor(run), AUDIT_ACTION, "subject-group", sg.getId(), unit.getId(), "updated");
        return new Applied(Applied.Outcome.UPDATED, identity);
    }

    // ------------------------------------------------------------------ lessons

    private Applied lesson(EntityManager em, Run run, CapabilityRecord r) throws Rejected {
        String lessonId = required(r, "lesson_id", 100);
        UnitEntity unit = unit(em, r);
        String groupCode = required(r, "group_code", 50);
        GroupEntity group = group(em, unit, groupCode);
        if (group == null) {
            throw new Rejected("group_code: unknown group at this unit (a class comes with the enrolments, a subject group with its own row)");
        }
        String subjectCode = required(r, "subject_code", 50);
        String subjectName = required(r, "subject_name", 200);
        PersonEntity teacher = teacher(em, unit, required(r, "teacher_employee_id", 50));
        String room = optional(r, "room", 50);
        int weekday;
        LocalTime start;
        LocalTime end;
        LocalDate from;
        LocalDate to;
        List<LocalDate> cancelled;
        try {
            weekday = Integer.parseInt(required(r, "weekday", 1));
            start = LocalTime.parse(required(r, "start_time", 5));
            end = LocalTime.parse(required(r, "end_time", 5));
            from = LocalDate.parse(required(r, "valid_from", 10));
            to = LocalDate.parse(required(r, "valid_to", 10));
            cancelled = LessonRules.parseDates(optional(r, "cancelled_dates", 2000));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new Rejected("weekday, times (HH:mm) or dates (yyyy-MM-dd) not readable");
        }
        String invalid = LessonRules.invalid(weekday, start, end, from, to, cancelled);
        if (invalid != null) {
            throw new Rejected(invalid);
        }
        LessonEntity existing = em.createQuery("select l from LessonEntity l where l.sourceId = :s and l.sourceKey = :k", LessonEntity.class)
                .setParameter("s", run.sourceId()).setParameter("k", lessonId).getResultList().stream().findFirst().orElse(null);
        // overlaps count against what is current: by hand, another source's, or this source's lessons this run listed again
        LessonEntity clash = LessonRules.overlap(em, group.getId(), teacher.getId(), weekday, start, end, from, to,
                existing == null ? null : existing.getId(),
                l -> l.getSourceId() == null || !l.getSourceId().equals(run.sourceId()) || Objects.equals(l.getLastRunId(), run.runId()));
        if (clash != null) {
            boolean sameGroup = clash.getGroup().getId() == group.getId();
            throw new Rejected("overlaps " + (sameGroup ? "another lesson of the group" : "another lesson of the teacher")
                    + (clash.getSourceKey() != null && Objects.equals(clash.getSourceId(), run.sourceId()) ? " (lesson_id "
                    + safe(clash.getSourceKey()) + ")" : ""));
        }
        OffsetDateTime now = clock.nowUtc();
        String cancelledText = LessonRules.joinDates(cancelled);
        if (existing == null) {
            LessonEntity l = new LessonEntity();
            l.setUnit(unit);
            l.setGroup(group);
            l.setSourceId(run.sourceId());
            l.setSourceKey(lessonId);
            l.setCalendarUid(JpaTimetableService.newUid());
            l.setCreatedAt(now);
            fill(l, subjectCode, subjectName, teacher, room, weekday, start, end, from, to, cancelledText);
            l.setLastRunId(run.runId());
            l.setUpdatedAt(now);
            em.persist(l);
            em.flush();
            audit.change(em, actor(run), AUDIT_ACTION, "lesson", l.getId(), unit.getId(), "created");
            return new Applied(Applied.Outcome.CREATED, lessonId);
        }
        boolean changed = existing.getUnit().getId() != unit.getId() || existing.getGroup().getId() != group.getId()
                || !subjectCode.equals(existing.getSubjectCode()) || !subjectName.equals(existing.getSubjectName())
                || existing.getTeacher() == null || existing.getTeacher().getId() != teacher.getId() || !Objects.equals(room, existing.getRoom())
                || weekday != existing.getWeekday() || !start.equals(existing.getStartTime()) || !end.equals(existing.getEndTime())
                || !from.equals(existing.getValidFrom()) || !to.equals(existing.getValidTo())
                || !Objects.equals(cancelledText, existing.getCancelledDates());
        existing.setLastRunId(run.runId());
        if (!changed) {
            return new Applied(Applied.Outcome.UNCHANGED, lessonId);
        }
        existing.setUnit(unit);
        existing.setGroup(group);
        fill(existing, subjectCode, subjectName, teacher, room, weekday, start, end, from, to, cancelledText);
        existing.setSequence(existing.getSequence() + 1);
        existing.setUpdatedAt(now);
        audit.change(em, actor(run), AUDIT_ACTION, "lesson", existing.getId(), unit.getId(), "updated");
        return new Applied(Applied.Outcome.UPDATED, lessonId);
    }

    static void fill(LessonEntity l, String subjectCode, String subjectName, PersonEntity teacher, String room, int weekday, LocalTime start,
                     LocalTime end, LocalDate from, LocalDate to, String cancelled) {
        l.setSubjectCode(subjectCode);
        l.setSubjectName(subjectName);
        l.setTeacher(teacher);
        l.setRoom(room);
        l.setWeekday(weekday);
        l.setStartTime(start);
        l.setEndTime(end);
        l.setValidFrom(from);
        l.setValidTo(to);
        l.setCancelledDates(cancelled);
    }

    // ------------------------------------------------------------------ the end of a snapshot

    @Override
    public List<String> gone(Run run, String type, Set<String> seen) {
        return tx.inTransaction(em -> (switch (type) {
            case TimetableActions.LESSON_RECORD -> em.createQuery("select l.sourceKey from LessonEntity l where l.sourceId = :s", String.class);
            default -> em.createQuery("select s.sourceKey from SubjectGroupEntity s where s.sourceId = :s", String.class);
        }).setParameter("s", run.sourceId()).getResultList().stream().filter(k -> !seen.contains(k)).sorted().toList());
    }

    @Override
    public long current(Run run, String type) {
        return tx.inTransaction(em -> (switch (type) {
            case TimetableActions.LESSON_RECORD -> em.createQuery("select count(l) from LessonEntity l where l.sourceId = :s", Long.class);
            default -> em.createQuery("select count(s) from SubjectGroupEntity s where s.sourceId = :s", Long.class);
        }).setParameter("s", run.sourceId()).getSingleResult());
    }

    @Override
    public void end(Run run, String type, String identity) {
        tx.run(em -> {
            if (TimetableActions.LESSON_RECORD.equals(type)) {
                for (LessonEntity l : em.createQuery("select l from LessonEntity l where l.sourceId = :s and l.sourceKey = :k", LessonEntity.class)
                        .setParameter("s", run.sourceId()).setParameter("k", identity).getResultList()) {
                    audit.change(em, actor(run), AUDIT_ACTION, "lesson", l.getId(), l.getUnit().getId(), "ended:gone-from-source");
                    em.remove(l);
                }
            } else {
                // the subject no longer comes from the source; the group and its members stay with the enrolment source
                for (SubjectGroupEntity s : em.createQuery("select s from SubjectGroupEntity s where s.sourceId = :s and s.sourceKey = :k",
                        SubjectGroupEntity.class).setParameter("s", run.sourceId()).setParameter("k", identity).getResultList()) {
                    audit.change(em, actor(run), AUDIT_ACTION, "subject-group", s.getId(), s.getGroup().getUnit().getId(),
                            "ended:gone-from-source");
                    em.remove(s);
                }
            }
        });
    }

    // ------------------------------------------------------------------ look-ups

    private static UnitEntity unit(EntityManager em, CapabilityRecord r) throws Rejected {
        String org = required(r, "unit_org_number", 9);
        String orgReason = OrgNumber.rejectionReason(org);
        if (orgReason != null) {
            throw new Rejected("unit_org_number: organisation number " + orgReason);
        }
        UnitType type;
        try {
            type = UnitType.valueOf(required(r, "unit_type", 20));
        } catch (IllegalArgumentException e) {
            throw new Rejected("unit_type must be one of KINDERGARTEN, SCHOOL, SFO");
        }
        return em.createQuery("select u from UnitEntity u where u.orgNumber = :o and u.unitType = :t", UnitEntity.class)
                .setParameter("o", org).setParameter("t", type).getResultList().stream().findFirst()
                .orElseThrow(() -> new Rejected("unit: unknown (the enrolment source creates units)"));
    }

    private static GroupEntity group(EntityManager em, UnitEntity unit, String code) {
        return em.createQuery("select g from GroupEntity g where g.unit.id = :u and g.code = :c", GroupEntity.class)
                .setParameter("u", unit.getId()).setParameter("c", code).getResultList().stream().findFirst().orElse(null);
    }

    /** The teacher: the person whose HR employment at the unit carries this employee id. */
    static PersonEntity teacher(EntityManager em, UnitEntity unit, String employeeId) throws Rejected {
        if (!employeeId.matches("[A-Za-z0-9_.:-]{1,50}")) {
            throw new Rejected("teacher_employee_id: letters, digits and . _ : - only");
        }
        List<EmploymentEntity> found = em.createQuery("select e from EmploymentEntity e where e.unit.id = :u and e.sourceKey like :k"
                        + " order by e.startDate desc", EmploymentEntity.class)
                .setParameter("u", unit.getId()).setParameter("k", employeeId + "|%").getResultList();
        if (found.isEmpty()) {
            throw new Rejected("teacher_employee_id: unknown teacher (no employment at this unit with that employee id)");
        }
        return found.get(0).getPerson();
    }

    private static String required(CapabilityRecord r, String field, int max) throws Rejected {
        String v = r.field(field);
        if (v == null) {
            throw new Rejected(field + " missing");
        }
        if (v.length() > max) {
            throw new Rejected(field + " is longer than " + max + " characters");
        }
        return v;
    }

    private static String optional(CapabilityRecord r, String field, int max) throws Rejected {
        String v = r.field(field);
        if (v != null && v.length() > max) {
            throw new Rejected(field + " is longer than " + max + " characters");
        }
        return v;
    }

    private static String safe(String key) {
        return key.matches("[A-Za-z0-9_.:-]{1,50}") && !key.matches(".*\\d{11}.*") ? key : "?";
    }
}
