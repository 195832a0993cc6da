package no.ranselpost.rest.internal.resources;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.NotFoundException;
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
import no.ranselpost.core.api.Group;
import no.ranselpost.core.api.Unit;
import no.ranselpost.core.api.UnitService;
import no.ranselpost.rest.internal.RequestPrincipal;

/** Units and their groups (read). */
@Component(service = UnitResource.class, property = "osgi.jaxrs.resource=true")
@Path("/units")
@Tag(name = "units")
@Produces(MediaType.APPLICATION_JSON)
public class UnitResource {

    @Reference
    private UnitService units;

    @GET
    @Operation(operationId = "listUnits", summary = "The kommune's kindergartens, schools and SFO")
    public List<Unit> list(@Context SecurityContext security) {
        RequestPrincipal.of(security);
        return units.listUnits();
    }

    @GET
    @Path("/{unitId}")
    @Operation(operationId = "getUnit", summary = "One unit")
    public Unit get(@Context SecurityContext security, @PathParam("unitId") long unitId) {
        RequestPrincipal.of(security);
        return units.findUnit(unitId).orElseThrow(() -> new NotFoundException("No unit " + unitId));
    }

    @GET
    @Path("/{unitId}/groups")
    @Operation(operationId = "listGroupsOfUnit", summary = "The groups (avdeling, klasse, ...) of one unit")
    public List<Group> groups(@Context SecurityContext security, @PathParam("unitId") long unitId) {
        RequestPrincipal.of(security);
        if (units.findUnit(unitId).isEmpty()) {
            throw new NotFoundException("No unit " + unitId);
        }
        return units.listGroups(unitId);
    }
}
