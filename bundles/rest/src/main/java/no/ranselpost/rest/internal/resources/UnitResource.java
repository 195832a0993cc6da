package no.ranselpost.rest.internal.resources;

import java.util.List;

import javax.ws.rs.GET;
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
import no.ranselpost.core.api.CoreActions;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.core.api.ChildService;
import no.ranselpost.core.api.ChildView;
import no.ranselpost.core.api.Group;
import no.ranselpost.core.api.Unit;
import no.ranselpost.core.api.UnitService;
import no.ranselpost.rest.internal.RequestPrincipal;

/** Units, their groups, and the children of a group. Thin: the services ask the access bundle. */
@Component(service = UnitResource.class, property = "osgi.jaxrs.resource=true")
@Path("/")
@Tag(name = "units")
@Produces(MediaType.APPLICATION_JSON)
public class UnitResource {

    @Reference
    private UnitService units;
    @Reference
    private ChildService children;

    @GET
    @Path("units")
    @RequiresAction(CoreActions.UNIT_LIST)
    @Operation(operationId = "listUnits", summary = "The kommune's kindergartens, schools and SFO")
    public List<Unit> list(@Context SecurityContext security) {
        return units.listUnits(RequestPrincipal.of(security).principal());
    }

    @GET
    @Path("units/{unitId}")
    @RequiresAction(CoreActions.UNIT_READ)
    @Operation(operationId = "getUnit", summary = "One unit")
    public Unit get(@Context SecurityContext security, @PathParam("unitId") long unitId) {
        return units.unit(RequestPrincipal.of(security).principal(), unitId);
    }

    @GET
    @Path("units/{unitId}/groups")
    @RequiresAction(CoreActions.GROUP_LIST)
    @Operation(operationId = "listGroupsOfUnit", summary = "The groups (avdeling, klasse, ...) of one unit")
    public List<Group> groups(@Context SecurityContext security, @PathParam("unitId") long unitId) {
        return units.listGroups(RequestPrincipal.of(security).principal(), unitId);
    }

    @GET
    @Path("groups/{groupId}/children")
    @RequiresAction(CoreActions.GROUP_CHILDREN_READ)
    @Operation(operationId = "listChildrenOfGroup",
            summary = "The children of a group today, each with the fields the caller may see (absent, not empty, otherwise)")
    public List<ChildView> childrenOfGroup(@Context SecurityContext security, @PathParam("groupId") long groupId) {
        return children.childrenOfGroup(RequestPrincipal.of(security).principal(), groupId);
    }
}
