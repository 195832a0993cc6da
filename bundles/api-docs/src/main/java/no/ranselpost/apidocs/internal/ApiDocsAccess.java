package no.ranselpost.apidocs.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.AnonymousEndpoint;

/** The API documentation page answers without credentials (ACCESS.md); declared here, by the bundle that serves it. */
@Component(service = AccessDeclaration.class)
public class ApiDocsAccess implements AccessDeclaration {

    @Override
    public String capability() {
        return "api-docs";
    }

    @Override
    public List<AnonymousEndpoint> anonymousEndpoints() {
        return List.of(AnonymousEndpoint.of("GET", "/api-docs/**", "The API documentation page (Swagger UI) over the live OpenAPI document"));
    }
}
