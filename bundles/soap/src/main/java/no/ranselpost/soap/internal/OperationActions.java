package no.ranselpost.soap.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import javax.jws.WebService;

import no.ranselpost.access.api.RequiresAction;

/**
 * Every operation of a SOAP service declares the action it takes: the implementation's method of
 * each operation of its endpoint interface carries {@link RequiresAction} with an id a started
 * capability declared. A service with one operation that does not is refused whole.
 */
final class OperationActions {

    /** The operations' actions by operation (method) name, and what is wrong. */
    record Check(Class<?> endpointInterface, Map<String, String> actions, List<String> problems) {
    }

    private OperationActions() {
    }

    static Check check(Class<?> implementation, Predicate<String> known) {
        List<String> problems = new ArrayList<>();
        Map<String, String> actions = new LinkedHashMap<>();
        Class<?> sei = endpointInterface(implementation);
        if (sei == null) {
            problems.add(implementation.getName() + " implements no interface annotated @WebService (generated from its WSDL)");
            return new Check(null, actions, problems);
        }
        for (Method operation : sei.getMethods()) {
            if (Modifier.isStatic(operation.getModifiers()) || operation.getDeclaringClass() == Object.class) {
                continue;
            }
            Method impl;
            try {
                impl = implementation.getMethod(operation.getName(), operation.getParameterTypes());
            } catch (NoSuchMethodException e) {
                problems.add(operation.getName() + ": not implemented");
                continue;
            }
            RequiresAction declared = impl.getAnnotation(RequiresAction.class);
            if (declared == null || declared.value().isBlank()) {
                problems.add(operation.getName() + ": declares no action (@RequiresAction)");
            } else if (!known.test(declared.value())) {
                problems.add(operation.getName() + ": action '" + declared.value() + "' is declared by no started capability");
            } else if (actions.put(operation.getName(), declared.value()) != null) {
                problems.add(operation.getName() + ": overloaded (an operation name is one method)");
            }
        }
        if (actions.isEmpty() && problems.isEmpty()) {
            problems.add(sei.getName() + " has no operations");
        }
        return new Check(sei, actions, problems);
    }

    static Class<?> endpointInterface(Class<?> implementation) {
        for (Class<?> c = implementation; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.isAnnotationPresent(WebService.class)) {
                    return i;
                }
            }
        }
        return null;
    }
}
