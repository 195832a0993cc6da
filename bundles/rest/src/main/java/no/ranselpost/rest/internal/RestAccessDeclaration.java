package no.ranselpost.rest.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.AnonymousEndpoint;

/** What the REST server itself serves without credentials: its API description and health. */
@Component(service = AccessDeclaration.class)
public class RestAccessDeclaration implements AccessDeclaration {

    @Override
    public String capability() {
        return "rest";
    }

    @Override
    public List<AnonymousEndpoint> anonymousEndpoints() {
        return List.of(
                AnonymousEndpoint.of("GET", RestPaths.BASE + "/openapi.json", "The OpenAPI 3 document of the live API"),
                AnonymousEndpoint.of("GET", RestPaths.BASE + "/health", "UP or DOWN, no details"));
    }
}
