package no.ranselpost.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;

import org.junit.jupiter.api.Test;

import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.core.api.CoreActions;

class ResourceValidationTest {

    @Path("/canary")
    public static class Canary {
        @GET
        @RequiresAction(CoreActions.UNIT_LIST)
        public String declared() {
            return "ok";
        }

        @POST
        @Path("sing")
        public String undeclared() {
            return "tweet";
        }

        @POST
        @Path("fly")
        @RequiresAction("canary.wing.flap")
        public String unknownAction() {
            return "flap";
        }
    }

    @Path("/health")
    public static class LooksAnonymous {
        @GET
        public String health() {
            return "UP";
        }
    }

    @Test
    void anOperationWithoutADeclaredActionOrNamingAnUnknownOneIsReported() {
        assertEquals(List.of("POST /canary/fly (Canary.unknownAction): names the unknown action canary.wing.flap",
                        "POST /canary/sing (Canary.undeclared): declares no action"),
                ResourceValidation.problems(Canary.class, Declared.anonymousPredicate(), Declared.actions()::contains)
                        .stream().sorted().toList());
        assertTrue(ResourceValidation.problems(LooksAnonymous.class, Declared.anonymousPredicate(), id -> false).isEmpty(),
                "an anonymous endpoint needs no action");
        assertFalse(ResourceValidation.problems(LooksAnonymous.class, (m, p) -> false, id -> true).isEmpty(),
                "once its bundle's declaration is gone, it is refused");
    }

    @Test
    void everyResourceWeShipDeclaresKnownActions() {
        for (Class<?> c : OpenApiDocumentTest.ALL) {
            List<String> problems = ResourceValidation.problems(c, Declared.anonymousPredicate(), Declared.actions()::contains);
            assertTrue(problems.isEmpty(), c + ": " + problems);
        }
    }

    @Test
    void pathsAreMadeAbsoluteWithoutTheirQuery() {
        assertEquals("/api/v1/health", RestPaths.absolute("health"));
        assertEquals("/api/v1/health", RestPaths.absolute("/health?x=1"));
        assertEquals("/api/v1", RestPaths.absolute(""));
        assertFalse(Declared.anonymousPredicate().test("GET", RestPaths.absolute("/health/../units")));
        assertFalse(Declared.anonymousPredicate().test("GET", RestPaths.absolute("/health;x=1")));
        assertFalse(Declared.anonymousPredicate().test("GET", RestPaths.absolute("/auth/login")));
        assertTrue(Declared.anonymousPredicate().test("POST", RestPaths.absolute("auth/login")));
    }
}
