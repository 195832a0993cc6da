package no.ranselpost.rest.internal;

import java.util.function.Supplier;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.RequiresAction;

/**
 * Before a resource method runs: its declared action must be one some role of the principal
 * may ever take (the access bundle decides and records a denial). The service then checks the
 * object itself.
 */
@Priority(Priorities.AUTHORIZATION)
public class ActionFilter implements ContainerRequestFilter {

    private final Supplier<AccessPolicy> access;

    @Context
    private ResourceInfo resourceInfo;

    public ActionFilter(Supplier<AccessPolicy> access) {
        this.access = access;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        RequiresAction declared = resourceInfo == null || resourceInfo.getResourceMethod() == null ? null
                : resourceInfo.getResourceMethod().getAnnotation(RequiresAction.class);
        if (declared == null) {
            // only the anonymous endpoints have none; the server publishes no other method without one
            return;
        }
        AccessPolicy policy = access.get();
        if (policy == null) {
            request.abortWith(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "Access policy not available", null).toResponse());
            return;
        }
        try {
            policy.requireAnyRole(RequestPrincipal.of(request.getSecurityContext()).principal(), declared.value());
        } catch (AccessDeniedException e) {
            request.abortWith(Problem.of(Response.Status.FORBIDDEN, ProblemExceptionMapper.forbidden(e),
                    RestPaths.absolute(request.getUriInfo().getPath())).toResponse());
        }
    }
}
