package no.ranselpost.rest.internal.resources;

import java.util.List;
import java.util.Map;
import java.util.Set;

import java.io.InputStream;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.PUT;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.registry.api.ImportActions;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.api.ImportService;
import no.ranselpost.rest.internal.RequestPrincipal;

/** Registry imports for SYSTEM_ADMIN: start a run, see status and history with rejections, confirm a held run. */
@Component(service = ImportResource.class, property = "osgi.jaxrs.resource=true")
@Path("/imports")
@Tag(name = "imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    @Reference
    private ImportService imports;

    @GET
    @RequiresAction(ImportActions.READ)
    @Operation(operationId = "listImportSources",
            summary = "The registry sources installed now, and those configured that failed to start, with the reason")
    public java.util.List<no.ranselpost.registry.api.SourceInfo> sources(@Context SecurityContext security) {
        return imports.sources(RequestPrincipal.of(security).principal());
    }

    @POST
    @Path("{sourceId}/runs")
    @RequiresAction(ImportActions.RUN)
    @Operation(operationId = "runImport", summary = "Run a registry source now; answers with the finished run")
    public ImportRun run(@Context SecurityContext security, @PathParam("sourceId") String sourceId) {
        return imports.run(RequestPrincipal.of(security).principal(), sourceId);
    }

    @GET
    @Path("{sourceId}/runs")
    @RequiresAction(ImportActions.READ)
    @Operation(operationId = "listImportRuns", summary = "The last runs of a source, newest first, with counts and rejected records")
    public List<ImportRun> runs(@Context SecurityContext security, @PathParam("sourceId") String sourceId,
                                @QueryParam("max") @DefaultValue("10") int max) {
        return imports.history(RequestPrincipal.of(security).principal(), sourceId, max);
    }

    @GET
    @Path("{sourceId}/state")
    @RequiresAction(ImportActions.READ)
    @Operation(operationId = "getImportState", summary = "The source's own state, e.g. its feed position")
    public Map<String, String> state(@Context SecurityContext security, @PathParam("sourceId") String sourceId) {
        return imports.state(RequestPrincipal.of(security).principal(), sourceId);
    }

    @PUT
    @Path("{sourceId}/file")
    @Consumes(MediaType.WILDCARD)
    @RequiresAction(ImportActions.UPLOAD)
    @Operation(operationId = "uploadImportFile",
            summary = "Upload a file (a full snapshot: the HR or enrolment export) to a file source and run it; SYSTEM_ADMIN or the "
                    + "source's own integration account")
    public ImportRun upload(@Context SecurityContext security, @PathParam("sourceId") String sourceId, InputStream file) {
        return imports.upload(RequestPrincipal.of(security).principal(), sourceId, file);
    }

    @DELETE
    @Path("{sourceId}/state")
    @RequiresAction(ImportActions.RUN)
    @Operation(operationId = "resetImportState",
            summary = "Forget the source's state (its feed position): its next run starts afresh, for FREG with a new snapshot")
    public Response reset(@Context SecurityContext security, @PathParam("sourceId") String sourceId) {
        imports.resetState(RequestPrincipal.of(security).principal(), sourceId);
        return Response.noContent().build();
    }

    @POST
    @Path("{sourceId}/runs/{runId}/confirm")
    @RequiresAction(ImportActions.CONFIRM)
    @Operation(operationId = "confirmImportRun",
            summary = "A run held by the mass-deletion hold: run the source again, ending what disappeared from it")
    public ImportRun confirm(@Context SecurityContext security, @PathParam("sourceId") String sourceId, @PathParam("runId") long runId) {
        return imports.confirm(RequestPrincipal.of(security).principal(), sourceId, runId);
    }
}
