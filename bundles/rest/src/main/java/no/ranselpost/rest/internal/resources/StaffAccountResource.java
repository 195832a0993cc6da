package no.ranselpost.rest.internal.resources;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import javax.ws.rs.BadRequestException;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.StaffActions;
import no.ranselpost.core.api.identity.StaffAdministration;
import no.ranselpost.core.api.identity.StaffAdministration.ActivationCode;
import no.ranselpost.core.api.identity.StaffAdministration.GrantRequest;
import no.ranselpost.core.api.identity.StaffAdministration.NewStaffAccount;
import no.ranselpost.core.api.identity.StaffAdministration.ResetKind;
import no.ranselpost.core.api.identity.StaffAdministration.StaffAccount;
import no.ranselpost.rest.internal.RequestPrincipal;

/**
 * Staff accounts over their life (seed 000); what an account's owner does with an activation
 * code is under /auth (AuthResource). Thin: the identity bundle's services ask the access bundle. No answer ever
 * carries a password or a TOTP secret but the owner's own enrolment.
 */
@Component(service = StaffAccountResource.class, property = "osgi.jaxrs.resource=true")
@Path("/")
@Tag(name = "staff-accounts")
@Produces(MediaType.APPLICATION_JSON)
public class StaffAccountResource {

    public record Grant(Role role, Long unitId, Long groupId, LocalDate validFrom, LocalDate validTo) {
        GrantRequest request() {
            return new GrantRequest(role, unitId, groupId, validFrom, validTo);
        }
    }

    public record NewAccount(String username, String displayName, Long personId, List<Grant> roles) {
    }

    /** The activation code is shown only in this answer, to hand to the account's owner. */
    public record Activation(long accountId, String username, String activationCode, OffsetDateTime expiresAt) {
        static Activation of(ActivationCode c) {
            return new Activation(c.accountId(), c.username(), c.activationCode(), c.expiresAt());
        }

        @Override
        public String toString() {
            return "Activation[" + accountId + ", code=***]";
        }
    }

    public record ResetRequest(ResetKind what) {
    }

    @Reference
    private StaffAdministration staff;

    private static StaffAdministration.NewStaffAccount toRequest(NewAccount body) {
        if (body == null || body.username() == null || body.roles() == null || body.roles().isEmpty()) {
            throw new BadRequestException("'username' and 'roles' are required");
        }
        return new NewStaffAccount(body.username(), body.displayName(), body.personId(),
                body.roles().stream().map(g -> g == null ? null : g.request()).toList());
    }

    @POST
    @Path("staff-accounts")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(StaffActions.ACCOUNT_CREATE)
    @Operation(operationId = "createStaffAccount",
            summary = "A staff account with its roles (an owner: unit admins; a unit admin: the unit's LEADER, EMPLOYEE, SUBSTITUTE "
                    + "and SHARED_ACCOUNT with their groups); answers with the one-time activation code (72 hours) to hand to its owner",
            description = "For a person the HR system knows, HR alone decides LEADER and EMPLOYEE: a grant by hand is only the group of "
                    + "the role HR gives at that unit (409 naming the source otherwise)")
    public Response create(@Context SecurityContext security, NewAccount body) {
        ActivationCode code = staff.create(RequestPrincipal.of(security).principal(), toRequest(body));
        return Response.status(Response.Status.CREATED).entity(Activation.of(code)).build();
    }

    @GET
    @Path("units/{unitId}/staff-accounts")
    @RequiresAction(StaffActions.ACCOUNT_READ)
    @Operation(operationId = "listStaffAccountsOfUnit",
            summary = "The staff accounts with access at a unit: roles by hand and from HR, state, last sign-in (an owner: its unit admins)")
    public List<StaffAccount> list(@Context SecurityContext security, @PathParam("unitId") long unitId) {
        return staff.list(RequestPrincipal.of(security).principal(), unitId);
    }

    @GET
    @Path("staff-accounts/{accountId}")
    @RequiresAction(StaffActions.ACCOUNT_READ)
    @Operation(operationId = "getStaffAccount", summary = "One staff account, for whoever may manage it")
    public StaffAccount get(@Context SecurityContext security, @PathParam("accountId") long accountId) {
        return staff.get(RequestPrincipal.of(security).principal(), accountId);
    }

    @POST
    @Path("staff-accounts/{accountId}/grants")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(StaffActions.ROLE_CHANGE)
    @Operation(operationId = "addStaffGrant", summary = "Give a staff account a role (at a unit, in a group; a substitute with dates)")
    public StaffAccount addGrant(@Context SecurityContext security, @PathParam("accountId") long accountId, Grant body) {
        if (body == null) {
            throw new BadRequestException("A role is {\"role\", \"unitId\", \"groupId\", \"validFrom\", \"validTo\"}");
        }
        return staff.addGrant(RequestPrincipal.of(security).principal(), accountId, body.request());
    }

    @PUT
    @Path("staff-accounts/{accountId}/grants/{grantId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(StaffActions.ROLE_CHANGE)
    @Operation(operationId = "changeStaffGrant", summary = "Move a grant to another group of its unit, or set a substitute's dates")
    public StaffAccount changeGrant(@Context SecurityContext security, @PathParam("accountId") long accountId,
                                    @PathParam("grantId") long grantId, Grant body) {
        if (body == null) {
            throw new BadRequestException("Send {\"groupId\", \"validFrom\", \"validTo\"}");
        }
        return staff.changeGrant(RequestPrincipal.of(security).principal(), accountId, grantId, body.request());
    }

    @DELETE
    @Path("staff-accounts/{accountId}/grants/{grantId}")
    @RequiresAction(StaffActions.ROLE_CHANGE)
    @Operation(operationId = "removeStaffGrant", summary = "Take a role from a staff account (an owner: a unit admin's role)")
    public StaffAccount removeGrant(@Context SecurityContext security, @PathParam("accountId") long accountId,
                                    @PathParam("grantId") long grantId) {
        return staff.removeGrant(RequestPrincipal.of(security).principal(), accountId, grantId);
    }

    @POST
    @Path("staff-accounts/{accountId}/disable")
    @RequiresAction(StaffActions.ACCOUNT_STATE_CHANGE)
    @Operation(operationId = "disableStaffAccount", summary = "Disable a staff account (leave, leaving): every session of it ends at once")
    public StaffAccount disable(@Context SecurityContext security, @PathParam("accountId") long accountId) {
        return staff.disable(RequestPrincipal.of(security).principal(), accountId);
    }

    @POST
    @Path("staff-accounts/{accountId}/enable")
    @RequiresAction(StaffActions.ACCOUNT_STATE_CHANGE)
    @Operation(operationId = "enableStaffAccount", summary = "Enable a disabled staff account again")
    public StaffAccount enable(@Context SecurityContext security, @PathParam("accountId") long accountId) {
        return staff.enable(RequestPrincipal.of(security).principal(), accountId);
    }

    @POST
    @Path("staff-accounts/{accountId}/reset")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(StaffActions.ACCOUNT_RESET)
    @Operation(operationId = "resetStaffAccount",
            summary = "A new activation code for a forgotten password ({\"what\": \"PASSWORD\"}) or a lost TOTP device (\"TOTP\"): "
                    + "the old credentials and every session stop at once")
    public Response reset(@Context SecurityContext security, @PathParam("accountId") long accountId, ResetRequest body) {
        if (body == null || body.what() == null) {
            throw new BadRequestException("'what' is PASSWORD or TOTP");
        }
        ActivationCode code = staff.reset(RequestPrincipal.of(security).principal(), accountId, body.what());
        return Response.status(Response.Status.CREATED).entity(Activation.of(code)).build();
    }

    public record Holder(Long personId) {
    }

    @POST
    @Path("staff-accounts/{accountId}/password-holders")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(StaffActions.PASSWORD_HOLDER_CHANGE)
    @Operation(operationId = "addSharedPasswordHolder",
            summary = "Record that a person knows a shared department account's password (when HR ends their employment, the account "
                    + "signs in no more until its password is rotated)")
    public StaffAccount addHolder(@Context SecurityContext security, @PathParam("accountId") long accountId, Holder body) {
        if (body == null || body.personId() == null) {
            throw new BadRequestException("'personId' is required");
        }
        return staff.recordPasswordHolder(RequestPrincipal.of(security).principal(), accountId, body.personId());
    }

    @DELETE
    @Path("staff-accounts/{accountId}/password-holders/{personId}")
    @RequiresAction(StaffActions.PASSWORD_HOLDER_CHANGE)
    @Operation(operationId = "removeSharedPasswordHolder", summary = "Forget that a person knows a shared department account's password")
    public StaffAccount removeHolder(@Context SecurityContext security, @PathParam("accountId") long accountId,
                                     @PathParam("personId") long personId) {
        return staff.forgetPasswordHolder(RequestPrincipal.of(security).principal(), accountId, personId);
    }
}
