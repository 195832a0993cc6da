package no.ranselpost.rest.internal.resources;

import java.time.LocalDate;

import javax.ws.rs.BadRequestException;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.core.api.Enrolment;
import no.ranselpost.core.api.Group;
import no.ranselpost.core.api.GroupActions;
import no.ranselpost.core.api.GroupAdministration;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.rest.internal.RequestPrincipal;

/** Groups and enrolments by hand where no source owns them (409 naming the source where one does). */
@Component(service = GroupAdministrationResource.class, property = "osgi.jaxrs.resource=true")
@Path("/")
@Tag(name = "units")
@Produces(MediaType.APPLICATION_JSON)
public class GroupAdministrationResource {

    public record NewGroup(String code, String name, GroupType type) {
    }

    public record Rename(String name) {
    }

    public record NewEnrolment(Long childId, Long groupId, LocalDate startDate, LocalDate endDate) {
    }

    public record Move(Long groupId) {
    }

    @Reference
    private GroupAdministration groups;

    @POST
    @Path("units/{unitId}/groups")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(GroupActions.GROUP_CREATE)
    @Operation(operationId = "createGroup", summary = "A group (avdeling, klasse, ...) of the unit, by hand")
    public Response create(@Context SecurityContext security, @PathParam("unitId") long unitId, NewGroup body) {
        if (body == null) {
            throw new BadRequestException("Send {\"code\", \"name\", \"type\"}");
        }
        Group g = groups.createGroup(RequestPrincipal.of(security).principal(), unitId, body.code(), body.name(), body.type());
        return Response.status(Response.Status.CREATED).entity(g).build();
    }

    @PUT
    @Path("groups/{groupId}/name")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(GroupActions.GROUP_RENAME)
    @Operation(operationId = "renameGroup", summary = "Rename a group no source owns (409 naming the source otherwise)")
    public Group rename(@Context SecurityContext security, @PathParam("groupId") long groupId, Rename body) {
        if (body == null) {
            throw new BadRequestException("Send {\"name\"}");
        }
        return groups.renameGroup(RequestPrincipal.of(security).principal(), groupId, body.name());
    }

    @POST
    @Path("units/{unitId}/enrolments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(GroupActions.ENROLMENT_CREATE)
    @Operation(operationId = "createEnrolment",
            summary = "Enrol a known child at the unit by hand (marked as such); an import that covers it later takes it over")
    public Response enrol(@Context SecurityContext security, @PathParam("unitId") long unitId, NewEnrolment body) {
        if (body == null || body.childId() == null) {
            throw new BadRequestException("'childId' is required ('groupId', 'startDate', 'endDate' optional)");
        }
        Enrolment e = groups.enrol(RequestPrincipal.of(security).principal(), unitId, body.childId(), body.groupId(), body.startDate(),
                body.endDate());
        return Response.status(Response.Status.CREATED).entity(e).build();
    }

    @POST
    @Path("children/{childId}/group")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(GroupActions.CHILD_MOVE)
    @Operation(operationId = "moveChildToGroup",
            summary = "Move a child to another group of its unit from today, where no source owns the enrolment (409 naming it otherwise)")
    public Enrolment move(@Context SecurityContext security, @PathParam("childId") long childId, Move body) {
        if (body == null || body.groupId() == null) {
            throw new BadRequestException("'groupId' is required");
        }
        return groups.moveChild(RequestPrincipal.of(security).principal(), childId, body.groupId());
    }
}
