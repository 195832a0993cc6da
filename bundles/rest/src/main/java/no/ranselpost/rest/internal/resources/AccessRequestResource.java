package no.ranselpost.rest.internal.resources;

import java.util.List;

import javax.ws.rs.BadRequestException;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.core.api.AccessRequestActions;
import no.ranselpost.core.api.AccessRequestService;
import no.ranselpost.core.api.AccessRequestService.AccessRequest;
import no.ranselpost.rest.internal.RequestPrincipal;

/** Guardians' access requests (seed 000's form): a guardian asks, the unit admin activates from the list or declines. */
@Component(service = AccessRequestResource.class, property = "osgi.jaxrs.resource=true")
@Path("/")
@Tag(name = "guardians")
@Produces(MediaType.APPLICATION_JSON)
public class AccessRequestResource {

    public record NewRequest(Long childId, Long unitId) {
    }

    public record Decline(String reason) {
    }

    @Reference
    private AccessRequestService requests;

    @POST
    @Path("me/access-requests")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(AccessRequestActions.CREATE)
    @Operation(operationId = "createAccessRequest",
            summary = "A guardian asks for access for a child they hold parental responsibility for: at the unit given, or at every "
                    + "unit the child attends where they are not active yet")
    public Response create(@Context SecurityContext security, NewRequest body) {
        if (body == null || body.childId() == null) {
            throw new BadRequestException("'childId' is required ('unitId' optional)");
        }
        List<AccessRequest> made = requests.request(RequestPrincipal.of(security).principal(), body.childId(), body.unitId());
        return Response.status(Response.Status.CREATED).entity(made).build();
    }

    @GET
    @Path("me/access-requests")
    @RequiresAction(AccessRequestActions.READ_OWN)
    @Operation(operationId = "listOwnAccessRequests", summary = "A guardian's own access requests and how they were answered")
    public List<AccessRequest> own(@Context SecurityContext security) {
        return requests.own(RequestPrincipal.of(security).principal());
    }

    @GET
    @Path("units/{unitId}/access-requests")
    @RequiresAction(AccessRequestActions.LIST)
    @Operation(operationId = "listAccessRequestsOfUnit", summary = "A unit's guardians' access requests (state: PENDING, the default; "
            + "ACTIVATED; DECLINED)")
    public List<AccessRequest> ofUnit(@Context SecurityContext security, @PathParam("unitId") long unitId,
                                      @QueryParam("state") String state) {
        return requests.ofUnit(RequestPrincipal.of(security).principal(), unitId, state);
    }

    @POST
    @Path("access-requests/{requestId}/activate")
    @RequiresAction(AccessRequestActions.DECIDE)
    @Operation(operationId = "activateFromAccessRequest",
            summary = "Activate the guardian at the request's unit (\"svart konvolutt\"): the request is the guardian's recorded wish")
    public AccessRequest activate(@Context SecurityContext security, @PathParam("requestId") long requestId) {
        return requests.activate(RequestPrincipal.of(security).principal(), requestId);
    }

    @POST
    @Path("access-requests/{requestId}/decline")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(AccessRequestActions.DECIDE)
    @Operation(operationId = "declineAccessRequest", summary = "Decline a guardian's access request with a reason code")
    public AccessRequest decline(@Context SecurityContext security, @PathParam("requestId") long requestId, Decline body) {
        if (body == null || body.reason() == null) {
            throw new BadRequestException("'reason' (a code, e.g. asked-custodians) is required");
        }
        return requests.decline(RequestPrincipal.of(security).principal(), requestId, body.reason());
    }
}
