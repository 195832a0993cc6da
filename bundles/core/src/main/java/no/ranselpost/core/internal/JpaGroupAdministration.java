package no.ranselpost.core.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.ConflictException;
import no.ranselpost.core.api.Enrolment;
import no.ranselpost.core.api.Group;
import no.ranselpost.core.api.GroupActions;
import no.ranselpost.core.api.GroupAdministration;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.UnitEntity;

/**
 * Groups and enrolments by hand. A group belongs to a source once it holds an enrolment that
 * source imported; an enrolment belongs to the source that imported it. Both are then the
 * source's to change (409 naming it); the rest is the unit admin's. Each change is audited in its
 * transaction.
 */
@Component(service = GroupAdministration.class)
public class JpaGroupAdministration implements GroupAdministration {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,49}");
    private static final String CURRENT = "e.startDate <= :today and (e.endDate is null or e.endDate >= :today)";

    private final Transactions tx;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final OsloClock clock;

    @Activate
    public JpaGroupAdministration(@Reference Transactions tx, @Reference AccessPolicy access, @Reference AuditTrail audit,
                                  @Reference OsloClock clock) {
        this.tx = tx;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    /** By hand: no source, or the mark of an enrolment entered by hand. */
    static boolean byHand(String sourceId) {
        return sourceId == null || MANUAL.equals(sourceId);
    }

    @Override
    public Group createGroup(AuthenticatedPrincipal principal, long unitId, String code, String name, GroupType type) {
        access.require(principal, GroupActions.GROUP_CREATE, Target.unit(unitId));
        if (code == null || !CODE.matcher(code).matches()) {
            throw new InvalidRequestException("A group code is 1 to 50 of A-Z, a-z, 0-9, '.', '_' and '-' (the code an export would use)");
        }
        String n = name(name);
        if (type == null) {
            throw new InvalidRequestException("'type' is DEPARTMENT, CLASS, BASE_GROUP or SUBJECT_GROUP");
        }
        return tx.inTransaction(em -> {
            UnitEntity unit = em.find(UnitEntity.class, unitId);
            if (unit == null) {
                throw new NoSuchObjectException("No such unit");
            }
            if (!em.createQuery("select g.id from GroupEntity g where g.unit.id = :u and g.code = :c", Long.class)
                    .setParameter("u", unitId).setParameter("c", code).getResultList().isEmpty()) {
                throw new InvalidRequestException("The unit has a group with that code");
            }
            GroupEntity g = new GroupEntity();
            g.setUnit(unit);
            g.setCode(code);
            g.setName(n);
            g.setGroupType(type);
            em.persist(g);
            em.flush();
            audit.change(em, Actor.of(principal), GroupActions.GROUP_CREATE, "group", g.getId(), unitId, null);
            return view(g);
        });
    }

    @Override
    public Group renameGroup(AuthenticatedPrincipal principal, long groupId, String name) {
        String n = name(name);
        if (tx.inTransaction(em -> em.find(GroupEntity.class, groupId) == null) && access.mayEver(principal, GroupActions.GROUP_RENAME)) {
            throw new NoSuchObjectException("No such group");
        }
        access.require(principal, GroupActions.GROUP_RENAME, Target.group(groupId));
        return tx.inTransaction(em -> {
            GroupEntity g = em.find(GroupEntity.class, groupId);
            List<String> sources = em.createQuery("select distinct e.sourceId from EnrolmentEntity e where e.group.id = :g "
                    + "and e.sourceId is not null and e.sourceId <> :manual", String.class)
                    .setParameter("g", groupId).setParameter("manual", MANUAL).getResultList();
            if (!sources.isEmpty()) {
                throw new ConflictException(sources.get(0), "The group comes from the source '" + sources.get(0)
                        + "': its name is changed there");
            }
            g.setName(n);
            em.flush();
            audit.change(em, Actor.of(principal), GroupActions.GROUP_RENAME, "group", g.getId(), g.getUnit().getId(), null);
            return view(g);
        });
    }

    @Override
    public Enrolment enrol(AuthenticatedPrincipal principal, long unitId, long childId, Long groupId, LocalDate startDate,
                           LocalDate endDate) {
        access.require(principal, GroupActions.ENROLMENT_CREATE, Target.unit(unitId));
        LocalDate start = startDate == null ? clock.today() : startDate;
        if (endDate != null && endDate.isBefore(start)) {
            throw new InvalidRequestException("'endDate' is before 'startDate'");
        }
        return tx.inTransaction(em -> {
            if (em.find(UnitEntity.class, unitId) == null) {
                throw new NoSuchObjectException("No such unit");
            }
            PersonEntity child = em.find(PersonEntity.class, childId);
            if (child == null) {
                throw new InvalidRequestException("No child " + childId + ": a child new to the kommune comes from the admission export");
            }
            GroupEntity group = groupId == null ? null : groupOf(em, groupId, unitId);
            boolean overlapping = !em.createQuery("select e.id from EnrolmentEntity e where e.child.id = :c and e.unit.id = :u "
                    + "and (e.endDate is null or e.endDate >= :start)", Long.class)
                    .setParameter("c", childId).setParameter("u", unitId).setParameter("start", start).getResultList().isEmpty();
            if (overlapping) {
                throw new InvalidRequestException("The child is enrolled at the unit then already: move them instead");
            }
            EnrolmentEntity e = new EnrolmentEntity();
            e.setChild(child);
            e.setUnit(em.find(UnitEntity.class, unitId));
            e.setGroup(group);
            e.setStartDate(start);
            e.setEndDate(endDate);
            e.setSourceId(MANUAL);
            em.persist(e);
            em.flush();
            audit.change(em, Actor.of(principal), GroupActions.ENROLMENT_CREATE, "enrolment", e.getId(), List.of(childId), unitId, "by-hand");
            return view(e);
        });
    }

    @Override
    public Enrolment moveChild(AuthenticatedPrincipal principal, long childId, long toGroupId) {
        Long unitId = tx.inTransaction(em -> {
            GroupEntity g = em.find(GroupEntity.class, toGroupId);
            return g == null ? null : g.getUnit().getId();
        });
        if (unitId == null) {
            access.requireAnyRole(principal, GroupActions.CHILD_MOVE);
            throw new InvalidRequestException("No group " + toGroupId);
        }
        access.require(principal, GroupActions.CHILD_MOVE, Target.unit(unitId));
        LocalDate today = clock.today();
        return tx.inTransaction(em -> {
            if (em.find(PersonEntity.class, childId) == null) {
                throw new NoSuchObjectException("No such child");
            }
            List<EnrolmentEntity> current = em.createQuery("select e from EnrolmentEntity e where e.child.id = :c and e.unit.id = :u and "
                    + CURRENT + " order by e.id", EnrolmentEntity.class)
                    .setParameter("c", childId).setParameter("u", unitId).setParameter("today", today).getResultList();
            if (current.isEmpty()) {
                throw new InvalidRequestException("The child is not enrolled at the group's unit today");
            }
            EnrolmentEntity e = current.get(0);
            if (!byHand(e.getSourceId())) {
                throw new ConflictException(e.getSourceId(), "The enrolment comes from the source '" + e.getSourceId()
                        + "': the child's group is changed there");
            }
            GroupEntity to = groupOf(em, toGroupId, unitId);
            if (e.getGroup() != null && e.getGroup().getId() == toGroupId) {
                return view(e);
            }
            EnrolmentEntity moved;
            if (e.getStartDate().isBefore(today)) {
                // the history stays: the old enrolment ends yesterday, the new one starts today
                e.setEndDate(today.minusDays(1));
                e.setEndReason("moved");
                moved = new EnrolmentEntity();
                moved.setChild(e.getChild());
                moved.setUnit(e.getUnit());
                moved.setStartDate(today);
                moved.setSourceId(MANUAL);
                em.persist(moved);
            } else {
                moved = e;
                moved.setSourceId(MANUAL);
            }
            moved.setGroup(to);
            em.flush();
            audit.change(em, Actor.of(principal), GroupActions.CHILD_MOVE, "enrolment", moved.getId(), List.of(childId, e.getId()), unitId,
                    "by-hand");
            return view(moved);
        });
    }

    private static GroupEntity groupOf(EntityManager em, long groupId, long unitId) {
        GroupEntity g = em.find(GroupEntity.class, groupId);
        if (g == null || g.getUnit().getId() != unitId) {
            throw new InvalidRequestException("Group " + groupId + " is not a group of unit " + unitId);
        }
        return g;
    }

    private static String name(String name) {
        if (name == null || name.isBlank() || name.strip().length() > 200) {
            throw new InvalidRequestException("A group's 'name' is 1 to 200 characters");
        }
        return name.strip();
    }

    private static Group view(GroupEntity g) {
        return new Group(g.getId(), g.getUnit().getId(), g.getCode(), g.getName(), g.getGroupType());
    }

    private static Enrolment view(EnrolmentEntity e) {
        return new Enrolment(e.getId(), e.getChild().getId(), e.getUnit().getId(), e.getGroup() == null ? null : e.getGroup().getId(),
                e.getStartDate(), e.getEndDate());
    }
}
