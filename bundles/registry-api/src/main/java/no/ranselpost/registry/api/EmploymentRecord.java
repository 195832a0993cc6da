package no.ranselpost.registry.api;

import java.time.LocalDate;

import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;

/**
 * An employment from the HR system. The adapter maps the position code to a role through its
 * configured table: LEADER or EMPLOYEE, or null when the code is not mapped (reported, no role).
 *
 * @param key a key that names the record in reports (a line number); never a national id
 * @param unitType needed only where units share an org number; null: the one unit with that number
 */
public record EmploymentRecord(String key, String employeeId, PersonRecord person, String email, String mobile, String unitOrgNumber,
                               UnitType unitType, String positionCode, String positionTitle, Role role, LocalDate startDate,
                               LocalDate endDate, LocalDate leaveFrom, LocalDate leaveTo) implements java.io.Serializable {
}
