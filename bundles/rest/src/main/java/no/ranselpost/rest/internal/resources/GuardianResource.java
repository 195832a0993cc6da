package no.ranselpost.rest.internal.resources;

import javax.ws.rs.BadRequestException;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
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
import no.ranselpost.core.api.CoreActions;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.core.api.GuardianAccount;
import no.ranselpost.core.api.GuardianAccountService;
import no.ranselpost.rest.internal.RequestPrincipal;

/** Guardian accounts and the blocklist (UNIT_ADMIN of the child's unit, SYSTEM_ADMIN). */
@Component(service = GuardianResource.class, property = "osgi.jaxrs.resource=true")
@Path("/guardians/{personId}")
@Tag(name = "guardians")
@Produces(MediaType.APPLICATION_JSON)
public class GuardianResource {

    public record ActivationRequest(Boolean guardianAsked) {
    }

    public record BlockRequest(Long childId, String reason) {
    }

    @Reference
    private GuardianAccountService guardians;

    @POST
    @Path("activate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(CoreActions.GUARDIAN_ACCESS_ACTIVATE)
    @Operation(operationId = "activateGuardianAccount",
            summary = "Activate a guardian's access (\"svart konvolutt\") at one unit (unitId), or at every unit of yours a child of "
                    + "the guardian attends; records that the guardian asked for it. Other units' access is untouched")
    public GuardianAccount activate(@Context SecurityContext security, @PathParam("personId") long personId,
                                    @QueryParam("unitId") Long unitId, ActivationRequest body) {
        return guardians.activate(RequestPrincipal.of(security).principal(), personId, unitId,
                body != null && Boolean.TRUE.equals(body.guardianAsked()));
    }

    @POST
    @Path("deactivate")
    @RequiresAction(CoreActions.GUARDIAN_ACCESS_DEACTIVATE)
    @Operation(operationId = "deactivateGuardianAccount",
            summary = "Deactivate a guardian's access at one unit (unitId), or at every unit of yours: access there ends at once; "
                    + "other units' access is untouched")
    public GuardianAccount deactivate(@Context SecurityContext security, @PathParam("personId") long personId,
                                      @QueryParam("unitId") Long unitId) {
        return guardians.deactivate(RequestPrincipal.of(security).principal(), personId, unitId);
    }

    @POST
    @Path("blocks")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(CoreActions.GUARDIAN_BLOCK)
    @Operation(operationId = "blockGuardian",
            summary = "Block a guardian from one child (\"sperret foresatt\"); no registry import ever lifts it")
    public Response block(@Context SecurityContext security, @PathParam("personId") long personId, BlockRequest body) {
        if (body == null || body.childId() == null || body.reason() == null) {
            throw new BadRequestException("'childId' and 'reason' (a code, e.g. court-order) are required");
        }
        guardians.block(RequestPrincipal.of(security).principal(), personId, body.childId(), body.reason());
        return Response.noContent().build();
    }

    @DELETE
    @Path("blocks/{childId}")
    @RequiresAction(CoreActions.GUARDIAN_UNBLOCK)
    @Operation(operationId = "unblockGuardian", summary = "Lift a guardian's block from one child")
    public Response unblock(@Context SecurityContext security, @PathParam("personId") long personId, @PathParam("childId") long childId) {
        guardians.unblock(RequestPrincipal.of(security).principal(), personId, childId);
        return Response.noContent().build();
    }
}
