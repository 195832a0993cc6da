package no.ranselpost.rest.internal.resources;

import java.time.OffsetDateTime;
import java.util.List;

import javax.ws.rs.BadRequestException;
import javax.ws.rs.ForbiddenException;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.NotAuthorizedException;
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
import no.ranselpost.core.api.ChildService;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AccountActivation;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.StaffActions;
import no.ranselpost.core.api.identity.AuthenticationException;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.identity.SessionService;
import no.ranselpost.rest.internal.AuthenticationFilter;
import no.ranselpost.rest.internal.RequestPrincipal;

/** Staff sign-in and sign-out, an account's activation and its owner's password change. Thin: the identity services decide. */
@Component(service = AuthResource.class, property = "osgi.jaxrs.resource=true")
@Path("/auth")
@Tag(name = "auth")
public class AuthResource {

    /** {@code totp}: the 6-digit code; required for OWNER, SYSTEM_ADMIN and UNIT_ADMIN. */
    public record LoginRequest(String username, String password, String totp) {
        @Override
        public String toString() {
            return "LoginRequest[" + username + ", password=***, totp=***]";
        }
    }

    public record LoginResponse(String token, String tokenType, OffsetDateTime expiresAt, Me account) {
    }

    /**
     * @param notice what a guardian with no child linked to them is told (seed 003), in the
     *               language asked for; null otherwise
     */
    public record Me(long accountId, String username, String displayName, Long personId, List<RoleGrant> roles, String assurance,
                     Notice notice) {
        static Me of(AuthenticatedPrincipal p) {
            return of(p, null);
        }

        static Me of(AuthenticatedPrincipal p, Notice notice) {
            return new Me(p.accountId(), p.username(), p.displayName(), p.personId(), p.grants(), p.assurance().name(), notice);
        }
    }

    /** A message for the user, by code and in one language. */
    public record Notice(String code, String language, String text) {
        static final String NO_CHILDREN = "no-linked-children";

        static Notice noChildren(String acceptLanguage) {
            String lang = acceptLanguage == null ? "nb" : acceptLanguage.strip().toLowerCase(java.util.Locale.ROOT);
            if (lang.startsWith("nn")) {
                return new Notice(NO_CHILDREN, "nn", "Vi klarte ikkje å finne nokon born knytte til deg. Ta kontakt med barnehagen"
                        + " eller skulen om du meiner dette er feil.");
            }
            if (lang.startsWith("en")) {
                return new Notice(NO_CHILDREN, "en", "We could not find any children linked to you. Contact the kindergarten or"
                        + " school if you think this is wrong.");
            }
            return new Notice(NO_CHILDREN, "nb", "Vi klarte ikke å finne noen barn knyttet til deg. Ta kontakt med barnehagen"
                    + " eller skolen hvis du mener dette er feil.");
        }
    }

    @Reference
    private SessionService sessions;
    @Reference
    private ChildService children;

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "login", summary = "Sign in with user name and password; answers with a bearer token",
            description = "Attempts are limited per account and per client address: over the limit the answer is 429 with Retry-After,"
                    + " before the password is checked")
    public LoginResponse login(LoginRequest request) {
        if (request == null || request.username() == null || request.username().isBlank()
                || request.password() == null || request.password().isEmpty()) {
            throw new BadRequestException("Both 'username' and 'password' are required");
        }
        if (request.username().length() > 100 || request.password().length() > 1000) {
            throw new BadRequestException("'username' or 'password' is too long");
        }
        // TooManyAttemptsException is not caught: it is answered as 429 problem+json with Retry-After
        try {
            LoginResult result = sessions.login(request.username(), request.password().toCharArray(), request.totp(),
                    AuthenticationFilter.clientAddress());
            return new LoginResponse(result.token(), "Bearer", result.expiresAt(), Me.of(result.principal()));
        } catch (AuthenticationException e) {
            throw new NotAuthorizedException(e.getMessage(), "Bearer realm=\"ranselpost\"");
        }
    }

    @POST
    @Path("/logout")
    @RequiresAction(IdentityActions.SIGN_OUT)
    @Operation(operationId = "logout", summary = "Revoke the token of this request")
    public Response logout(@Context SecurityContext security) {
        String token = RequestPrincipal.of(security).token();
        if (token == null) {
            throw new BadRequestException("Only a bearer token can be signed out");
        }
        sessions.revoke(token);
        return Response.noContent().build();
    }

    @GET
    @Path("/me")
    @RequiresAction(IdentityActions.ACCOUNT_SELF_READ)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCurrentAccount", summary = "The signed-in account and its roles")
    public Me me(@Context SecurityContext security, @javax.ws.rs.HeaderParam("Accept-Language") String acceptLanguage) {
        AuthenticatedPrincipal p = RequestPrincipal.of(security).principal();
        if (p.kind() == AccountKind.GUARDIAN && children.ownChildren(p).isEmpty()) {
            return Me.of(p, Notice.noChildren(acceptLanguage));
        }
        return Me.of(p);
    }

    public record ActivationCodeRequest(String activationCode) {
        @Override
        public String toString() {
            return "ActivationCodeRequest[***]";
        }
    }

    /** {@code totp}: for roles with a second factor, a code of the device enrolled with the activation code. */
    public record ActivateRequest(String activationCode, String password, String totp) {
        @Override
        public String toString() {
            return "ActivateRequest[***]";
        }
    }

    public record PasswordChange(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[***]";
        }
    }

    @Reference
    private AccountActivation activation;

    @POST
    @Path("/activation/totp")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "startTotpEnrolment",
            summary = "With the activation code: the TOTP secret for the owner's authenticator app (roles with a second factor)")
    @Produces(MediaType.APPLICATION_JSON)
    public AccountActivation.TotpEnrolment startTotpEnrolment(ActivationCodeRequest body) {
        if (body == null || body.activationCode() == null || body.activationCode().isBlank()) {
            throw new BadRequestException("'activationCode' is required");
        }
        try {
            return activation.startTotpEnrolment(body.activationCode(), AuthenticationFilter.clientAddress());
        } catch (AuthenticationException e) {
            throw new NotAuthorizedException(e.getMessage(), "Bearer realm=\"ranselpost\"");
        }
    }

    @POST
    @Path("/activation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "activateAccount",
            summary = "With the activation code: the owner sets the password (at least 12 characters) and, where the role needs it, "
                    + "proves the enrolled TOTP device with a code; the code is used up")
    public Response activate(ActivateRequest body) {
        if (body == null || body.activationCode() == null || body.activationCode().isBlank() || body.password() == null) {
            throw new BadRequestException("'activationCode' and 'password' are required");
        }
        if (body.activationCode().length() > 100 || body.password().length() > 1000) {
            throw new BadRequestException("'activationCode' or 'password' is too long");
        }
        try {
            activation.activate(body.activationCode(), body.password().toCharArray(), body.totp(), AuthenticationFilter.clientAddress());
        } catch (AuthenticationException e) {
            throw new NotAuthorizedException(e.getMessage(), "Bearer realm=\"ranselpost\"");
        }
        return Response.noContent().build();
    }

    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(StaffActions.PASSWORD_CHANGE)
    @Operation(operationId = "changePassword",
            summary = "The signed-in owner changes the account's password, giving the current one; the account's other sessions end")
    public Response changePassword(@Context SecurityContext security, PasswordChange body) {
        if (body == null || body.currentPassword() == null || body.newPassword() == null) {
            throw new BadRequestException("'currentPassword' and 'newPassword' are required");
        }
        try {
            activation.changePassword(RequestPrincipal.of(security).principal(), body.currentPassword().toCharArray(),
                    body.newPassword().toCharArray());
        } catch (AuthenticationException e) {
            throw new ForbiddenException(e.getMessage());
        }
        return Response.noContent().build();
    }
}
