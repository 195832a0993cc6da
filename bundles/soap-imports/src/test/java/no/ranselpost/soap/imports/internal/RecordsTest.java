package no.ranselpost.soap.imports.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.registry.api.EmploymentRecord;
import no.ranselpost.registry.api.EnrolmentRecord;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.soap.imports.v1.Employment;
import no.ranselpost.soap.imports.v1.Enrolment;

/** Pushed elements read by the file adapters' rules: the same records, the same reasons, keyed by their place. */
class RecordsTest {

    private static Enrolment enrolment(String org, String unitType, String start, String end) {
        Enrolment e = new Enrolment();
        e.setChildNationalId("27850998855");
        e.setUnitOrgNumber(org);
        e.setUnitName("Bakken barnehage");
        e.setUnitType(unitType);
        e.setGroupCode("BLA");
        e.setGroupName("Blåbær");
        e.setGroupType("DEPARTMENT");
        e.setStartDate(start);
        e.setEndDate(end);
        return e;
    }

    @Test
    void enrolmentsBecomeRecordsOrRejectionsWithTheFileRowsReasons() {
        List<Object> out = Records.enrolments(List.of(enrolment("991000003", "KINDERGARTEN", "2010-08-01", "2015-06-30"),
                enrolment("123", "KINDERGARTEN", "2010-08-01", null), enrolment("991000003", "BARNEHAGE", "2010-08-01", null),
                enrolment("991000003", "KINDERGARTEN", "1.8.2010", null), enrolment("991000003", "KINDERGARTEN", "2010-08-01", "2009-01-01")));
        EnrolmentRecord r = assertInstanceOf(EnrolmentRecord.class, out.get(0));
        assertEquals(new EnrolmentRecord("record 1", "27850998855", "991000003", UnitType.KINDERGARTEN, "Bakken barnehage", "BLA", "Blåbær",
                GroupType.DEPARTMENT, LocalDate.of(2010, 8, 1), LocalDate.of(2015, 6, 30)), r);
        assertEquals(new ImportRun.Rejection("record 2", "unit_org_number: organisation number must be 9 digits"), out.get(1));
        assertEquals(new ImportRun.Rejection("record 3", "unit_type must be one of KINDERGARTEN, SCHOOL, SFO"), out.get(2));
        assertEquals(new ImportRun.Rejection("record 4", "start_date is not an ISO date (yyyy-MM-dd)"), out.get(3));
        assertEquals(new ImportRun.Rejection("record 5", "end_date is before start_date"), out.get(4));
        for (Object o : out) {
            assertTrue(!(o instanceof ImportRun.Rejection rej) || !rej.reason().contains("27850998855"), "reasons name fields, never values");
        }
    }

    @Test
    void employmentsMapTheirPositionCodeAndAnUnmappedOneComesWithANotice() {
        Employment e = new Employment();
        e.setEmployeeId("E-7");
        e.setNationalId("27850998855");
        e.setUnitOrgNumber("991000003");
        e.setPositionCode("7951");
        e.setStartDate("2024-08-01");
        Employment unmapped = new Employment();
        unmapped.setEmployeeId("E-8");
        unmapped.setUnitOrgNumber("991000003");
        unmapped.setPositionCode("1234");
        unmapped.setStartDate("2024-08-01");
        Employment noId = new Employment();
        noId.setUnitOrgNumber("991000003");
        List<Object> out = Records.employments(List.of(e, unmapped, noId), Records.positionRoles("7951=LEADER,7954=EMPLOYEE"));
        assertEquals(Role.LEADER, assertInstanceOf(EmploymentRecord.class, out.get(0)).role());
        assertNull(assertInstanceOf(EmploymentRecord.class, out.get(1)).role());
        assertEquals(new ImportRun.Notice("record 2", "position code 1234 is not mapped to a role (employment kept without role)"), out.get(2));
        assertEquals(new ImportRun.Rejection("record 3", "employee_id missing"), out.get(3));
    }

    @Test
    void everyOperationDeclaresAnActionOfThisBundlesDeclaration() {
        Set<String> declared = new SoapImportsAccessDeclaration().actions().stream().map(Action::id).collect(Collectors.toSet());
        for (Class<?> endpoint : List.of(EnrolmentEndpoint.class, EmploymentEndpoint.class, StatusEndpoint.class)) {
            for (Class<?> port : endpoint.getInterfaces()) {
                for (Method operation : port.getMethods()) {
                    Method impl;
                    try {
                        impl = endpoint.getMethod(operation.getName(), operation.getParameterTypes());
                    } catch (NoSuchMethodException ex) {
                        throw new AssertionError(ex);
                    }
                    RequiresAction action = impl.getAnnotation(RequiresAction.class);
                    assertTrue(action != null && declared.contains(action.value()), endpoint.getSimpleName() + "." + operation.getName());
                }
            }
        }
    }
}
