package no.ranselpost.itests.testcapability;

import java.io.InputStream;
import java.security.Principal;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.StreamingOutput;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.persistence.api.SourceStateStore;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.storage.api.ContentStore;
import no.ranselpost.storage.api.ContentStream;
import no.ranselpost.storage.api.ServingHeaders;
import no.ranselpost.storage.api.StoredContent;

/**
 * A file attached to a group's note, kept in the binary store: access is decided by this
 * capability's own declaration (attach: the group's staff; download: whoever reads the note),
 * the store decides the type from the content, and the download goes out with the store's
 * serving headers. The note keeps the content id in the per-source key/value store.
 */
@Component(service = TestAttachmentResource.class, property = "osgi.jaxrs.resource=true")
@Path("/testcap/notes/{groupId}/attachment")
@Tag(name = "testcap")
@Produces(MediaType.APPLICATION_JSON)
public class TestAttachmentResource {

    /** What owns the content in the store. */
    static final String OWNER_KIND = "testcap.note-attachment";
    private static final String STATE = "testcap";

    /** What the store kept: the type it detected, not the one the upload declared. */
    public record Attachment(long id, String contentType, long size, String sha256, Integer width, Integer height, boolean thumbnail) {
        static Attachment of(StoredContent c) {
            return new Attachment(c.id(), c.type().mediaType(), c.size(), c.sha256(), c.width(), c.height(), c.thumbnail().isPresent());
        }
    }

    @Reference
    private AccessPolicy access;
    @Reference
    private Transactions tx;
    @Reference
    private SourceStateStore state;
    @Reference
    private AuditTrail audit;
    /** The highest-ranked store; a replacement store takes over without a restart. */
    @Reference(policyOption = ReferencePolicyOption.GREEDY)
    private ContentStore store;

    private static AuthenticatedPrincipal principal(SecurityContext security) {
        Principal p = security == null ? null : security.getUserPrincipal();
        if (p instanceof AuthenticatedPrincipal ap) {
            return ap;
        }
        throw new NotAuthorizedException("Bearer");
    }

    private static String key(long groupId) {
        return "attachment." + groupId;
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @RequiresAction(TestCapabilityAccess.ATTACH)
    @Operation(operationId = "uploadTestNoteAttachment",
            summary = "Attach a file (PDF, DOCX, JPEG, PNG: decided from the content) to a group's note, replacing the one before (test capability)")
    public Attachment upload(@Context SecurityContext security, @PathParam("groupId") long groupId, InputStream body) {
        AuthenticatedPrincipal p = principal(security);
        access.require(p, TestCapabilityAccess.ATTACH, Target.of(TestCapabilityAccess.KIND, groupId));
        StoredContent stored = tx.inTransaction(em -> {
            StoredContent c = store.store(em, OWNER_KIND, body);
            state.get(em, STATE, key(groupId)).filter(s -> !s.isEmpty()).ifPresent(previous -> store.delete(em, OWNER_KIND, Long.parseLong(previous)));
            state.put(em, STATE, key(groupId), Long.toString(c.id()));
            audit.change(em, Actor.of(p), TestCapabilityAccess.ATTACH, TestCapabilityAccess.KIND, groupId, List.of(c.id()), null, null);
            return c;
        });
        return Attachment.of(stored);
    }

    @GET
    @Produces(MediaType.WILDCARD)
    @RequiresAction(TestCapabilityAccess.READ)
    @Operation(operationId = "getTestNoteAttachment", summary = "Download the file attached to a group's note (test capability)")
    public Response download(@Context SecurityContext security, @PathParam("groupId") long groupId) {
        AuthenticatedPrincipal p = principal(security);
        access.require(p, TestCapabilityAccess.READ, Target.of(TestCapabilityAccess.KIND, groupId));
        long id = state.get(STATE, key(groupId)).filter(s -> !s.isEmpty()).map(Long::parseLong)
                .orElseThrow(() -> new NoSuchObjectException("The note has no attachment"));
        ContentStream content = store.open(OWNER_KIND, id);
        StreamingOutput out = o -> {
            try (content) {
                content.stream().transferTo(o);
            }
        };
        Response.ResponseBuilder rb = Response.ok(out).type(content.content().type().mediaType());
        ServingHeaders.attachment(content.content(), "vedlegg-" + groupId).forEach(rb::header);
        return rb.build();
    }

    @DELETE
    @RequiresAction(TestCapabilityAccess.ATTACH)
    @Operation(operationId = "deleteTestNoteAttachment", summary = "Remove the file attached to a group's note; the store deletes it (test capability)")
    public Response delete(@Context SecurityContext security, @PathParam("groupId") long groupId) {
        AuthenticatedPrincipal p = principal(security);
        access.require(p, TestCapabilityAccess.ATTACH, Target.of(TestCapabilityAccess.KIND, groupId));
        tx.run(em -> {
            long id = state.get(em, STATE, key(groupId)).filter(s -> !s.isEmpty()).map(Long::parseLong)
                    .orElseThrow(() -> new NoSuchObjectException("The note has no attachment"));
            store.delete(em, OWNER_KIND, id);
            state.put(em, STATE, key(groupId), null);
            audit.change(em, Actor.of(p), TestCapabilityAccess.ATTACH, TestCapabilityAccess.KIND, groupId, List.of(id), null, "removed");
        });
        return Response.noContent().build();
    }
}
