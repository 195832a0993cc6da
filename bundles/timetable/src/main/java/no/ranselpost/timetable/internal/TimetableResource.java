package no.ranselpost.timetable.internal;

import java.security.Principal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.timetable.api.CalendarFeed;
import no.ranselpost.timetable.api.FeedContent;
import no.ranselpost.timetable.api.Lesson;
import no.ranselpost.timetable.api.LessonRequest;
import no.ranselpost.timetable.api.RosterExport;
import no.ranselpost.timetable.api.TimetableActions;
import no.ranselpost.timetable.api.TimetableService;
import no.ranselpost.timetable.api.Week;

/** The timetable over REST, thin: the timetable service decides, with access asked on every call. */
@Component(service = TimetableResource.class, property = "osgi.jaxrs.resource=true")
@Path("/timetable")
@Tag(name = "timetable")
@Produces(MediaType.APPLICATION_JSON)
public class TimetableResource {

    static final String CALENDAR = "text/calendar;charset=utf-8";

    @Reference
    private TimetableService timetable;

    private static AuthenticatedPrincipal principal(SecurityContext security) {
        Principal p = security == null ? null : security.getUserPrincipal();
        if (p instanceof AuthenticatedPrincipal ap) {
            return ap;
        }
        throw new NotAuthorizedException("Bearer");
    }

    private static LocalDate day(String week) {
        if (week == null || week.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(week);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("'date' is a date (yyyy-MM-dd) in the week to show");
        }
    }

    @GET
    @Path("pupils/{childId}/week")
    @RequiresAction(TimetableActions.PUPIL_READ)
    @Operation(operationId = "getPupilWeek", summary = "A pupil's week (Europe/Oslo), Monday to Sunday, of the week holding 'date' (default: this week)")
    public Week pupilWeek(@Context SecurityContext security, @PathParam("childId") long childId, @QueryParam("date") String date) {
        return timetable.pupilWeek(principal(security), childId, day(date));
    }

    @GET
    @Path("teachers/{personId}/week")
    @RequiresAction(TimetableActions.TEACHER_READ)
    @Operation(operationId = "getTeacherWeek", summary = "A teacher's week: the lessons they teach (the teacher and the unit admin)")
    public Week teacherWeek(@Context SecurityContext security, @PathParam("personId") long personId, @QueryParam("date") String date) {
        return timetable.teacherWeek(principal(security), personId, day(date));
    }

    @GET
    @Path("groups/{groupId}/week")
    @RequiresAction(TimetableActions.GROUP_READ)
    @Operation(operationId = "getGroupWeek", summary = "A group's week")
    public Week groupWeek(@Context SecurityContext security, @PathParam("groupId") long groupId, @QueryParam("date") String date) {
        return timetable.groupWeek(principal(security), groupId, day(date));
    }

    @GET
    @Path("groups/{groupId}/lessons")
    @RequiresAction(TimetableActions.GROUP_READ)
    @Operation(operationId = "listGroupLessons", summary = "A group's weekly lessons, with their periods and cancelled dates")
    public List<Lesson> groupLessons(@Context SecurityContext security, @PathParam("groupId") long groupId) {
        return timetable.groupLessons(principal(security), groupId);
    }

    @POST
    @Path("lessons")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(TimetableActions.LESSON_WRITE)
    @Operation(operationId = "createLesson", summary = "Enter a lesson by hand (UNIT_ADMIN) where no source owns the group's timetable")
    public Response createLesson(@Context SecurityContext security, LessonRequest body) {
        return Response.status(Response.Status.CREATED).entity(timetable.createLesson(principal(security), body)).build();
    }

    @PUT
    @Path("lessons/{lessonId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(TimetableActions.LESSON_WRITE)
    @Operation(operationId = "updateLesson", summary = "Change a lesson entered by hand (its SEQUENCE in the feeds goes up)")
    public Lesson updateLesson(@Context SecurityContext security, @PathParam("lessonId") long lessonId, LessonRequest body) {
        return timetable.updateLesson(principal(security), lessonId, body);
    }

    @DELETE
    @Path("lessons/{lessonId}")
    @RequiresAction(TimetableActions.LESSON_WRITE)
    @Operation(operationId = "deleteLesson", summary = "Remove a lesson entered by hand")
    public Response deleteLesson(@Context SecurityContext security, @PathParam("lessonId") long lessonId) {
        timetable.deleteLesson(principal(security), lessonId);
        return Response.noContent().build();
    }

    @POST
    @Path("feed")
    @RequiresAction(TimetableActions.FEED_MANAGE)
    @Operation(operationId = "createCalendarFeed",
            summary = "A new secret calendar link for the signed-in user (a guardian: their children's lessons; a teacher: their own); an earlier link stops working",
            description = "The token is shown only in this answer. Subscribe to the path from any calendar app")
    public Response createFeed(@Context SecurityContext security) {
        return Response.status(Response.Status.CREATED).entity(timetable.createFeed(principal(security))).build();
    }

    @GET
    @Path("feed")
    @RequiresAction(TimetableActions.FEED_MANAGE)
    @Operation(operationId = "getCalendarFeed", summary = "Whether the signed-in user has a calendar link, and since when (never its token)")
    public CalendarFeed currentFeed(@Context SecurityContext security) {
        return timetable.currentFeed(principal(security)).orElseThrow(() -> new NoSuchObjectException("No calendar feed"));
    }

    @DELETE
    @Path("feed")
    @RequiresAction(TimetableActions.FEED_MANAGE)
    @Operation(operationId = "revokeCalendarFeed", summary = "Revoke the signed-in user's calendar link: it answers 404 from the next request")
    public Response revokeFeed(@Context SecurityContext security) {
        timetable.revokeFeed(principal(security));
        return Response.noContent().build();
    }

    @GET
    @Path("feeds/{token: [A-Za-z0-9_-]{1,100}}.ics")
    @Produces(CALENDAR)
    @Operation(operationId = "getCalendarFeedContent",
            summary = "The iCalendar feed under its secret token (no sign-in); ETag and If-None-Match give 304 when nothing changed")
    public Response feed(@PathParam("token") String token, @Context Request request) {
        FeedContent content = timetable.feed(token).orElseThrow(() -> new NoSuchObjectException("No such calendar feed"));
        EntityTag tag = EntityTag.valueOf(content.etag());
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        Response.ResponseBuilder answer = unchanged != null ? unchanged : Response.ok(content.calendar(), CALENDAR);
        return answer.tag(tag).header(HttpHeaders.CACHE_CONTROL, "private, no-cache").header("Referrer-Policy", "no-referrer").build();
    }

    @POST
    @Path("exports/oneroster")
    @RequiresAction(TimetableActions.EXPORT_RUN)
    @Operation(operationId = "runOneRosterExport", summary = "Make the OneRoster 1.2 CSV export for Feide and learning tools now (SYSTEM_ADMIN)")
    public Response runExport(@Context SecurityContext security) {
        return Response.status(Response.Status.CREATED).entity(timetable.runExport(principal(security))).build();
    }

    @GET
    @Path("exports/oneroster")
    @RequiresAction(TimetableActions.EXPORT_READ)
    @Operation(operationId = "listOneRosterExports", summary = "The OneRoster exports made, newest first")
    public List<RosterExport> exports(@Context SecurityContext security) {
        return timetable.exports(principal(security));
    }

    @GET
    @Path("exports/oneroster/latest.zip")
    @Produces("application/zip")
    @RequiresAction(TimetableActions.EXPORT_READ)
    @Operation(operationId = "getLatestOneRosterExport",
            summary = "The newest OneRoster export as a zip of CSV files (SYSTEM_ADMIN; the INTEGRATION account bound to feide)")
    public Response latestExport(@Context SecurityContext security) {
        return Response.ok(timetable.latestExport(principal(security)), "application/zip")
                .header("Content-Disposition", "attachment; filename=\"oneroster.zip\"").build();
    }
}
