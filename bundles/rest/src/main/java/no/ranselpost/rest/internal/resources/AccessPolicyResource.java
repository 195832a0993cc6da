package no.ranselpost.rest.internal.resources;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.access.api.AccessActions;
import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.AnonymousEndpoint;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.access.api.Target;
import no.ranselpost.rest.internal.RequestPrincipal;

/** The rules in force: every action the started capabilities declared, and what answers without credentials. */
@Component(service = AccessPolicyResource.class, property = "osgi.jaxrs.resource=true")
@Path("/access")
@Tag(name = "access")
@Produces(MediaType.APPLICATION_JSON)
public class AccessPolicyResource {

    @Reference
    private AccessPolicy access;

    @GET
    @Path("actions")
    @RequiresAction(AccessActions.POLICY_READ)
    @Operation(operationId = "listAccessActions", summary = "Every action of the installed capabilities with the rules that grant it")
    public List<Action> actions(@Context SecurityContext security) {
        access.require(RequestPrincipal.of(security).principal(), AccessActions.POLICY_READ, Target.NONE);
        return access.actions();
    }

    @GET
    @Path("anonymous-endpoints")
    @RequiresAction(AccessActions.POLICY_READ)
    @Operation(operationId = "listAnonymousEndpoints", summary = "What answers without credentials, as the installed bundles declared it")
    public List<AnonymousEndpoint> anonymousEndpoints(@Context SecurityContext security) {
        access.require(RequestPrincipal.of(security).principal(), AccessActions.POLICY_READ, Target.NONE);
        return access.anonymousEndpoints();
    }
}
