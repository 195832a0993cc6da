package no.ranselpost.identity.local.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.core.api.identity.StaffAccountService.CreatedAccount;

/**
 * {@code POST /api/v1/setup/admin}: the first SYSTEM_ADMIN with the one-time setup code in
 * {@code data/setup-code.txt} (only while none exists; without credentials, and like every
 * credential over HTTPS or from the machine itself).
 */
@Component(service = SetupResource.class, property = "osgi.jaxrs.resource=true")
@Path("/setup")
@Tag(name = "auth")
public class SetupResource {

    /** The setup code from data/setup-code.txt, and the first administrator's user name and name. */
    public record SetupRequest(String code, String username, String displayName) {
        @Override
        public String toString() {
            return "SetupRequest[code=***, username=" + username + "]";
        }
    }

    private static final String PROBLEM = "application/problem+json";

    @Reference
    private SetupCode setup;

    @POST
    @Path("/admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createFirstSystemAdmin",
            summary = "The first SYSTEM_ADMIN, with the one-time setup code from data/setup-code.txt (only while none exists)",
            description = "Answers the generated password and TOTP secret once; refused (403) with a wrong code or once a SYSTEM_ADMIN exists")
    public Response createFirstAdmin(SetupRequest request) {
        if (request == null || request.code() == null || request.code().isBlank() || request.username() == null
                || request.username().isBlank()) {
            return problem(400, "'code' (from data/setup-code.txt) and 'username' are required");
        }
        try {
            CreatedAccount created = setup.createFirstAdmin(request.code(), request.username(), request.displayName());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("accountId", created.accountId());
            body.put("username", created.username());
            body.put("password", created.password());
            body.put("totpSecret", created.totpSecret());
            body.put("totpUri", created.totpUri("Ranselpost"));
            return Response.status(201).type(MediaType.APPLICATION_JSON).entity(body).cacheControl(noStore()).build();
        } catch (AccessDeniedException e) {
            return problem(403, "The setup code is wrong, or a SYSTEM_ADMIN exists already (then only a signed-in SYSTEM_ADMIN "
                    + "creates another)");
        } catch (IllegalArgumentException e) {
            return problem(400, e.getMessage());
        }
    }

    private static CacheControl noStore() {
        CacheControl c = new CacheControl();
        c.setNoStore(true);
        c.setNoCache(true);
        return c;
    }

    private static Response problem(int status, String detail) {
        Response.Status s = Response.Status.fromStatusCode(status);
        Map<String, Object> body = Map.of("type", "about:blank", "title", s == null ? "Error" : s.getReasonPhrase(), "status", status,
                "detail", detail, "instance", "/api/v1/setup/admin");
        return Response.status(status).type(PROBLEM).entity(body).cacheControl(noStore()).build();
    }
}
