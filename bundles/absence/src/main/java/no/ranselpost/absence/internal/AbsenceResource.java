package no.ranselpost.absence.internal;

import java.security.Principal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.absence.api.AbsenceActions;
import no.ranselpost.absence.api.AbsenceKind;
import no.ranselpost.absence.api.AbsenceReport;
import no.ranselpost.absence.api.AbsenceRequest;
import no.ranselpost.absence.api.AbsenceService;
import no.ranselpost.absence.api.AbsenceTexts;
import no.ranselpost.absence.api.DayOverview;
import no.ranselpost.absence.api.HealthInfo;
import no.ranselpost.absence.api.OpeningHours;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** Daily life over REST, thin: the absence service decides, with access asked on every call. */
@Component(service = AbsenceResource.class, property = "osgi.jaxrs.resource=true")
@Path("/")
@Tag(name = "daily-life")
@Produces(MediaType.APPLICATION_JSON)
public class AbsenceResource {

    /** Why a free text was removed: one of sensitive-health, sensitive-family, sensitive-other. */
    public record TextRemoval(String reason) {
    }

    public record Kind(String code, String label) {
    }

    /** The reasons a child's report may give, and the warning every form shows beside the free text. */
    public record Kinds(long childId, List<Kind> kinds, String textWarning, int maxTextLength) {
    }

    @Reference
    private AbsenceService absence;

    private static AuthenticatedPrincipal principal(SecurityContext security) {
        Principal p = security == null ? null : security.getUserPrincipal();
        if (p instanceof AuthenticatedPrincipal ap) {
            return ap;
        }
        throw new NotAuthorizedException("Bearer");
    }

    @POST
    @Path("absence/reports")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(AbsenceActions.REPORT)
    @Operation(operationId = "reportAbsence", summary = "Report a child's absence or holiday, for today or later (whole days or a part of one)",
            description = "The free text is not for sensitive information (see listAbsenceKinds' textWarning)")
    public AbsenceReport report(@Context SecurityContext security, AbsenceRequest request) {
        return absence.report(principal(security), request);
    }

    @PUT
    @Path("absence/reports/{reportId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(AbsenceActions.CHANGE)
    @Operation(operationId = "changeAbsence", summary = "Change a report (a guardian: before the unit opens on its first day)")
    public AbsenceReport change(@Context SecurityContext security, @PathParam("reportId") long reportId, AbsenceRequest request) {
        return absence.change(principal(security), reportId, request);
    }

    @POST
    @Path("absence/reports/{reportId}/withdraw")
    @RequiresAction(AbsenceActions.CHANGE)
    @Operation(operationId = "withdrawAbsence", summary = "Withdraw a report (a guardian: before the unit opens on its first day)")
    public AbsenceReport withdraw(@Context SecurityContext security, @PathParam("reportId") long reportId) {
        return absence.withdraw(principal(security), reportId);
    }

    @POST
    @Path("absence/reports/{reportId}/remove-text")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(AbsenceActions.TEXT_REMOVE)
    @Operation(operationId = "removeAbsenceText", summary = "Staff remove a report's free text that holds sensitive information",
            description = "The text is gone from the database; the audit record names the reason code only")
    public AbsenceReport removeText(@Context SecurityContext security, @PathParam("reportId") long reportId, TextRemoval removal) {
        return absence.removeText(principal(security), reportId, removal == null ? null : removal.reason());
    }

    @GET
    @Path("absence/children/{childId}/reports")
    @RequiresAction(AbsenceActions.CHILD_READ)
    @Operation(operationId = "listChildAbsences", summary = "A child's reports touching a period (default: 30 days back, a year ahead)")
    public List<AbsenceReport> forChild(@Context SecurityContext security, @PathParam("childId") long childId, @QueryParam("from") String from,
                                        @QueryParam("to") String to) {
        return absence.forChild(principal(security), childId, date(from, "from"), date(to, "to"));
    }

    @GET
    @Path("absence/children/{childId}/kinds")
    @RequiresAction(AbsenceActions.REPORT)
    @Operation(operationId = "listAbsenceKinds", summary = "The reasons a report for this child may give, and the free text's warning")
    public Kinds kinds(@Context SecurityContext security, @PathParam("childId") long childId,
                       @HeaderParam("Accept-Language") String acceptLanguage) {
        String lang = language(acceptLanguage);
        List<Kind> kinds = absence.kindsForChild(principal(security), childId).stream().map(k -> new Kind(k.name(), k.label(lang))).toList();
        return new Kinds(childId, kinds, AbsenceTexts.SENSITIVE_WARNING.get(lang), AbsenceTexts.MAX_TEXT);
    }

    @GET
    @Path("absence/groups/{groupId}")
    @RequiresAction(AbsenceActions.GROUP_DAY_READ)
    @Operation(operationId = "getGroupAbsenceDay", summary = "One day's absences in a group (default: today)")
    public DayOverview groupDay(@Context SecurityContext security, @PathParam("groupId") long groupId, @QueryParam("date") String date) {
        return absence.groupDay(principal(security), groupId, date(date, "date"));
    }

    @GET
    @Path("absence/units/{unitId}")
    @RequiresAction(AbsenceActions.UNIT_DAY_READ)
    @Operation(operationId = "getUnitAbsenceDay", summary = "One day's absences in a unit (default: today)")
    public DayOverview unitDay(@Context SecurityContext security, @PathParam("unitId") long unitId, @QueryParam("date") String date) {
        return absence.unitDay(principal(security), unitId, date(date, "date"));
    }

    @GET
    @Path("absence/units/{unitId}/opening-hours")
    @RequiresAction(AbsenceActions.OPENING_HOURS_READ)
    @Operation(operationId = "getOpeningHours", summary = "A unit's opening hours and closed dates")
    public OpeningHours openingHours(@Context SecurityContext security, @PathParam("unitId") long unitId) {
        return absence.openingHours(principal(security), unitId);
    }

    @PUT
    @Path("absence/units/{unitId}/opening-hours")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(AbsenceActions.OPENING_HOURS_SET)
    @Operation(operationId = "setOpeningHours", summary = "Set a unit's opening hours per weekday and its closed dates (the unit admin)")
    public OpeningHours setOpeningHours(@Context SecurityContext security, @PathParam("unitId") long unitId, OpeningHours hours) {
        return absence.setOpeningHours(principal(security), unitId, hours);
    }

    @GET
    @Path("child-health/{childId}")
    @RequiresAction(AbsenceActions.HEALTH_READ)
    @Operation(operationId = "getChildHealth", summary = "A child's allergies, food intolerances and GP, as far as the reader may see them",
            description = "A guardian needs a session signed in at idporten-loa-high")
    public HealthInfo health(@Context SecurityContext security, @PathParam("childId") long childId) {
        return absence.health(principal(security), childId);
    }

    @PUT
    @Path("child-health/{childId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(AbsenceActions.HEALTH_UPDATE)
    @Operation(operationId = "updateChildHealth", summary = "A guardian enters or updates their child's health information (idporten-loa-high)")
    public HealthInfo updateHealth(@Context SecurityContext security, @PathParam("childId") long childId, HealthInfo info) {
        return absence.updateHealth(principal(security), childId, info);
    }

    private static LocalDate date(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("'" + name + "' is a date, YYYY-MM-DD");
        }
    }

    private static String language(String acceptLanguage) {
        String l = acceptLanguage == null ? "nb" : acceptLanguage.strip().toLowerCase(java.util.Locale.ROOT);
        return l.startsWith("nn") ? "nn" : l.startsWith("en") ? "en" : "nb";
    }

    static Map<String, String> warnings() {
        return AbsenceTexts.SENSITIVE_WARNING;
    }

    static List<AbsenceKind> all() {
        return List.of(AbsenceKind.values());
    }
}
