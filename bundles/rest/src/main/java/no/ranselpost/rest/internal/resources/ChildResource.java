package no.ranselpost.rest.internal.resources;

import java.util.List;

import javax.ws.rs.GET;
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
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.core.api.CoreActions;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.core.api.ChildService;
import no.ranselpost.core.api.ChildView;
import no.ranselpost.rest.internal.RequestPrincipal;

/** One child, and a guardian's own children. */
@Component(service = ChildResource.class, property = "osgi.jaxrs.resource=true")
@Path("/")
@Tag(name = "children")
@Produces(MediaType.APPLICATION_JSON)
public class ChildResource {

    @Reference
    private ChildService children;

    @GET
    @Path("children/{childId}")
    @RequiresAction(CoreActions.CHILD_READ)
    @Operation(operationId = "getChild",
            summary = "One child with guardians, contact details, address and the protected flag, as far as the caller may see them; "
                    + "allowedActions says what the caller may do with the child")
    public ChildView child(@Context SecurityContext security, @PathParam("childId") long childId,
                           @Parameter(description = "a reason code; a SYSTEM_ADMIN sees confidential addresses only with one")
                           @QueryParam("reason") String reason) {
        return children.child(RequestPrincipal.of(security).principal(), childId, reason);
    }

    @GET
    @Path("me/children")
    @RequiresAction(CoreActions.OWN_CHILDREN_READ)
    @Operation(operationId = "listOwnChildren", summary = "A guardian's own children")
    public List<ChildView> ownChildren(@Context SecurityContext security) {
        return children.ownChildren(RequestPrincipal.of(security).principal());
    }
}
