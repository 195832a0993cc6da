package no.ranselpost.rest.internal.resources;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import javax.ws.rs.BadRequestException;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
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
import no.ranselpost.audit.api.AuditActions;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.audit.api.AuditAdministration;
import no.ranselpost.audit.api.AuditRecord;
import no.ranselpost.audit.api.VerifyReport;
import no.ranselpost.rest.internal.RequestPrincipal;

/** The audit trail: verify, seal, and who read or changed what. */
@Component(service = AuditResource.class, property = "osgi.jaxrs.resource=true")
@Path("/audit")
@Tag(name = "audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Reference
    private AuditAdministration audit;

    @GET
    @Path("verify")
    @RequiresAction(AuditActions.VERIFY)
    @Operation(operationId = "verifyAuditTrail",
            summary = "Check the trail up to the latest seal: reports edited records, records deleted in the middle, records cut from the end")
    public VerifyReport verify(@Context SecurityContext security) {
        return audit.verify(RequestPrincipal.of(security).principal());
    }

    @POST
    @Path("seals")
    @RequiresAction(AuditActions.SEAL)
    @Operation(operationId = "sealAuditTrail", summary = "Seal what is ready now (the sealing job also runs on its own)")
    public Response seal(@Context SecurityContext security) {
        return audit.sealNow(RequestPrincipal.of(security).principal())
                .map(s -> Response.status(Response.Status.CREATED).entity(s).build())
                .orElseGet(() -> Response.noContent().build());
    }

    @GET
    @Path("records")
    @RequiresAction(AuditActions.QUERY)
    @Operation(operationId = "queryAuditTrail",
            summary = "Who read or changed object X (objectId), or what principal P did (principal=account:<id>), between from and to")
    public List<AuditRecord> records(@Context SecurityContext security, @QueryParam("objectId") Long objectId,
                                     @QueryParam("principal") String principal, @QueryParam("from") String from,
                                     @QueryParam("to") String to, @QueryParam("max") @DefaultValue("100") int max) {
        return audit.query(RequestPrincipal.of(security).principal(), objectId, principal, time("from", from), time("to", to), max);
    }

    private static OffsetDateTime time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("'" + name + "' must be an ISO-8601 time with offset, e.g. 2026-11-30T08:00:00Z");
        }
    }
}
