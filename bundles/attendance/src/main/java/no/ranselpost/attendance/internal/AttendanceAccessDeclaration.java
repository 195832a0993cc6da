package no.ranselpost.attendance.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.GROUP;
import static no.ranselpost.access.api.Scope.OWN_CHILD;
import static no.ranselpost.access.api.Scope.UNIT;
import static no.ranselpost.core.api.Role.EMPLOYEE;
import static no.ranselpost.core.api.Role.GUARDIAN;
import static no.ranselpost.core.api.Role.LEADER;
import static no.ranselpost.core.api.Role.SHARED_ACCOUNT;
import static no.ranselpost.core.api.Role.SUBSTITUTE;
import static no.ranselpost.core.api.Role.UNIT_ADMIN;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.attendance.api.AttendanceActions;

/**
 * Attendance's rules (ACCESS.md: "check-in/out, head count, sleep list": unit, groups, the
 * department's shared account; guardians their own child's times only; no system administrator).
 * The mark "out with staff's knowledge" is for the group's own staff, not the tablet.
 */
@Component(service = AccessDeclaration.class)
public class AttendanceAccessDeclaration implements AccessDeclaration {

    @Override
    public String capability() {
        return "attendance";
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.of(AttendanceActions.REGISTER, "Check a child in or out, its sleep (the group's staff and the department's tablet)",
                        of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP), of(SHARED_ACCOUNT, GROUP)),
                Action.of(AttendanceActions.MARK_OUT, "Mark a child as out with staff's knowledge, without checking it out (seed 000)",
                        of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP)),
                Action.of(AttendanceActions.GROUP_READ, "A group's head count and sleep list",
                        of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP), of(SHARED_ACCOUNT, GROUP)),
                Action.of(AttendanceActions.CHILD_READ, "A child's day (guardians: their own child's times only)",
                        of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP), of(SHARED_ACCOUNT, GROUP),
                        of(GUARDIAN, OWN_CHILD)),
                Action.of(AttendanceActions.CORRECT, "Correct a day's check-in or check-out time, with a reason (audited)",
                        of(UNIT_ADMIN, UNIT), of(LEADER, GROUP)),
                Action.of(AttendanceActions.PICKUP_NOTE_WRITE, "A guardian notes who fetches their child today (an other adult where the kommune grants it)",
                        of(GUARDIAN, OWN_CHILD), of(GUARDIAN, no.ranselpost.access.api.Scope.OTHER_ADULT,
                                no.ranselpost.access.api.Condition.settingOn("otherAdults"), no.ranselpost.access.api.Condition.settingOn("otherAdultsPickup"))));
    }
}
