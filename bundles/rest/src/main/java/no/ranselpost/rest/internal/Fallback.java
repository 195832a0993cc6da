package no.ranselpost.rest.internal;

import javax.annotation.Priority;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.Response;

/**
 * What answers under /api where no endpoint is: without it CXF's servlet answers "No service was
 * found." in HTML (an encoded {@code ..%2F} that leaves /api/v1 ends up here). A second, tiny
 * JAX-RS server at the servlet's root whose only filter answers every request with a 404 problem,
 * never echoing the path.
 */
@Path("/")
public class Fallback {

    /** Never reached: the filter answers first. */
    @GET
    public Response none() {
        return notFound();
    }

    static Response notFound() {
        return Problem.of(Response.Status.NOT_FOUND, "No such resource in the API: see /api/v1/openapi.json", null).toResponse();
    }

    /** Answers everything before matching. */
    @PreMatching
    @Priority(1)
    public static final class Everything implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            request.abortWith(notFound());
        }
    }
}
