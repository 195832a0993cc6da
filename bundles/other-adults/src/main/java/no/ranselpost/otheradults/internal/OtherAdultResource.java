package no.ranselpost.otheradults.internal;

import java.security.Principal;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.POST;
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
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.otheradults.api.NewRegistration;
import no.ranselpost.otheradults.api.OtherAdultActions;
import no.ranselpost.otheradults.api.OtherAdultService;
import no.ranselpost.otheradults.api.Registration;

/** Other adults over REST, thin: the service decides, asking access on every call. */
@Component(service = OtherAdultResource.class, property = "osgi.jaxrs.resource=true")
@Path("/")
@Tag(name = "other-adults")
@Produces(MediaType.APPLICATION_JSON)
public class OtherAdultResource {

    public record Answer(Boolean given) {
    }

    public record WrittenConsent(Long custodianPersonId, String reason) {
    }

    public record Ending(String reason) {
    }

    @Reference
    private OtherAdultService adults;

    private static AuthenticatedPrincipal principal(SecurityContext security) {
        Principal p = security == null ? null : security.getUserPrincipal();
        if (p instanceof AuthenticatedPrincipal ap) {
            return ap;
        }
        throw new NotAuthorizedException("Bearer");
    }

    @POST
    @Path("other-adults")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(OtherAdultActions.REGISTER)
    @Operation(operationId = "registerOtherAdult", summary = "Register an adult (by national id; signs in with ID-porten) for one child for a period;"
            + " every custodian is asked, and it holds only once all have consented (kommune setting otherAdults)")
    public Response register(@Context SecurityContext security, NewRegistration registration) {
        return Response.status(Response.Status.CREATED).entity(adults.register(principal(security), registration)).build();
    }

    @GET
    @Path("children/{childId}/other-adults")
    @RequiresAction(OtherAdultActions.READ)
    @Operation(operationId = "listOtherAdultsOfChild", summary = "A child's registered other adults (a custodian sees only their own answer)")
    public List<Registration> forChild(@Context SecurityContext security, @PathParam("childId") long childId) {
        return adults.forChild(principal(security), childId);
    }

    @POST
    @Path("other-adults/{id}/consent")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(OtherAdultActions.CONSENT)
    @Operation(operationId = "answerOtherAdultConsent", summary = "A custodian consents (given true), declines or withdraws (given false):"
            + " a withdrawal ends the adult's access on the very next request")
    public Registration answer(@Context SecurityContext security, @PathParam("id") long id, Answer answer) {
        if (answer == null || answer.given() == null) {
            throw new InvalidRequestException("'given' is true or false");
        }
        return adults.answer(principal(security), id, answer.given());
    }

    @POST
    @Path("other-adults/{id}/written-consent")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(OtherAdultActions.WRITTEN_CONSENT)
    @Operation(operationId = "recordOtherAdultWrittenConsent", summary = "Record a custodian's written consent (reason written-form or signed-letter)")
    public Registration written(@Context SecurityContext security, @PathParam("id") long id, WrittenConsent w) {
        if (w == null || w.custodianPersonId() == null) {
            throw new InvalidRequestException("'custodianPersonId' and 'reason' are required");
        }
        return adults.recordWritten(principal(security), id, w.custodianPersonId(), w.reason());
    }

    @POST
    @Path("other-adults/{id}/end")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(OtherAdultActions.END)
    @Operation(operationId = "endOtherAdult", summary = "End a registration (reason custodian-request, no-longer-relevant or registered-by-mistake)")
    public Registration end(@Context SecurityContext security, @PathParam("id") long id, Ending e) {
        return adults.end(principal(security), id, e == null ? null : e.reason());
    }

    @GET
    @Path("me/other-adult-registrations")
    @RequiresAction(OtherAdultActions.MINE)
    @Operation(operationId = "listMyOtherAdultRegistrations", summary = "The registrations that name you as an other adult (the child and the period)")
    public List<Registration> mine(@Context SecurityContext security) {
        return adults.mine(principal(security));
    }
}
