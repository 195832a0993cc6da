package no.ranselpost.attendance.internal;

import java.security.Principal;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.attendance.api.Arrival;
import no.ranselpost.attendance.api.AttendanceActions;
import no.ranselpost.attendance.api.AttendanceService;
import no.ranselpost.attendance.api.ChildDay;
import no.ranselpost.attendance.api.HeadCount;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** Attendance over REST, thin: the attendance service decides, with access asked on every call. */
@Component(service = AttendanceResource.class, property = "osgi.jaxrs.resource=true")
@Path("/attendance")
@Tag(name = "daily-life")
@Produces(MediaType.APPLICATION_JSON)
public class AttendanceResource {

    /** A guardian's note for today. */
    public record PickupNote(String text) {
        @Override
        public String toString() {
            return "PickupNote[***]";
        }
    }

    @Reference
    private AttendanceService attendance;

    private static AuthenticatedPrincipal principal(SecurityContext security) {
        Principal p = security == null ? null : security.getUserPrincipal();
        if (p instanceof AuthenticatedPrincipal ap) {
            return ap;
        }
        throw new NotAuthorizedException("Bearer");
    }

    @POST
    @Path("children/{childId}/check-in")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(AttendanceActions.REGISTER)
    @Operation(operationId = "checkInChild", summary = "Check a child in, with who brought it (a guardian, or another adult by name)")
    public ChildDay checkIn(@Context SecurityContext security, @PathParam("childId") long childId, Arrival broughtBy) {
        return attendance.checkIn(principal(security), childId, broughtBy);
    }

    @POST
    @Path("children/{childId}/check-out")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(AttendanceActions.REGISTER)
    @Operation(operationId = "checkOutChild", summary = "Check a child out, with who fetched it")
    public ChildDay checkOut(@Context SecurityContext security, @PathParam("childId") long childId, Arrival fetchedBy) {
        return attendance.checkOut(principal(security), childId, fetchedBy);
    }

    @POST
    @Path("children/{childId}/out-with-staff")
    @RequiresAction(AttendanceActions.MARK_OUT)
    @Operation(operationId = "markChildOutWithStaff", summary = "Mark a child as out with staff's knowledge, without checking it out",
            description = "Seed 000: the child left with the child welfare service or the police. Guardians never see the mark; the child is "
                    + "checked out at the unit's closing time")
    public ChildDay markOut(@Context SecurityContext security, @PathParam("childId") long childId) {
        return attendance.markOutWithStaff(principal(security), childId);
    }

    @POST
    @Path("children/{childId}/sleep-start")
    @RequiresAction(AttendanceActions.REGISTER)
    @Operation(operationId = "startChildSleep", summary = "Note that a child fell asleep")
    public ChildDay sleepStart(@Context SecurityContext security, @PathParam("childId") long childId) {
        return attendance.sleepStart(principal(security), childId);
    }

    @POST
    @Path("children/{childId}/sleep-end")
    @RequiresAction(AttendanceActions.REGISTER)
    @Operation(operationId = "endChildSleep", summary = "Note that a child woke up")
    public ChildDay sleepEnd(@Context SecurityContext security, @PathParam("childId") long childId) {
        return attendance.sleepEnd(principal(security), childId);
    }

    @POST
    @Path("children/{childId}/corrections")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(AttendanceActions.CORRECT)
    @Operation(operationId = "correctChildDay", summary = "Correct a day's check-in or check-out time, with a reason code (audited)")
    public ChildDay correct(@Context SecurityContext security, @PathParam("childId") long childId,
                            no.ranselpost.attendance.api.Correction correction) {
        return attendance.correct(principal(security), childId, correction);
    }

    @POST
    @Path("children/{childId}/pickup-notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(AttendanceActions.PICKUP_NOTE_WRITE)
    @Operation(operationId = "addPickupNote", summary = "A guardian notes who fetches their child today (\"bestemor henter\")")
    public ChildDay pickupNote(@Context SecurityContext security, @PathParam("childId") long childId, PickupNote note) {
        return attendance.pickupNote(principal(security), childId, note == null ? null : note.text());
    }

    @GET
    @Path("children/{childId}/today")
    @RequiresAction(AttendanceActions.CHILD_READ)
    @Operation(operationId = "getChildDay", summary = "A child's day today (a guardian: the times only)")
    public ChildDay today(@Context SecurityContext security, @PathParam("childId") long childId) {
        return attendance.today(principal(security), childId);
    }

    @GET
    @Path("groups/{groupId}/head-count")
    @RequiresAction(AttendanceActions.GROUP_READ)
    @Operation(operationId = "getHeadCount", summary = "Who is here now in a group, with today's absences")
    public HeadCount headCount(@Context SecurityContext security, @PathParam("groupId") long groupId) {
        return attendance.headCount(principal(security), groupId);
    }

    @GET
    @Path("groups/{groupId}/sleep-list")
    @RequiresAction(AttendanceActions.GROUP_READ)
    @Operation(operationId = "getSleepList", summary = "Today's sleep of a group's children")
    public List<ChildDay> sleepList(@Context SecurityContext security, @PathParam("groupId") long groupId) {
        return attendance.sleepList(principal(security), groupId);
    }
}
