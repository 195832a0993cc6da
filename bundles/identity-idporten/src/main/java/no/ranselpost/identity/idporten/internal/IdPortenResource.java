package no.ranselpost.identity.idporten.internal;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.identity.api.BrowserSessions;
import no.ranselpost.identity.api.ProviderSession;
import no.ranselpost.identity.api.SessionIssuer;
import no.ranselpost.identity.api.UnknownPersonException;

/**
 * Guardians' sign-in with ID-porten, at {@code /api/v1/auth/idporten}. Thin: {@link IdPorten}
 * checks, the session issuer opens the session. Present only while ID-porten is configured.
 */
@Component(service = IdPortenResource.class, property = "osgi.jaxrs.resource=true")
@Path("/auth/idporten")
@Tag(name = "auth")
public class IdPortenResource {

    /** An app's ID-porten access token (a JWT whose audience is Ranselpost's API). */
    public record TokenExchangeRequest(String accessToken) {
        @Override
        public String toString() {
            return "TokenExchangeRequest[***]";
        }
    }

    public record TokenResponse(String token, String tokenType, OffsetDateTime expiresAt, long accountId, String assurance) {
        @Override
        public String toString() {
            return "TokenResponse[***]";
        }
    }

    public record SignedOut(String endSessionUrl) {
    }

    private static final String PROBLEM = "application/problem+json";

    @Reference
    private IdPorten idporten;
    @Reference
    private SessionIssuer sessions;

    @GET
    @Path("/login")
    @Operation(operationId = "idportenLogin", summary = "Start a guardian's sign-in with ID-porten (a browser is sent there)",
            description = "level=high asks for idporten-loa-high (step-up); returnTo is a path on this server to come back to")
    public Response login(@QueryParam("level") String level, @QueryParam("returnTo") String returnTo,
                          @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        if (level != null && !level.equals("high") && !level.equals("substantial")) {
            return problem(400, "'level' is 'substantial' or 'high'");
        }
        if (returnTo != null && IdPorten.safeReturnPath(returnTo) == null) {
            return problem(400, "'returnTo' must be a path on this server, starting with a single '/'");
        }
        try {
            URI to = idporten.startLogin(level, returnTo, locale(acceptLanguage));
            return Response.seeOther(to).cacheControl(noStore()).build();
        } catch (IllegalArgumentException e) {
            return problem(400, e.getMessage());
        } catch (IdPorten.Unavailable e) {
            return problem(503, "ID-porten cannot be reached now; try again in a while");
        }
    }

    @GET
    @Path("/callback")
    @Operation(operationId = "idportenCallback", summary = "Where ID-porten sends the browser back; sets the session cookie")
    public Response callback(@QueryParam("code") String code, @QueryParam("state") String state, @QueryParam("error") String error,
                             @Context UriInfo uri) {
        try {
            IdPorten.Completed done = idporten.complete(code, state, error);
            // a path on this server: from its root, not from the API's base
            Response.ResponseBuilder r = Response.seeOther(uri.getBaseUri().resolve(done.returnPath())).cacheControl(noStore());
            for (String cookie : BrowserSessions.setCookies(done.result().token(), idporten.sessionSeconds(done.result()))) {
                r.header(HttpHeaders.SET_COOKIE, cookie);
            }
            return r.build();
        } catch (UnknownPersonException e) {
            return problem(403, e.getMessage());
        } catch (IdPorten.Refused e) {
            return unauthorized("The sign-in with ID-porten could not be completed (" + e.reason() + "); start again");
        } catch (IdPorten.Unavailable e) {
            return problem(503, "ID-porten cannot be reached now; try again in a while");
        } catch (no.ranselpost.core.api.identity.AuthenticationException e) {
            return unauthorized(e.getMessage());
        }
    }

    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "idportenTokenExchange", summary = "Exchange an app's ID-porten access token, once, for a Ranselpost bearer token")
    public Response exchange(TokenExchangeRequest request) {
        if (request == null || request.accessToken() == null || request.accessToken().isBlank()) {
            return problem(400, "'accessToken' is required");
        }
        try {
            LoginResult result = idporten.exchange(request.accessToken());
            return Response.ok(new TokenResponse(result.token(), "Bearer", result.expiresAt(), result.principal().accountId(),
                    result.principal().assurance().name())).cacheControl(noStore()).build();
        } catch (UnknownPersonException e) {
            return problem(403, e.getMessage());
        } catch (IdPorten.Refused e) {
            return unauthorized("The ID-porten token is not accepted (" + e.reason() + ")");
        } catch (IdPorten.Unavailable e) {
            return problem(503, "ID-porten cannot be reached now; try again in a while");
        } catch (no.ranselpost.core.api.identity.AuthenticationException e) {
            return unauthorized(e.getMessage());
        }
    }

    @POST
    @Path("/logout")
    @RequiresAction(IdPortenAccessDeclaration.SIGN_OUT)
    @Operation(operationId = "idportenLogout", summary = "End this session at once, and say where the browser ends its ID-porten session",
            description = "Answers 200 with endSessionUrl to a client that accepts JSON, else 303 to ID-porten's end_session_endpoint")
    public Response logout(@Context SecurityContext security, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        AuthenticatedPrincipal p = (AuthenticatedPrincipal) security.getUserPrincipal();
        URI end = null;
        if (p.sessionId() > 0) {
            ProviderSession ps = sessions.providerSession(p.sessionId()).orElse(null);
            if (ps != null) {
                end = idporten.endSessionUri(ps).orElse(null);
            }
            sessions.end(p.sessionId());
        }
        Response.ResponseBuilder r = accept != null && accept.contains("json") || end == null
                ? Response.ok(new SignedOut(end == null ? null : end.toString()), MediaType.APPLICATION_JSON)
                : Response.seeOther(end);
        for (String cookie : BrowserSessions.clearCookies()) {
            r.header(HttpHeaders.SET_COOKIE, cookie);
        }
        return r.cacheControl(noStore()).build();
    }

    @GET
    @Path("/frontchannel-logout")
    @Operation(operationId = "idportenFrontChannelLogout", summary = "ID-porten ends its session: the sessions it opened with that sid end too")
    public Response frontChannelLogout(@QueryParam("iss") String iss, @QueryParam("sid") String sid) {
        if (sid == null || sid.isBlank()) {
            return problem(400, "'sid' is required");
        }
        idporten.frontChannelLogout(iss, sid);
        return Response.ok().cacheControl(noStore()).build();
    }

    private static String locale(String acceptLanguage) {
        if (acceptLanguage == null) {
            return "nb";
        }
        String first = acceptLanguage.split(",")[0].strip().toLowerCase(Locale.ROOT);
        return first.startsWith("nn") ? "nn" : first.startsWith("en") ? "en" : "nb";
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
                "detail", detail, "instance", "/api/v1/auth/idporten");
        return Response.status(status).type(PROBLEM).entity(body).cacheControl(noStore()).build();
    }

    private static Response unauthorized(String detail) {
        Response r = problem(401, detail);
        return Response.fromResponse(r).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ranselpost\"").build();
    }

    static List<String> operations() {
        return List.of("idportenLogin", "idportenCallback", "idportenTokenExchange", "idportenLogout", "idportenFrontChannelLogout");
    }
}
