package no.ranselpost.apidocs.internal;

import org.osgi.service.component.annotations.Component;

/**
 * The Swagger UI webjar's files, inlined into this bundle, served by the HTTP whiteboard at
 * /api-docs/*. The prefix carries the webjar's version, which the build filters into
 * swagger-ui.properties; the component property below must match it (the build fails the
 * ApiDocsTest otherwise).
 */
@Component(service = ApiDocsResources.class, property = {
    "osgi.http.whiteboard.resource.pattern=/api-docs/*",
    "osgi.http.whiteboard.resource.prefix=" + ApiDocsResources.PREFIX})
public class ApiDocsResources {

    static final String VERSION = "5.32.8";
    static final String PREFIX = "/META-INF/resources/webjars/swagger-ui/" + VERSION;
}
