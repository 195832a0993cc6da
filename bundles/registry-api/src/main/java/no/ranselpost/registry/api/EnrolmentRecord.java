package no.ranselpost.registry.api;

import java.time.LocalDate;

import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.UnitType;

/**
 * A child's membership of a unit and group, from admission or the school administration. Its
 * identity within the source is child + unit (org number and type) + group + start date.
 *
 * @param key a key that names the record in reports (a line number); never a national id
 */
public record EnrolmentRecord(String key, String childNationalId, String unitOrgNumber, UnitType unitType, String unitName,
                              String groupCode, String groupName, GroupType groupType, LocalDate startDate, LocalDate endDate) implements java.io.Serializable {
}
