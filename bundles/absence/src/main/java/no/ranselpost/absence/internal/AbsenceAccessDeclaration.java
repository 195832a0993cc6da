package no.ranselpost.absence.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.GROUP;
import static no.ranselpost.access.api.Scope.KOMMUNE;
import static no.ranselpost.access.api.Scope.OWN_CHILD;
import static no.ranselpost.access.api.Scope.OWN_SOURCE;
import static no.ranselpost.access.api.Scope.UNIT;
import static no.ranselpost.core.api.Role.EMPLOYEE;
import static no.ranselpost.core.api.Role.GUARDIAN;
import static no.ranselpost.core.api.Role.INTEGRATION;
import static no.ranselpost.core.api.Role.LEADER;
import static no.ranselpost.core.api.Role.OWNER;
import static no.ranselpost.core.api.Role.SHARED_ACCOUNT;
import static no.ranselpost.core.api.Role.SUBSTITUTE;
import static no.ranselpost.core.api.Role.SYSTEM_ADMIN;
import static no.ranselpost.core.api.Role.UNIT_ADMIN;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.Facts;
import no.ranselpost.access.api.Target;
import no.ranselpost.access.api.TargetKind;
import no.ranselpost.persistence.api.Transactions;

import no.ranselpost.absence.api.AbsenceActions;
import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.Condition;
import no.ranselpost.access.api.FieldSet;
import no.ranselpost.access.api.FieldSet.Field;
import no.ranselpost.access.api.Rule;

/**
 * Daily life's rules (ACCESS.md): absence reports for the child's guardians and the staff of its
 * groups and unit, the department's shared account today's reports without their text; health
 * information for the staff of the child's groups, allergies only for the shared account, and for
 * guardians only in a session signed in at idporten-loa-high. Targets are the core's child, group
 * and unit, so a report is decided on the child it is about.
 */
@Component(service = AccessDeclaration.class)
public class AbsenceAccessDeclaration implements AccessDeclaration {

    /** For the kind {@link AbsenceActions#UNIT_SOURCE_KIND}: whether the school administration source enrols the unit's children. */
    @Reference
    private Transactions tx;

    public AbsenceAccessDeclaration() {
    }

    /** For tests. */
    public AbsenceAccessDeclaration(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public String capability() {
        return "absence";
    }

    /**
     * A unit as the school administration system reads it (ACCESS.md: "a unit's absences for the
     * school administration system"): the unit, and that source when it enrols children there.
     */
    @Override
    public List<TargetKind> targetKinds() {
        return List.of(new TargetKind(AbsenceActions.UNIT_SOURCE_KIND, this::unitSource));
    }

    private Facts unitSource(Target t) {
        return tx.inTransaction(em -> {
            if (em.find(no.ranselpost.persistence.entity.UnitEntity.class, t.id()) == null) {
                return Facts.NONE;
            }
            long enrolled = em.createQuery("select count(e) from EnrolmentEntity e where e.unit.id = :u and e.sourceId = :s", Long.class)
                    .setParameter("u", t.id()).setParameter("s", AbsenceActions.SCHOOL_ADMINISTRATION_SOURCE).getSingleResult();
            return new Facts(java.util.Set.of(t.id()), java.util.Set.of(), java.util.Set.of(), java.util.Set.of(),
                    enrolled > 0 ? AbsenceActions.SCHOOL_ADMINISTRATION_SOURCE : null);
        });
    }

    private static Rule[] staffOfChild(Rule... more) {
        List<Rule> rules = new ArrayList<>(List.of(of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP),
                of(SUBSTITUTE, GROUP)));
        rules.addAll(List.of(more));
        return rules.toArray(Rule[]::new);
    }

    @Override
    public List<Action> actions() {
        Rule guardian = of(GUARDIAN, OWN_CHILD);
        // an adult registered by the custodians' consent, where the kommune grants them absence reports (ACCESS.md)
        Rule otherAdult = of(GUARDIAN, no.ranselpost.access.api.Scope.OTHER_ADULT, Condition.settingOn("otherAdults"),
                Condition.settingOn("otherAdultsAbsence"));
        Rule shared = of(SHARED_ACCOUNT, GROUP);
        return List.of(
                Action.of(AbsenceActions.REPORT, "Report a child's absence or holiday (guardians: their own child)", staffOfChild(guardian, otherAdult)),
                Action.of(AbsenceActions.CHANGE, "Change or withdraw a report (guardians: before the unit opens on its first day)",
                        staffOfChild(guardian, otherAdult)),
                Action.of(AbsenceActions.CHILD_READ, "A child's absence reports (the shared account: today's, without text)",
                        staffOfChild(guardian, shared)),
                Action.of(AbsenceActions.GROUP_DAY_READ, "One day's absences in a group (the shared account: today)",
                        of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP), shared),
                Action.of(AbsenceActions.UNIT_DAY_READ, "One day's absences in a unit", of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT),
                        of(LEADER, UNIT, Condition.settingOn("unitWideRead"))),
                Action.of(AbsenceActions.UNIT_PERIOD_READ, "A unit's reports over a period, without their text: the school administration "
                        + "system whose source enrols the unit's children", of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT),
                        of(INTEGRATION, OWN_SOURCE)),
                Action.of(AbsenceActions.TEXT_REMOVE, "Remove a report's free text that holds sensitive information (seed 000)", staffOfChild()),
                Action.of(AbsenceActions.OPENING_HOURS_READ, "A unit's opening hours and closed days", of(OWNER, KOMMUNE), of(SYSTEM_ADMIN, KOMMUNE),
                        of(UNIT_ADMIN, UNIT), of(LEADER, UNIT), of(EMPLOYEE, UNIT), of(SUBSTITUTE, UNIT), of(SHARED_ACCOUNT, UNIT)),
                Action.of(AbsenceActions.OPENING_HOURS_SET, "Set a unit's opening hours and closed days", of(SYSTEM_ADMIN, KOMMUNE),
                        of(UNIT_ADMIN, UNIT)),
                Action.of(AbsenceActions.HEALTH_READ, "A child's health information (guardians: idporten-loa-high; the shared account: allergies)",
                        of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP), shared,
                        of(GUARDIAN, OWN_CHILD, Condition.LOA_HIGH)),
                Action.of(AbsenceActions.HEALTH_UPDATE, "A guardian enters or updates their child's health information (idporten-loa-high)",
                        of(GUARDIAN, OWN_CHILD, Condition.LOA_HIGH)));
    }

    @Override
    public List<FieldSet> fieldSets() {
        Rule guardianHigh = of(GUARDIAN, OWN_CHILD, Condition.LOA_HIGH);
        return List.of(
                FieldSet.of(AbsenceActions.REPORT_VIEW,
                        Field.of(AbsenceActions.FIELD_TEXT, "A report's free text (never the shared account's)", of(SYSTEM_ADMIN, KOMMUNE),
                                of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP), of(GUARDIAN, OWN_CHILD))),
                FieldSet.of(AbsenceActions.HEALTH_VIEW,
                        Field.of(AbsenceActions.FIELD_ALLERGIES, "Allergies", of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP),
                                of(SUBSTITUTE, GROUP), of(SHARED_ACCOUNT, GROUP), guardianHigh),
                        Field.of(AbsenceActions.FIELD_INTOLERANCES, "Food intolerances", of(UNIT_ADMIN, UNIT), of(LEADER, GROUP),
                                of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP), guardianHigh),
                        Field.of(AbsenceActions.FIELD_GP, "The GP (fastlege)", of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP),
                                of(SUBSTITUTE, GROUP), guardianHigh)));
    }
}
