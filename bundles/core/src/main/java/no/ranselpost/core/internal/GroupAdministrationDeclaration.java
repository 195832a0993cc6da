package no.ranselpost.core.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.KOMMUNE;
import static no.ranselpost.access.api.Scope.UNIT;
import static no.ranselpost.core.api.Role.SYSTEM_ADMIN;
import static no.ranselpost.core.api.Role.UNIT_ADMIN;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.core.api.GroupActions;

/** Groups and enrolments by hand: the unit's admin and a system administrator (on the core's unit, group and child kinds). */
@Component(service = AccessDeclaration.class)
public class GroupAdministrationDeclaration implements AccessDeclaration {

    @Override
    public String capability() {
        return "groups";
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.of(GroupActions.GROUP_CREATE, "Create a group of a unit by hand", of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT)),
                Action.of(GroupActions.GROUP_RENAME, "Rename a group no source owns", of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT)),
                Action.of(GroupActions.ENROLMENT_CREATE, "Enrol a known child at a unit by hand", of(SYSTEM_ADMIN, KOMMUNE),
                        of(UNIT_ADMIN, UNIT)),
                Action.of(GroupActions.CHILD_MOVE, "Move a child between groups of its unit, where no source owns the enrolment",
                        of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT)));
    }
}
