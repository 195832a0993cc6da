package no.ranselpost.diary.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.GROUP;
import static no.ranselpost.access.api.Scope.OWN_CHILD;
import static no.ranselpost.access.api.Scope.UNIT;
import static no.ranselpost.core.api.Role.EMPLOYEE;
import static no.ranselpost.core.api.Role.GUARDIAN;
import static no.ranselpost.core.api.Role.LEADER;
import static no.ranselpost.core.api.Role.SUBSTITUTE;
import static no.ranselpost.core.api.Role.UNIT_ADMIN;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.Facts;
import no.ranselpost.access.api.Target;
import no.ranselpost.access.api.TargetKind;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.diary.api.DiaryActions;
import no.ranselpost.persistence.api.Transactions;

/**
 * The diary's rules (ACCESS.md, "diary and news posts, photos, plans": the unit, the groups'
 * staff, guardians of the children of the group or unit; no system administrator, no shared
 * account). A post or plan belongs to its unit and to its group, or (unit-wide) to every group
 * of the unit; it is about the children enrolled there today.
 */
@Component(service = AccessDeclaration.class)
public class DiaryAccessDeclaration implements AccessDeclaration {

    /** A post, a plan, and a unit as the audience of unit-wide news and plans (with all its groups). */
    static final String POST = "diary.post";
    static final String PLAN = "diary.plan";
    static final String UNIT_AUDIENCE = "diary.unit";
    static final String CURRENT = "e.startDate <= :d and (e.endDate is null or e.endDate >= :d)";

    private final Transactions tx;
    private final OsloClock clock;

    @Activate
    public DiaryAccessDeclaration(@Reference Transactions tx, @Reference OsloClock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public String capability() {
        return "diary";
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.of(DiaryActions.POST_WRITE, "Write a news post (the unit's staff) or a diary post (the group's), add its photos, remove it",
                        of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP)),
                Action.of(DiaryActions.POST_READ, "Read news and diary posts with their photos (guardians: a photo only while every child "
                                + "in it has consent)",
                        of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP), of(GUARDIAN, OWN_CHILD)),
                Action.of(DiaryActions.PLAN_WRITE, "Publish a plan (year, month, week) of a unit or group",
                        of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP)),
                Action.of(DiaryActions.PLAN_READ, "Read a unit's or group's plans",
                        of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP), of(GUARDIAN, OWN_CHILD)),
                Action.of(DiaryActions.PROTECTED_CHILD_IN_PHOTO, "See a child with strengt fortrolig address in a photo: the staff of its groups "
                                + "and unit, its custodians (who must also share the protection)",
                        of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP), of(GUARDIAN, OWN_CHILD)));
    }

    @Override
    public List<TargetKind> targetKinds() {
        return List.of(new TargetKind(POST, t -> owned(t, "DiaryPostEntity")), new TargetKind(PLAN, t -> owned(t, "PlanEntity")),
                new TargetKind(UNIT_AUDIENCE, t -> tx.inTransaction(em -> audience(em, t.id(), null))));
    }

    private Facts owned(Target t, String entity) {
        return tx.inTransaction(em -> {
            List<Object[]> rows = em.createQuery("select p.unit.id, g.id from " + entity + " p left join p.group g where p.id = :id", Object[].class)
                    .setParameter("id", t.id()).getResultList();
            if (rows.isEmpty()) {
                return Facts.NONE;
            }
            return audience(em, ((Number) rows.get(0)[0]).longValue(), rows.get(0)[1] == null ? null : ((Number) rows.get(0)[1]).longValue());
        });
    }

    /** The unit; the group, or every group of the unit; the children enrolled there today. */
    private Facts audience(javax.persistence.EntityManager em, long unitId, Long groupId) {
        LocalDate today = clock.today();
        Set<Long> units = new HashSet<>(em.createQuery("select u.id from UnitEntity u where u.id = :u", Long.class)
                .setParameter("u", unitId).getResultList());
        if (units.isEmpty()) {
            return Facts.NONE;
        }
        Set<Long> groups = groupId != null ? Set.of(groupId) : new HashSet<>(em.createQuery("select g.id from GroupEntity g where g.unit.id = :u",
                Long.class).setParameter("u", unitId).getResultList());
        Set<Long> children = new HashSet<>(em.createQuery("select e.child.id from EnrolmentEntity e where "
                        + (groupId != null ? "e.group.id = :g" : "e.unit.id = :g") + " and " + CURRENT, Long.class)
                .setParameter("g", groupId != null ? groupId : unitId).setParameter("d", today).getResultList());
        return Facts.of(units, groups, children);
    }
}
