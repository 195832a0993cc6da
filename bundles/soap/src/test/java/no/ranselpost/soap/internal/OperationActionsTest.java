package no.ranselpost.soap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.jws.WebService;

import org.junit.jupiter.api.Test;

import no.ranselpost.access.api.RequiresAction;

/** The publisher refuses a service one of whose operations declares no action, or one nobody declared. */
class OperationActionsTest {

    @WebService
    interface Port {
        String first(String a);

        String second(int b);
    }

    static class Declared implements Port {
        @Override
        @RequiresAction("test.thing.first")
        public String first(String a) {
            return a;
        }

        @Override
        @RequiresAction("test.thing.second")
        public String second(int b) {
            return "" + b;
        }
    }

    static class OneUndeclared extends Declared {
        @Override
        public String second(int b) {
            return "undeclared";
        }
    }

    static class NoPort {
        @RequiresAction("test.thing.first")
        public String first(String a) {
            return a;
        }
    }

    private static final Set<String> KNOWN = Set.of("test.thing.first", "test.thing.second");

    @Test
    void everyOperationWithAKnownActionIsPublishedWithIt() {
        OperationActions.Check check = OperationActions.check(Declared.class, KNOWN::contains);
        assertEquals(List.of(), check.problems());
        assertEquals(Port.class, check.endpointInterface());
        assertEquals(Map.of("first", "test.thing.first", "second", "test.thing.second"), check.actions());
    }

    @Test
    void anOperationWithoutAnActionRefusesTheService() {
        OperationActions.Check check = OperationActions.check(OneUndeclared.class, KNOWN::contains);
        assertEquals(List.of("second: declares no action (@RequiresAction)"), check.problems());
    }

    @Test
    void anActionNoCapabilityDeclaredRefusesTheService() {
        OperationActions.Check check = OperationActions.check(Declared.class, "test.thing.first"::equals);
        assertEquals(List.of("second: action 'test.thing.second' is declared by no started capability"), check.problems());
    }

    @Test
    void aClassWithoutAGeneratedEndpointInterfaceIsRefused() {
        assertTrue(OperationActions.check(NoPort.class, KNOWN::contains).problems().get(0).contains("no interface annotated @WebService"));
    }
}
