package no.ranselpost.apidocs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class ApiDocsTest {

    @Test
    void theResourcePrefixIsTheWebjarOfTheBuild() throws Exception {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("swagger-ui.properties")) {
            p.load(in);
        }
        assertEquals(p.getProperty("swagger.ui.version"), ApiDocsResources.VERSION, "set ApiDocsResources.VERSION to the webjar's version");
        assertNotNull(getClass().getResource(ApiDocsResources.PREFIX + "/index.html"), "the webjar's page is where the prefix says");
    }

    @Test
    void theInitializerPointsAtTheLiveDocumentAndIsDeclaredAnonymous() {
        assertTrue(ApiDocsServlet.INITIALIZER.contains("url: \"/api/v1/openapi.json\""));
        assertTrue(new ApiDocsAccess().anonymousEndpoints().get(0).matches("GET", "/api-docs/index.html", null));
    }
}
