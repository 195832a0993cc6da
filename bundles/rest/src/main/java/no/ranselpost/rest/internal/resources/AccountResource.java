package no.ranselpost.rest.internal.resources;

import javax.ws.rs.BadRequestException;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.core.api.identity.IdentityActions;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.core.api.identity.StaffAccountService;
import no.ranselpost.rest.internal.RequestPrincipal;

/** Accounts for other systems. */
@Component(service = AccountResource.class, property = "osgi.jaxrs.resource=true")
@Path("/integration-accounts")
@Tag(name = "accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    public record IntegrationAccountRequest(String username, String sourceId) {
    }

    /** The password is shown only in this answer. */
    public record IntegrationAccountCreated(long accountId, String username, String sourceId, String password) {
    }

    @Reference
    private StaffAccountService accounts;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(IdentityActions.INTEGRATION_ACCOUNT_CREATE)
    @Operation(operationId = "createIntegrationAccount",
            summary = "An account for an HR, admission or school system, bound to one source id; it signs in with HTTP Basic")
    public Response create(@Context SecurityContext security, IntegrationAccountRequest body) {
        if (body == null || body.username() == null || body.sourceId() == null) {
            throw new BadRequestException("'username' and 'sourceId' are required");
        }
        StaffAccountService.CreatedAccount created = accounts.createIntegration(RequestPrincipal.of(security).principal(),
                body.username(), body.sourceId());
        return Response.status(Response.Status.CREATED)
                .entity(new IntegrationAccountCreated(created.accountId(), created.username(), body.sourceId(), created.password()))
                .build();
    }
}
