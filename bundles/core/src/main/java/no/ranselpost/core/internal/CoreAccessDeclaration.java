package no.ranselpost.core.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.GROUP;
import static no.ranselpost.access.api.Scope.KOMMUNE;
import static no.ranselpost.access.api.Scope.OWN_CHILD;
import static no.ranselpost.access.api.Scope.SELF;
import static no.ranselpost.access.api.Scope.UNIT;
import static no.ranselpost.core.api.Role.EMPLOYEE;
import static no.ranselpost.core.api.Role.GUARDIAN;
import static no.ranselpost.core.api.Role.LEADER;
import static no.ranselpost.core.api.Role.OWNER;
import static no.ranselpost.core.api.Role.SHARED_ACCOUNT;
import static no.ranselpost.core.api.Role.SUBSTITUTE;
import static no.ranselpost.core.api.Role.SYSTEM_ADMIN;
import static no.ranselpost.core.api.Role.UNIT_ADMIN;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.Condition;
import no.ranselpost.access.api.Facts;
import no.ranselpost.access.api.FieldSet;
import no.ranselpost.access.api.FieldSet.Field;
import no.ranselpost.access.api.Rule;
import no.ranselpost.access.api.Target;
import no.ranselpost.access.api.TargetKind;
import no.ranselpost.core.api.CoreActions;
import no.ranselpost.core.api.CoreActions.ChildFields;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;

/**
 * What the core brings to the access policy (ACCESS.md): the actions on units, groups,
 * children and guardians' access, the kinds unit, group, child and guardian with the facts of
 * each (read afresh on every decision), and the fields of a child's view.
 */
@Component(service = AccessDeclaration.class)
public class CoreAccessDeclaration implements AccessDeclaration {

    /** Unit-wide read for leaders: the kommune setting of ACCESS.md. */
    static final Condition UNIT_WIDE_READ = Condition.settingOn("unitWideRead");
    private static final String CURRENT = "e.startDate <= :today and (e.endDate is null or e.endDate >= :today)";

    private final Transactions tx;
    private final OsloClock clock;

    @Activate
    public CoreAccessDeclaration(@Reference Transactions tx, @Reference OsloClock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public String capability() {
        return "core";
    }

    private static Rule[] staffOfKommune() {
        return new Rule[] {of(OWNER, KOMMUNE), of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, KOMMUNE), of(LEADER, KOMMUNE),
            of(EMPLOYEE, KOMMUNE), of(SUBSTITUTE, KOMMUNE), of(SHARED_ACCOUNT, KOMMUNE)};
    }

    private static Rule[] readersOfChildren(boolean guardians) {
        List<Rule> rules = new java.util.ArrayList<>(List.of(of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT), of(LEADER, GROUP),
                of(LEADER, UNIT, UNIT_WIDE_READ), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP), of(SHARED_ACCOUNT, GROUP)));
        if (guardians) {
            rules.add(of(GUARDIAN, OWN_CHILD));
        }
        return rules.toArray(Rule[]::new);
    }

    private static Rule[] unitAdmins() {
        return new Rule[] {of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT)};
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.of(CoreActions.UNIT_LIST, "The kommune's units (no child data)", staffOfKommune()),
                Action.of(CoreActions.UNIT_READ, "One unit (no child data)", staffOfKommune()),
                Action.of(CoreActions.GROUP_LIST, "The groups of a unit (no child data)", of(OWNER, KOMMUNE), of(SYSTEM_ADMIN, KOMMUNE),
                        of(UNIT_ADMIN, UNIT), of(LEADER, UNIT), of(EMPLOYEE, UNIT), of(SUBSTITUTE, UNIT), of(SHARED_ACCOUNT, UNIT)),
                Action.of(CoreActions.GROUP_CHILDREN_READ, "The children of a group, with the fields the reader may see",
                        readersOfChildren(false)),
                Action.of(CoreActions.CHILD_READ, "One child with guardians, contact details, address and the protected flag, "
                        + "as far as the reader may see them", readersOfChildren(true)),
                Action.of(CoreActions.OWN_CHILDREN_READ, "A guardian's own children", of(GUARDIAN, SELF)),
                Action.of(CoreActions.GUARDIAN_ACCESS_ACTIVATE, "Activate a guardian's access at a unit (the guardian asked)", unitAdmins()),
                Action.of(CoreActions.GUARDIAN_ACCESS_DEACTIVATE, "Deactivate a guardian's access at a unit", unitAdmins()),
                Action.of(CoreActions.GUARDIAN_BLOCK, "Block a guardian from one child (only these two write the blocklist)", unitAdmins()),
                Action.of(CoreActions.GUARDIAN_UNBLOCK, "Lift a guardian's block from one child", unitAdmins()));
    }

    @Override
    public List<TargetKind> targetKinds() {
        return List.of(new TargetKind(Target.UNIT, this::unit), new TargetKind(Target.GROUP, this::group),
                new TargetKind(Target.CHILD, this::child, this::children), new TargetKind(Target.GUARDIAN, this::guardian));
    }

    @Override
    public List<FieldSet> fieldSets() {
        Rule sys = of(SYSTEM_ADMIN, KOMMUNE);
        Rule admin = of(UNIT_ADMIN, UNIT);
        Rule leader = of(LEADER, GROUP);
        Rule leaderUnitWide = of(LEADER, UNIT, UNIT_WIDE_READ);
        Rule employee = of(EMPLOYEE, GROUP);
        Rule substitute = of(SUBSTITUTE, GROUP);
        Rule shared = of(SHARED_ACCOUNT, GROUP);
        Rule guardian = of(GUARDIAN, OWN_CHILD);
        return List.of(FieldSet.of(CoreActions.CHILD_VIEW,
                Field.of(ChildFields.BASIC, "Name, birth date, unit and group",
                        sys, admin, leader, leaderUnitWide, employee, substitute, shared, guardian),
                Field.of(ChildFields.NATIONAL_ID, "National identity number", sys, admin, guardian),
                Field.of(ChildFields.PROTECTED_FLAG, "The \"protected, handle with care\" flag",
                        sys, admin, leader, leaderUnitWide, employee, substitute, shared),
                Field.of(ChildFields.ADDRESS, "Address (ugradert)", sys, admin, leader, leaderUnitWide),
                Field.of(ChildFields.ADDRESS_CONFIDENTIAL, "Address (fortrolig): a system administrator only with a reason",
                        of(SYSTEM_ADMIN, KOMMUNE, Condition.reasonGiven()), admin),
                Field.of(ChildFields.GUARDIANS, "Guardians' names and relation (a guardian: the other guardians, unless protected)",
                        sys, admin, leader, leaderUnitWide, employee, substitute, shared, guardian),
                Field.of(ChildFields.GUARDIAN_CONTACT, "Guardians' e-mail and mobile, unprotected guardians",
                        sys, admin, leader, leaderUnitWide, employee, substitute),
                Field.of(ChildFields.GUARDIAN_CONTACT_PROTECTED, "Protected guardians' e-mail and mobile too", sys, admin),
                Field.of(ChildFields.GUARDIAN_MOBILE, "Guardians' mobile, unprotected guardians (the department's shared account)", shared),
                Field.of(ChildFields.GUARDIAN_ADDRESS, "Guardians' addresses (ugradert)", sys, admin, leader, leaderUnitWide),
                Field.of(ChildFields.GUARDIAN_ACCOUNT, "Guardians' access per unit and blocks", sys, admin)));
    }

    // ---- facts

    private Facts unit(Target t) {
        return tx.inTransaction(em -> {
            Set<Long> units = new HashSet<>(em.createQuery("select u.id from UnitEntity u where u.id = :id", Long.class)
                    .setParameter("id", t.id()).getResultList());
            return Facts.of(units, Set.of(), Set.of());
        });
    }

    private Facts group(Target t) {
        return tx.inTransaction(em -> {
            List<Long> unit = em.createQuery("select g.unit.id from GroupEntity g where g.id = :id", Long.class)
                    .setParameter("id", t.id()).getResultList();
            return unit.isEmpty() ? Facts.NONE : Facts.of(Set.copyOf(unit), Set.of(t.id()), Set.of());
        });
    }

    /** Many children at once (a group's list): each one's units and groups today, in one query per 500. */
    private Map<Long, Facts> children(Collection<Long> ids) {
        Map<Long, Set<Long>> units = new HashMap<>();
        Map<Long, Set<Long>> groups = new HashMap<>();
        List<Long> all = new ArrayList<>(ids);
        tx.inTransaction(em -> {
            for (int from = 0; from < all.size(); from += 500) {
                List<Long> chunk = all.subList(from, Math.min(all.size(), from + 500));
                for (Object[] row : em.createQuery("select e.child.id, e.unit.id, g.id from EnrolmentEntity e left join e.group g "
                        + "where e.child.id in :ids and " + CURRENT, Object[].class)
                        .setParameter("ids", new ArrayList<>(chunk)).setParameter("today", clock.today()).getResultList()) {
                    units.computeIfAbsent((Long) row[0], k -> new HashSet<>()).add((Long) row[1]);
                    if (row[2] != null) {
                        groups.computeIfAbsent((Long) row[0], k -> new HashSet<>()).add((Long) row[2]);
                    }
                }
            }
            return null;
        });
        Map<Long, Facts> out = new LinkedHashMap<>();
        for (Long id : ids) {
            out.put(id, Facts.of(units.getOrDefault(id, Set.of()), groups.getOrDefault(id, Set.of()), Set.of(id)));
        }
        return out;
    }

    /** A child: the units and groups it is enrolled in today. */
    private Facts child(Target t) {
        return tx.inTransaction(em -> {
            Set<Long> units = new HashSet<>();
            Set<Long> groups = new HashSet<>();
            for (Object[] row : em.createQuery("select e.unit.id, g.id from EnrolmentEntity e left join e.group g "
                    + "where e.child.id = :id and " + CURRENT, Object[].class)
                    .setParameter("id", t.id()).setParameter("today", clock.today()).getResultList()) {
                units.add((Long) row[0]);
                if (row[1] != null) {
                    groups.add((Long) row[1]);
                }
            }
            return Facts.of(units, groups, Set.of(t.id()));
        });
    }

    /** A guardian: the units its children (current links) attend today; never the children themselves (a guardian is no child). */
    private Facts guardian(Target t) {
        return tx.inTransaction(em -> {
            Set<Long> units = new HashSet<>(em.createQuery("select e.unit.id from EnrolmentEntity e, GuardianshipEntity g "
                    + "where g.child = e.child and g.guardian.id = :id and g.current = true and " + CURRENT, Long.class)
                    .setParameter("id", t.id()).setParameter("today", clock.today()).getResultList());
            return Facts.of(units, Set.of(), Set.of());
        });
    }
}
