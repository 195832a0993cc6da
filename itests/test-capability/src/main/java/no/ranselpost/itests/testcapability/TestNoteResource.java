package no.ranselpost.itests.testcapability;

import java.security.Principal;
import java.util.Set;

import javax.ws.rs.GET;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.access.api.Target;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** The test capability's thin REST resource: it asks access, and projects the fields access hands it. */
@Component(service = TestNoteResource.class, property = "osgi.jaxrs.resource=true")
@Path("/testcap")
@Tag(name = "testcap")
@Produces(MediaType.APPLICATION_JSON)
public class TestNoteResource {

    /** A group's note as one reader may see it: a field the reader may not see is null (absent in JSON). */
    public record Note(long groupId, String text, String leaderRemark) {
    }

    @Reference
    private AccessPolicy access;

    private static AuthenticatedPrincipal principal(SecurityContext security) {
        Principal p = security == null ? null : security.getUserPrincipal();
        if (p instanceof AuthenticatedPrincipal ap) {
            return ap;
        }
        throw new NotAuthorizedException("Bearer");
    }

    @GET
    @Path("notes/{groupId}")
    @RequiresAction(TestCapabilityAccess.READ)
    @Operation(operationId = "getTestNote", summary = "A group's note (test capability)")
    public Note note(@Context SecurityContext security, @PathParam("groupId") long groupId) {
        AuthenticatedPrincipal p = principal(security);
        Target target = Target.of(TestCapabilityAccess.KIND, groupId);
        access.require(p, TestCapabilityAccess.READ, target);
        Set<String> fields = access.fields(p, TestCapabilityAccess.VIEW, target, null);
        return new Note(groupId, fields.contains(TestCapabilityAccess.TEXT) ? "Turdag fredag" : null,
                fields.contains(TestCapabilityAccess.LEADER_REMARK) ? "Husk ekstra votter" : null);
    }

    @GET
    @Path("notes/{groupId}/sensitive")
    @RequiresAction(TestCapabilityAccess.READ_SENSITIVE)
    @Operation(operationId = "getSensitiveTestNote", summary = "A group's sensitive note: idporten-loa-high (test capability)")
    public Note sensitive(@Context SecurityContext security, @PathParam("groupId") long groupId) {
        AuthenticatedPrincipal p = principal(security);
        access.require(p, TestCapabilityAccess.READ_SENSITIVE, Target.of(TestCapabilityAccess.KIND, groupId));
        return new Note(groupId, "Sensitiv", null);
    }

    @GET
    @Path("children/{childId}/sensitive")
    @RequiresAction(TestCapabilityAccess.CHILD_READ_SENSITIVE)
    @Operation(operationId = "getSensitiveTestChildNote", summary = "A sensitive note on a guardian's own child: idporten-loa-high (test capability)")
    public Note sensitiveChild(@Context SecurityContext security, @PathParam("childId") long childId) {
        AuthenticatedPrincipal p = principal(security);
        access.require(p, TestCapabilityAccess.CHILD_READ_SENSITIVE, Target.child(childId));
        return new Note(childId, "Sensitiv", null);
    }

    @GET
    @Path("ping")
    @Operation(operationId = "pingTestCapability", summary = "Answers without credentials while the test capability is installed")
    public String ping() {
        return "{\"testcap\": \"up\"}";
    }
}
