package no.ranselpost.apidocs.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;

/**
 * What the webjar cannot do itself: its initializer points at the petstore, so ours (the exact
 * pattern wins over the resources' prefix) points at the live document; and a whiteboard
 * resource has no welcome file, so /api-docs and /api-docs/ redirect to the page.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/api-docs/swagger-initializer.js",
    "osgi.http.whiteboard.servlet.pattern=/api-docs/",
    "osgi.http.whiteboard.servlet.pattern=/api-docs"})
public class ApiDocsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String INITIALIZER = """
            window.onload = function() {
              window.ui = SwaggerUIBundle({
                url: "/api/v1/openapi.json",
                dom_id: "#swagger-ui",
                deepLinking: true,
                presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                plugins: [SwaggerUIBundle.plugins.DownloadUrl],
                layout: "StandaloneLayout"
              });
            };
            """;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI();
        if (path.endsWith("/swagger-initializer.js")) {
            resp.setContentType("application/javascript");
            resp.setCharacterEncoding("UTF-8");
            resp.setHeader("Cache-Control", "no-cache");
            resp.getOutputStream().write(INITIALIZER.getBytes(StandardCharsets.UTF_8));
            return;
        }
        resp.sendRedirect("/api-docs/index.html");
    }
}
