package no.ranselpost.rest.internal.resources;

import java.util.List;

import javax.ws.rs.BadRequestException;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
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
import no.ranselpost.core.api.OverrideActions;
import no.ranselpost.core.api.PersonOverrides;
import no.ranselpost.core.api.PersonOverrides.FieldOverride;
import no.ranselpost.rest.internal.RequestPrincipal;

/** Overrides of imported, locked fields (SYSTEM_ADMIN with a reason), and edits of what no source owns. */
@Component(service = PersonOverrideResource.class, property = "osgi.jaxrs.resource=true")
@Path("/persons/{personId}")
@Tag(name = "overrides")
@Produces(MediaType.APPLICATION_JSON)
public class PersonOverrideResource {

    public record NewOverride(String field, String value, String reason) {
    }

    public record NameEdit(String givenName, String familyName) {
    }

    @Reference
    private PersonOverrides overrides;

    @POST
    @Path("overrides")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(OverrideActions.OVERRIDE)
    @Operation(operationId = "overridePersonField",
            summary = "Override an imported field (given-name, family-name; address-protection raised, never lowered) with a reason "
                    + "code; later imports keep it until it is lifted")
    public Response override(@Context SecurityContext security, @PathParam("personId") long personId, NewOverride body) {
        if (body == null) {
            throw new BadRequestException("Send {\"field\", \"value\", \"reason\"}");
        }
        FieldOverride o = overrides.override(RequestPrincipal.of(security).principal(), personId, body.field(), body.value(), body.reason());
        return Response.status(Response.Status.CREATED).entity(o).build();
    }

    @GET
    @Path("overrides")
    @RequiresAction(OverrideActions.READ)
    @Operation(operationId = "listPersonOverrides", summary = "The overrides that apply to a person")
    public List<FieldOverride> list(@Context SecurityContext security, @PathParam("personId") long personId) {
        return overrides.overrides(RequestPrincipal.of(security).principal(), personId);
    }

    @DELETE
    @Path("overrides/{field}")
    @RequiresAction(OverrideActions.LIFT)
    @Operation(operationId = "liftPersonOverride", summary = "Lift an override: the source's value applies again")
    public Response lift(@Context SecurityContext security, @PathParam("personId") long personId, @PathParam("field") String field) {
        overrides.lift(RequestPrincipal.of(security).principal(), personId, field);
        return Response.noContent().build();
    }

    @PUT
    @Path("name")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(OverrideActions.EDIT)
    @Operation(operationId = "editPersonName",
            summary = "Edit the names of a person no source describes; a person from a register answers 409 naming the source")
    public Response editName(@Context SecurityContext security, @PathParam("personId") long personId, NameEdit body) {
        if (body == null) {
            throw new BadRequestException("Send {\"givenName\", \"familyName\"}");
        }
        overrides.editName(RequestPrincipal.of(security).principal(), personId, body.givenName(), body.familyName());
        return Response.noContent().build();
    }
}
