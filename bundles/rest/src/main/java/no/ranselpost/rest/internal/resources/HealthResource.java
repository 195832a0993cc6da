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

/** Up or down, no details: up when the core answers from the database. */
@Component(service = HealthResource.class, property = "osgi.jaxrs.resource=true")
@Path("/health")
@Tag(name = "api")
public class HealthResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile MunicipalityService municipality;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getHealth", summary = "UP or DOWN (no sign-in needed)")
    public Response health() {
        MunicipalityService m = municipality;
        boolean up;
        try {
            up = m != null && m.get() != null;
        } catch (RuntimeException e) {
            up = false;
        }
        return Response.status(up ? 200 : 503).entity(Map.of("status", up ? "UP" : "DOWN")).build();
    }
}
