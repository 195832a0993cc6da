package no.ranselpost.consent.internal;

import java.security.Principal;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.NotAuthorizedException;
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
import no.ranselpost.consent.api.ChildConsent;
import no.ranselpost.consent.api.ConsentActions;
import no.ranselpost.consent.api.ConsentKind;
import no.ranselpost.consent.api.ConsentService;
import no.ranselpost.consent.api.GroupConsents;
import no.ranselpost.consent.api.NewConsentKind;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** Consents over REST, thin: the consent service decides, with access asked on every call. */
@Component(service = ConsentResource.class, property = "osgi.jaxrs.resource=true")
@Path("/consent")
@Tag(name = "consent")
@Produces(MediaType.APPLICATION_JSON)
public class ConsentResource {

    /** A custodian's answer: true gives the consent, false refuses or withdraws it. */
    public record Answer(Boolean given) {
    }

    /** A pupil's own answer, recorded by staff with how the pupil answered. */
    public record PupilAnswer(Boolean given, String reason) {
    }

    @Reference
    private ConsentService consents;

    private static AuthenticatedPrincipal principal(SecurityContext security) {
        Principal p = security == null ? null : security.getUserPrincipal();
        if (p instanceof AuthenticatedPrincipal ap) {
            return ap;
        }
        throw new NotAuthorizedException("Bearer");
    }

    private static boolean given(Boolean given) {
        if (given == null) {
            throw new InvalidRequestException("'given' is true (yes) or false (no, or a withdrawal)");
        }
        return given;
    }

    @POST
    @Path("kinds")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(ConsentActions.KIND_MANAGE)
    @Operation(operationId = "defineConsentKind", summary = "Define a consent kind: its use, its text in nb, nn and en, and its school year")
    public Response define(@Context SecurityContext security, NewConsentKind kind) {
        return Response.status(201).entity(consents.defineKind(principal(security), kind)).build();
    }

    @POST
    @Path("kinds/{kindId}/renewal")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(ConsentActions.KIND_MANAGE)
    @Operation(operationId = "renewConsentKind", summary = "Ask a consent again for the next school year (texts unchanged unless given)")
    public Response renew(@Context SecurityContext security, @PathParam("kindId") long kindId, NewConsentKind texts) {
        return Response.status(201).entity(consents.renewKind(principal(security), kindId, texts)).build();
    }

    @GET
    @Path("kinds")
    @RequiresAction(ConsentActions.KIND_READ)
    @Operation(operationId = "listConsentKinds", summary = "The consent kinds asked for this school year or later, with their texts")
    public List<ConsentKind> kinds(@Context SecurityContext security) {
        return consents.kinds(principal(security));
    }

    @PUT
    @Path("children/{childId}/answers/{kindId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(ConsentActions.ANSWER)
    @Operation(operationId = "answerConsent", summary = "A custodian gives, refuses or withdraws a consent for their own child",
            description = "A withdrawal takes effect on the very next request. Refused (409) once the pupil answers for themselves")
    public ChildConsent answer(@Context SecurityContext security, @PathParam("childId") long childId, @PathParam("kindId") long kindId,
                               Answer answer) {
        return consents.answer(principal(security), childId, kindId, given(answer == null ? null : answer.given()));
    }

    @PUT
    @Path("children/{childId}/pupil-answers/{kindId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAction(ConsentActions.PUPIL_ANSWER)
    @Operation(operationId = "recordPupilConsent", summary = "Staff record a pupil's own answer (15 or older), with a reason code",
            description = "reason: pupil-in-person or pupil-in-writing. From then on the custodians' answers no longer count")
    public ChildConsent pupil(@Context SecurityContext security, @PathParam("childId") long childId, @PathParam("kindId") long kindId,
                              PupilAnswer answer) {
        return consents.recordPupilAnswer(principal(security), childId, kindId, given(answer == null ? null : answer.given()),
                answer == null ? null : answer.reason());
    }

    @GET
    @Path("children/{childId}")
    @RequiresAction(ConsentActions.CHILD_READ)
    @Operation(operationId = "getChildConsents", summary = "A child's consents: whether each holds; staff see the answers and their history, "
            + "a custodian their own answer only")
    public List<ChildConsent> child(@Context SecurityContext security, @PathParam("childId") long childId) {
        return consents.child(principal(security), childId);
    }

    @GET
    @Path("groups/{groupId}")
    @RequiresAction(ConsentActions.GROUP_READ)
    @Operation(operationId = "getGroupConsents", summary = "Per group, who has consented to what (staff; the shared account yes/no only)")
    public GroupConsents group(@Context SecurityContext security, @PathParam("groupId") long groupId) {
        return consents.group(principal(security), groupId);
    }
}
