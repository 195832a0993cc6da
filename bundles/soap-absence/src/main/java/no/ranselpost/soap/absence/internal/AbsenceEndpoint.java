package no.ranselpost.soap.absence.internal;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import javax.annotation.Resource;
import javax.jws.WebService;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.ws.WebServiceContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.absence.api.AbsenceActions;
import no.ranselpost.absence.api.AbsenceService;
import no.ranselpost.absence.api.PeriodAbsence;
import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.access.api.Target;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.soap.absence.v1.Absence;
import no.ranselpost.soap.absence.v1.AbsencePort;

/** AbsenceService.getAbsence: a unit's reported absences over a period, per child as the school administration system knows it. */
@Component(service = AbsencePort.class, property = {"ranselpost.soap.service=AbsenceService", "ranselpost.soap.wsdl=" + AbsenceEndpoint.WSDL})
@WebService(serviceName = "AbsenceService", portName = "AbsencePort", targetNamespace = AbsenceEndpoint.NS,
        endpointInterface = "no.ranselpost.soap.absence.v1.AbsencePort", wsdlLocation = AbsenceEndpoint.WSDL)
public class AbsenceEndpoint implements AbsencePort {

    static final String NS = "urn:no:ranselpost:soap:absence:v1";
    static final String WSDL = "wsdl/absence.wsdl";

    private final AbsenceService absences;
    private final AccessPolicy access;

    @Resource
    private WebServiceContext context;

    @Activate
    public AbsenceEndpoint(@Reference AbsenceService absences, @Reference AccessPolicy access) {
        this.absences = absences;
        this.access = access;
    }

    @Override
    @RequiresAction(SoapAbsenceAccessDeclaration.GET_ABSENCE)
    public List<Absence> getAbsence(String unitOrgNumber, no.ranselpost.soap.absence.v1.UnitType unitType, XMLGregorianCalendar from,
                                    XMLGregorianCalendar to) {
        java.security.Principal p = context == null ? null : context.getUserPrincipal();
        if (!(p instanceof AuthenticatedPrincipal principal)) {
            throw new AccessDeniedException(SoapAbsenceAccessDeclaration.GET_ABSENCE, "no authenticated principal");
        }
        // the school administration source's own integration; the absence capability then decides on the unit
        access.require(principal, SoapAbsenceAccessDeclaration.GET_ABSENCE, Target.source(AbsenceActions.SCHOOL_ADMINISTRATION_SOURCE));
        if (unitType == null || from == null || to == null) {
            throw new InvalidRequestException("unitOrgNumber, unitType, from and to are required");
        }
        return absences.unitPeriod(principal, unitOrgNumber, UnitType.valueOf(unitType.value()), date(from), date(to)).stream()
                .map(AbsenceEndpoint::absence).toList();
    }

    private static LocalDate date(XMLGregorianCalendar c) {
        return LocalDate.of(c.getYear(), c.getMonth(), c.getDay());
    }

    private static Absence absence(PeriodAbsence a) {
        Absence out = new Absence();
        out.setReportId(a.reportId());
        out.setChildNationalId(a.childNationalId());
        out.setGroupCode(a.groupCode());
        out.setKind(a.kind().name());
        out.setFromDate(xmlDate(a.fromDate()));
        out.setToDate(xmlDate(a.toDate()));
        out.setFromTime(xmlTime(a.fromTime()));
        out.setToTime(xmlTime(a.toTime()));
        out.setState(a.state());
        out.setReportedBy(a.reportedBy());
        return out;
    }

    private static XMLGregorianCalendar xmlDate(LocalDate d) {
        return d == null ? null : factory().newXMLGregorianCalendarDate(d.getYear(), d.getMonthValue(), d.getDayOfMonth(),
                DatatypeConstants.FIELD_UNDEFINED);
    }

    private static XMLGregorianCalendar xmlTime(LocalTime t) {
        return t == null ? null : factory().newXMLGregorianCalendarTime(t.getHour(), t.getMinute(), t.getSecond(), DatatypeConstants.FIELD_UNDEFINED);
    }

    private static DatatypeFactory factory() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException("No XML datatype factory", e);
        }
    }
}
