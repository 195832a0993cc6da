package no.ranselpost.retention.internal;

import java.security.Principal;
import java.util.List;

import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
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
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.retention.api.RetentionActions;
import no.ranselpost.retention.api.RetentionRun;
import no.ranselpost.retention.api.RetentionService;

/** Retention over REST, thin: the job asks access on every call. */
@Component(service = RetentionResource.class, property = "osgi.jaxrs.resource=true")
@Path("/retention")
@Tag(name = "retention")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {

    @Reference
    private RetentionService retention;

    private static AuthenticatedPrincipal principal(SecurityContext security) {
        Principal p = security == null ? null : security.getUserPrincipal();
        if (p instanceof AuthenticatedPrincipal ap) {
            return ap;
        }
        throw new NotAuthorizedException("Bearer");
    }

    @POST
    @Path("runs")
    @RequiresAction(RetentionActions.RUN)
    @Operation(operationId = "runRetention", summary = "Run retention now (one run at a time): what is due is deleted or anonymised and counted"
            + " per kind in the audit trail, without personal data")
    public Response run(@Context SecurityContext security) {
        RetentionRun run = retention.run(principal(security));
        return Response.status(Response.Status.CREATED).entity(run).build();
    }

    @GET
    @Path("runs")
    @RequiresAction(RetentionActions.READ)
    @Operation(operationId = "listRetentionRuns", summary = "The latest retention runs, newest first, with their counts per kind")
    public List<RetentionRun> runs(@Context SecurityContext security, @QueryParam("max") @DefaultValue("20") int max) {
        if (max < 1 || max > 200) {
            throw new InvalidRequestException("'max' is 1-200");
        }
        return retention.runs(principal(security), max);
    }
}
