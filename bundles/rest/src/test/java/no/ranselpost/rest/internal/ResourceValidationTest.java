package no.ranselpost.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;

import org.junit.jupiter.api.Test;

import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.RequiresAction;

class ResourceValidationTest {

    @Path("/canary")
    public static class Canary {
        @GET
        @RequiresAction(Action.UNIT_LIST)
        public String declared() {
            return "ok";
        }

        @POST
        @Path("sing")
        public String undeclared() {
            return "tweet";
        }
    }

    @Test
    void anOperationWithoutADeclaredActionIsReported() {
        assertEquals(List.of("POST /canary/sing (Canary.undeclared)"), ResourceValidation.undeclared(Canary.class));
    }

    @Test
    void everyResourceWeShipDeclaresItsActions() {
        for (Class<?> c : OpenApiDocumentTest.ALL) {
            assertTrue(ResourceValidation.undeclared(c).isEmpty(), c + ": " + ResourceValidation.undeclared(c));
        }
    }
}
