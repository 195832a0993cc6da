package no.ranselpost.rest.internal;

import javax.ws.rs.container.ContainerRequestContext;

import org.apache.cxf.Bus;
import org.apache.cxf.jaxrs.model.wadl.WadlGenerator;
import org.apache.cxf.message.Message;

/**
 * CXF always runs its WADL generator first, before any other filter, so {@code ?_wadl} would
 * answer without a token. This one takes its place and does nothing: the request goes on to
 * the authentication filter like any other. The API is described by its OpenAPI document.
 */
public class NoWadl extends WadlGenerator {

    public NoWadl(Bus bus) {
        super(bus);
    }

    @Override
    protected void doFilter(ContainerRequestContext context, Message message) {
        // no WADL
    }
}
