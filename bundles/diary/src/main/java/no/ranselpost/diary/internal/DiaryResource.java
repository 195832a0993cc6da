package no.ranselpost.diary.internal;

import java.io.InputStream;
import java.security.Principal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.StreamingOutput;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.diary.api.DiaryActions;
import no.ranselpost.diary.api.DiaryService;
import no.ranselpost.diary.api.NewPlan;
import no.ranselpost.diary.api.NewPost;
import no.ranselpost.diary.api.Photo;
import no.ranselpost.diary.api.Plan;
import no.ranselpost.diary.api.PlanPeriod;
import no.ranselpost.diary.api.Post;
import no.ranselpost.storage.api.ContentStream;
import no.ranselpost.storage.api.ServingHeaders;

/** The diary over REST, thin: the diary service decides, with access and consent asked on every call. */
@Component(service = DiaryResource.class, property = "osgi.jaxrs.resource=true")
@Path("/diary")
@Tag(name = "diary")
@Produces(MediaType.APPLICATION_JSON)
public class DiaryResource {

    @Reference
    private DiaryService diary;

    private static AuthenticatedPrincipal principal(SecurityContext security) {
        Principal p = security == null ? null : security.getUserPrincipal();
        if (p instanceof AuthenticatedPrincipal ap) {
            return ap;
        }
        throw new NotAuthorizedException("Bearer");
    }

    private static Response serve(ContentStream content, String name) {
        StreamingOutput out = o -> {
            try (content) {
                content.stream().transferTo(o);
            }
        };
        Response.ResponseBuilder rb = Response.ok(out).type(content.content().type().mediaType());
        ServingHeaders.attachment(content.content(), name).forEach(rb::header);
        return rb.build();
    }

    @POST
    @Path("posts")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(DiaryActions.POST_WRITE)
    @Operation(operationId = "createDiaryPost", summary = "Write a news post (kind NEWS, a unit's) or a diary post (kind DIARY, a group's)")
    public Response create(@Context SecurityContext security, NewPost post) {
        return Response.status(201).entity(diary.createPost(principal(security), post)).build();
    }

    @GET
    @Path("posts")
    @RequiresAction(DiaryActions.POST_READ)
    @Operation(operationId = "listDiaryPosts", summary = "The posts the reader may read, newest first (optionally of one unit or group)",
            description = "Each post lists the photos the reader may see now; a photo showing a child without consent is withheld from guardians")
    public List<Post> list(@Context SecurityContext security, @QueryParam("unitId") Long unitId, @QueryParam("groupId") Long groupId) {
        return diary.posts(principal(security), unitId, groupId);
    }

    @GET
    @Path("posts/{postId}")
    @RequiresAction(DiaryActions.POST_READ)
    @Operation(operationId = "getDiaryPost", summary = "One post with the photos the reader may see now")
    public Post get(@Context SecurityContext security, @PathParam("postId") long postId) {
        return diary.post(principal(security), postId);
    }

    @DELETE
    @Path("posts/{postId}")
    @RequiresAction(DiaryActions.POST_WRITE)
    @Operation(operationId = "deleteDiaryPost", summary = "Remove a post and its photos")
    public Response delete(@Context SecurityContext security, @PathParam("postId") long postId) {
        diary.deletePost(principal(security), postId);
        return Response.noContent().build();
    }

    @POST
    @Path("posts/{postId}/photos")
    @Consumes(MediaType.WILDCARD)
    @RequiresAction(DiaryActions.POST_WRITE)
    @Operation(operationId = "addDiaryPhoto", summary = "Add a photo (JPEG or PNG, decided from the content) tagged with the children it shows",
            description = "tag: a child's id, repeated. An untagged photo counts as showing the whole group (or unit). EXIF, GPS, XMP and IPTC "
                    + "are stripped and the photo is turned upright")
    public Response addPhoto(@Context SecurityContext security, @PathParam("postId") long postId, @QueryParam("tag") List<Long> tags,
                             InputStream body) {
        Photo p = diary.addPhoto(principal(security), postId, tags, body);
        return Response.status(201).entity(p).build();
    }

    @GET
    @Path("photos/{photoId}")
    @Produces(MediaType.WILDCARD)
    @RequiresAction(DiaryActions.POST_READ)
    @Operation(operationId = "getDiaryPhoto", summary = "A photo, only while the reader may see it (else 404, also for an URL opened before)")
    public Response photo(@Context SecurityContext security, @PathParam("photoId") long photoId) {
        return serve(diary.openPhoto(principal(security), photoId, false), "bilde-" + photoId);
    }

    @GET
    @Path("photos/{photoId}/thumbnail")
    @Produces(MediaType.WILDCARD)
    @RequiresAction(DiaryActions.POST_READ)
    @Operation(operationId = "getDiaryPhotoThumbnail", summary = "A photo's thumbnail, on the same terms as the photo")
    public Response thumbnail(@Context SecurityContext security, @PathParam("photoId") long photoId) {
        return serve(diary.openPhoto(principal(security), photoId, true), "bilde-" + photoId + "-miniatyr");
    }

    @POST
    @Path("plans")
    @Consumes(MediaType.WILDCARD)
    @RequiresAction(DiaryActions.PLAN_WRITE)
    @Operation(operationId = "publishDiaryPlan", summary = "Publish a plan (period YEAR, MONTH or WEEK) of a unit (unitId) or group (groupId)",
            description = "The body is the document (PDF, DOCX, JPEG, PNG: decided from the content); startsOn is an ISO date")
    public Response publishPlan(@Context SecurityContext security, @QueryParam("period") String period, @QueryParam("unitId") Long unitId,
                                @QueryParam("groupId") Long groupId, @QueryParam("startsOn") String startsOn, @QueryParam("title") String title,
                                InputStream body) {
        PlanPeriod p;
        LocalDate day;
        try {
            p = period == null ? null : PlanPeriod.valueOf(period);
            day = startsOn == null ? null : LocalDate.parse(startsOn);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidRequestException("'period' is YEAR, MONTH or WEEK; 'startsOn' an ISO date");
        }
        Plan plan = diary.publishPlan(principal(security), new NewPlan(p, unitId, groupId, day, title), body);
        return Response.status(201).entity(plan).build();
    }

    @GET
    @Path("plans")
    @RequiresAction(DiaryActions.PLAN_READ)
    @Operation(operationId = "listDiaryPlans", summary = "The plans the reader may read (optionally of one unit or group)")
    public List<Plan> plans(@Context SecurityContext security, @QueryParam("unitId") Long unitId, @QueryParam("groupId") Long groupId) {
        return diary.plans(principal(security), unitId, groupId);
    }

    @GET
    @Path("plans/{planId}/document")
    @Produces(MediaType.WILDCARD)
    @RequiresAction(DiaryActions.PLAN_READ)
    @Operation(operationId = "getDiaryPlanDocument", summary = "A plan's document")
    public Response plan(@Context SecurityContext security, @PathParam("planId") long planId) {
        return serve(diary.openPlan(principal(security), planId), "plan-" + planId);
    }
}
