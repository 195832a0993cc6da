package no.ranselpost.rest.internal;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import no.ranselpost.access.api.RequiresAction;

/**
 * Builds the OpenAPI 3 document from the resource classes the server publishes (swagger-core's
 * JAX-RS reader). Operations that answer without credentials say so with an empty security list.
 */
public final class OpenApiDocument {

    private OpenApiDocument() {
    }

    /**
     * @param anonymous whether (HTTP method, absolute path) answers without credentials (the
     *                  access bundle's registry); a path template's parameters are matched as one segment each
     */
    public static OpenAPI build(Set<Class<?>> resourceClasses, String version, java.util.function.BiPredicate<String, String> anonymous) {
        OpenAPI base = new OpenAPI()
                .info(new Info().title("Ranselpost API").version(version)
                        .description("Communication between a kommune's kindergartens, schools and SFO and the children's guardians. "
                                + "Errors are application/problem+json (RFC 9457)."))
                .servers(List.of(new Server().url("/api/v1")))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("Opaque token from POST /api/v1/auth/login"))
                        .addSchemas("Problem", problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
        SwaggerConfiguration config = new SwaggerConfiguration().openAPI(base).prettyPrint(true).readAllResources(true);
        Reader reader = new Reader(config);
        OpenAPI api = reader.read(new LinkedHashSet<>(resourceClasses));
        Map<String, String> actions = new HashMap<>();
        for (Class<?> c : resourceClasses) {
            for (Method m : c.getMethods()) {
                io.swagger.v3.oas.annotations.Operation op = m.getAnnotation(io.swagger.v3.oas.annotations.Operation.class);
                RequiresAction ra = m.getAnnotation(RequiresAction.class);
                if (op != null && ra != null) {
                    actions.put(op.operationId(), ra.value());
                }
            }
        }
        if (api.getPaths() != null) {
            for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
                for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().readOperationsMap().entrySet()) {
                    if (anonymous.test(op.getKey().name(), RestPaths.absolute(path.getKey()))) {
                        op.getValue().setSecurity(List.of());
                    }
                    String action = actions.get(op.getValue().getOperationId());
                    if (action != null) {
                        // the action the operation takes; its rules are in ACCESS.md and the access bundle
                        op.getValue().addExtension("x-ranselpost-action", action);
                    }
                    if (op.getValue().getResponses() != null && op.getValue().getResponses().getDefault() == null) {
                        op.getValue().getResponses().setDefault(new ApiResponse()
                                .description("An error (4xx, 5xx) as an RFC 9457 problem")
                                .content(new Content().addMediaType(Problem.MEDIA_TYPE,
                                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
                    }
                }
            }
        }
        return api;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> problemSchema() {
        Schema problem = new ObjectSchema().description("RFC 9457 problem details");
        problem.addProperty("type", new StringSchema());
        problem.addProperty("title", new StringSchema());
        problem.addProperty("status", new IntegerSchema());
        problem.addProperty("detail", new StringSchema());
        problem.addProperty("instance", new StringSchema());
        return problem;
    }

    public static String toJson(OpenAPI api) {
        return Json.pretty(api);
    }
}
