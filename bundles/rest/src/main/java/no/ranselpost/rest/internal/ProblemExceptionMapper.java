package no.ranselpost.rest.internal;

import java.util.UUID;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error as {@code application/problem+json}; never a stack trace to the caller. Internal
 * errors are logged with a reference the caller sees, so support can find them.
 */
public class ProblemExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemExceptionMapper.class);

    /** The problem type of a step-up: the session is too weak for the action, a new sign-in at a higher level helps. */
    public static final String STEP_UP = "https://ranselpost.no/problems/step-up-required";

    @Context
    private UriInfo uriInfo;
    @Context
    private javax.ws.rs.core.SecurityContext security;

    private boolean guardian() {
        try {
            return security != null && security.getUserPrincipal() instanceof no.ranselpost.core.api.identity.AuthenticatedPrincipal p
                    && p.kind() == no.ranselpost.core.api.identity.AccountKind.GUARDIAN;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public Response toResponse(Throwable e) {
        Throwable t = unwrap(e);
        String instance = instance();
        if (t instanceof WebApplicationException wae) {
            Response.StatusType status = wae.getResponse().getStatusInfo();
            String detail = detailOf(wae, status);
            Response.ResponseBuilder rb = Response.status(status.getStatusCode()).type(Problem.MEDIA_TYPE)
                    .entity(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, instance));
            // keep Allow, WWW-Authenticate and the like
            wae.getResponse().getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    values.forEach(v -> rb.header(name, v));
                }
            });
            return rb.build();
        }
        if (t instanceof JsonProcessingException jpe) {
            return Problem.of(Response.Status.BAD_REQUEST, describeJsonProblem(jpe), instance).toResponse();
        }
        if (t instanceof no.ranselpost.core.api.identity.TooManyAttemptsException tma) {
            // the identity bundle has recorded it (once per window)
            return Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", Long.toString(tma.retryAfterSeconds()))
                    .entity(new Problem("about:blank", "Too Many Requests", 429,
                            "Too many sign-in attempts: wait " + tma.retryAfterSeconds() + " s and try again", instance))
                    .build();
        }
        if (t instanceof AccessDeniedException ade && "assurance-too-low".equals(ade.reason()) && guardian()) {
            // step-up (RFC 9470): a guardian signs in again with ID-porten at the level the action needs
            return Response.status(401).type(Problem.MEDIA_TYPE)
                    .header("WWW-Authenticate", "Bearer realm=\"ranselpost\", error=\"insufficient_user_authentication\", "
                            + "error_description=\"A stronger sign-in is needed\", acr_values=\"idporten-loa-high\"")
                    .entity(new Problem(STEP_UP, "Stronger sign-in needed", 401, "Not allowed with this sign-in: " + ade.action()
                            + " needs ID-porten at idporten-loa-high; sign in again at /api/v1/auth/idporten/login?level=high", instance))
                    .build();
        }
        if (t instanceof AccessDeniedException ade) {
            // the access bundle has recorded the denial
            return Problem.of(Response.Status.FORBIDDEN, forbidden(ade), instance).toResponse();
        }
        if (t instanceof no.ranselpost.core.api.PayloadTooLargeException tooLarge) {
            return Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, tooLarge.getMessage(), instance).toResponse();
        }
        if (t instanceof no.ranselpost.core.api.UnsupportedContentTypeException unsupported) {
            return Problem.of(Response.Status.UNSUPPORTED_MEDIA_TYPE, unsupported.getMessage(), instance).toResponse();
        }
        if (t instanceof InvalidRequestException ire) {
            return Problem.of(Response.Status.BAD_REQUEST, ire.getMessage(), instance).toResponse();
        }
        if (t instanceof no.ranselpost.core.api.ConflictException conflict) {
            // the message names the source that owns what the request tried to change
            return Problem.of(Response.Status.CONFLICT, conflict.getMessage(), instance).toResponse();
        }
        if (t instanceof NoSuchObjectException nso) {
            return Problem.of(Response.Status.NOT_FOUND, nso.getMessage(), instance).toResponse();
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("Internal error {} at {}", reference, instance, t);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "Internal error; reference " + reference, instance).toResponse();
    }

    /** What a 403 tells: the action, and where a sign-in at a higher level would help, that it would. */
    static String forbidden(AccessDeniedException e) {
        if ("assurance-too-low".equals(e.reason())) {
            return "Not allowed: " + e.action() + " needs a stronger sign-in (idporten-loa-high); sign in again at that level";
        }
        return "Not allowed: " + e.action();
    }

    private String instance() {
        try {
            return uriInfo == null ? null : RestPaths.absolute(uriInfo.getPath());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean known(Throwable t) {
        return t instanceof WebApplicationException || t instanceof JsonProcessingException || t instanceof AccessDeniedException
                || t instanceof InvalidRequestException || t instanceof NoSuchObjectException
                || t instanceof no.ranselpost.core.api.ConflictException;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (!known(t) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return known(t) ? t : e;
    }

    private static String detailOf(WebApplicationException wae, Response.StatusType status) {
        String message = wae.getMessage();
        // JAX-RS fills in "HTTP 404 Not Found" and the like: say it in words instead
        if (message == null || message.startsWith("HTTP " + status.getStatusCode())) {
            return switch (status.getStatusCode()) {
                case 404 -> "No such resource";
                case 405 -> "This method is not allowed here";
                case 406 -> "No acceptable representation; this API speaks application/json";
                case 415 -> "Unsupported media type; send application/json";
                case 401 -> "This operation needs a bearer token";
                case 403 -> "Not allowed";
                default -> status.getReasonPhrase();
            };
        }
        return message;
    }

    /** Says what is wrong with a body without echoing its content. */
    static String describeJsonProblem(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException upe) {
            return "Unknown field '" + upe.getPropertyName() + "' in the request body";
        }
        if (e instanceof InvalidFormatException ife) {
            return "A field has the wrong format: " + path(ife);
        }
        if (e instanceof MismatchedInputException mie) {
            return mie.getPath().isEmpty() ? "The request body has the wrong shape" : "A field has the wrong type: " + path(mie);
        }
        return "The request body is not valid JSON"
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    }

    private static String path(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        e.getPath().forEach(ref -> {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        });
        return sb.length() == 0 ? "(body)" : sb.toString();
    }
}
