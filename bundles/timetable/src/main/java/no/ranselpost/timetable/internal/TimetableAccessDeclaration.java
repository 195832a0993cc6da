package no.ranselpost.timetable.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.GROUP;
import static no.ranselpost.access.api.Scope.KOMMUNE;
import static no.ranselpost.access.api.Scope.OWN_CHILD;
import static no.ranselpost.access.api.Scope.OWN_SOURCE;
import static no.ranselpost.access.api.Scope.PARTICIPANT;
import static no.ranselpost.access.api.Scope.SELF;
import static no.ranselpost.access.api.Scope.UNIT;
import static no.ranselpost.core.api.Role.EMPLOYEE;
import static no.ranselpost.core.api.Role.GUARDIAN;
import static no.ranselpost.core.api.Role.INTEGRATION;
import static no.ranselpost.core.api.Role.LEADER;
import static no.ranselpost.core.api.Role.SUBSTITUTE;
import static no.ranselpost.core.api.Role.SYSTEM_ADMIN;
import static no.ranselpost.core.api.Role.UNIT_ADMIN;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.AnonymousEndpoint;
import no.ranselpost.access.api.Facts;
import no.ranselpost.access.api.Target;
import no.ranselpost.access.api.TargetKind;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.timetable.api.TimetableActions;

/**
 * The timetable's rules (ACCESS.md "timetable": SYSTEM_ADMIN; the unit; groups and own lessons;
 * guardians their own child). A teacher's week is about a person: the target kind
 * {@code timetable.teacher}, whose participants are the staff accounts of that person and whose
 * units are where the person works or teaches. The feed answers on its secret token alone.
 */
@Component(service = AccessDeclaration.class)
public class TimetableAccessDeclaration implements AccessDeclaration {

    static final String TEACHER_KIND = "timetable.teacher";

    private final Transactions tx;
    private final OsloClock clock;

    @Activate
    public TimetableAccessDeclaration(@Reference Transactions tx, @Reference OsloClock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    static final String EXPORT_KIND = "timetable.export";

    /** The OneRoster export: it belongs to the source {@code feide}, whose integration account reads it. */
    static final Target EXPORT = new Target(EXPORT_KIND, 0);

    static Target teacher(long personId) {
        return new Target(TEACHER_KIND, personId);
    }

    @Override
    public String capability() {
        return "timetable";
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.of(TimetableActions.PUPIL_READ, "A pupil's week (guardians: their own child; staff: the pupil's groups and unit)",
                        of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP),
                        of(GUARDIAN, OWN_CHILD)),
                Action.of(TimetableActions.TEACHER_READ, "A teacher's week (the teacher, the unit admin)", of(SYSTEM_ADMIN, KOMMUNE),
                        of(UNIT_ADMIN, UNIT), of(LEADER, PARTICIPANT), of(EMPLOYEE, PARTICIPANT), of(SUBSTITUTE, PARTICIPANT)),
                Action.of(TimetableActions.GROUP_READ, "A group's week and lessons", of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT),
                        of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP)),
                Action.of(TimetableActions.LESSON_WRITE, "Enter, change or remove a lesson where no source owns the group's timetable",
                        of(UNIT_ADMIN, UNIT)),
                Action.of(TimetableActions.FEED_MANAGE, "Create, renew or revoke one's own calendar feed", of(GUARDIAN, SELF), of(LEADER, SELF),
                        of(EMPLOYEE, SELF), of(SUBSTITUTE, SELF), of(UNIT_ADMIN, SELF)),
                Action.of(TimetableActions.EXPORT_RUN, "Run the OneRoster export for Feide and learning tools now", of(SYSTEM_ADMIN, KOMMUNE)),
                Action.of(TimetableActions.EXPORT_READ, "Read the OneRoster export (SYSTEM_ADMIN; the integration bound to feide)",
                        of(SYSTEM_ADMIN, KOMMUNE), of(INTEGRATION, OWN_SOURCE)));
    }

    @Override
    public List<TargetKind> targetKinds() {
        return List.of(new TargetKind(TEACHER_KIND, this::resolveTeacher), new TargetKind(EXPORT_KIND,
                t -> new Facts(Set.of(), Set.of(), Set.of(), Set.of(), TimetableActions.FEIDE_SOURCE)));
    }

    private Facts resolveTeacher(Target target) {
        return tx.inTransaction(em -> {
            java.time.LocalDate today = clock.today();
            Set<Long> units = new HashSet<>(em.createQuery("select e.unit.id from EmploymentEntity e where e.person.id = :p and e.startDate <= :d"
                    + " and (e.endDate is null or e.endDate >= :d)", Long.class).setParameter("p", target.id()).setParameter("d", today)
                    .getResultList());
            Set<Long> groups = new HashSet<>();
            for (Object[] row : em.createQuery("select l.unit.id, l.group.id from LessonEntity l where l.teacher.id = :p", Object[].class)
                    .setParameter("p", target.id()).getResultList()) {
                units.add((Long) row[0]);
                groups.add((Long) row[1]);
            }
            Set<Long> accounts = new HashSet<>(em.createQuery("select a.id from StaffAccountEntity a where a.person.id = :p and a.disabled = false",
                    Long.class).setParameter("p", target.id()).getResultList());
            if (units.isEmpty() && accounts.isEmpty()) {
                return Facts.NONE;
            }
            return Facts.of(units, groups, Set.of()).withParticipants(accounts);
        });
    }

    @Override
    public List<AnonymousEndpoint> anonymousEndpoints() {
        return List.of(AnonymousEndpoint.of("GET", JpaTimetableService.FEED_PATH + "*",
                "A user's timetable as an iCalendar feed, under its secret token (revocable)"));
    }
}
