package no.ranselpost.rest.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The OpenAPI 3 document of what the server publishes now. */
@Path("/openapi.json")
@Tag(name = "api")
public class OpenApiResource {

    private final String document;

    public OpenApiResource(String document) {
        this.document = document;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getOpenApiDocument", summary = "This API's OpenAPI 3 document (no sign-in needed)")
    public String get() {
        return document;
    }
}
