package no.ranselpost.rest.internal.resources;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.core.api.MunicipalityService;
import no.ranselpost.rest.internal.RestServer;

/**
 * Up or down, no details: up when the core answers from the database and the published API has
 * settled (no rebuild waiting, none in the last second, no bundle starting or stopping).
 */
@Component(service = HealthResource.class, property = "osgi.jaxrs.resource=true")
@Path("/health")
@Tag(name = "api")
public class HealthResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile MunicipalityService municipality;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RestServer server;

    /** How long the published resource set must have stayed the same before the API counts as up. */
    static final long QUIET_MILLIS = 1000;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getHealth", summary = "UP or DOWN (no sign-in needed)")
    public Response health() {
        MunicipalityService m = municipality;
        boolean up;
        try {
            RestServer s = server;
            // DOWN at boot until the published set has settled, so that UP means every endpoint answers
            up = s != null && s.settled(QUIET_MILLIS) && m != null && m.get() != null;
        } catch (RuntimeException e) {
            up = false;
        }
        return Response.status(up ? 200 : 503).entity(Map.of("status", up ? "UP" : "DOWN")).build();
    }
}
