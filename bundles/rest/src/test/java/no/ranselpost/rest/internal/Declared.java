package no.ranselpost.rest.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

import no.ranselpost.access.api.AnonymousEndpoint;
import no.ranselpost.access.api.AccessActions;
import no.ranselpost.audit.api.AuditActions;
import no.ranselpost.core.api.CoreActions;
import no.ranselpost.core.api.identity.IdentityActions;
import no.ranselpost.registry.api.ImportActions;

/** What the platform's bundles declare, as the REST server's tests need it (outside OSGi, without the access bundle). */
final class Declared {

    private Declared() {
    }

    /** The REST bundle's own anonymous endpoints and the sign-in the identity bundle declares. */
    static List<AnonymousEndpoint> anonymous() {
        List<AnonymousEndpoint> all = new ArrayList<>(new RestAccessDeclaration().anonymousEndpoints());
        all.add(AnonymousEndpoint.of("POST", "/api/v1/auth/login", "sign-in"));
        all.add(AnonymousEndpoint.of("POST", "/api/v1/auth/activation", "activation"));
        all.add(AnonymousEndpoint.of("POST", "/api/v1/auth/activation/totp", "TOTP enrolment"));
        return all;
    }

    static BiPredicate<String, String> anonymousPredicate() {
        List<AnonymousEndpoint> all = anonymous();
        return (method, path) -> all.stream().anyMatch(e -> e.matches(method, path, null));
    }

    /** Every action id the platform's api bundles name. */
    static Set<String> actions() {
        Set<String> ids = new HashSet<>();
        for (Class<?> c : List.of(CoreActions.class, IdentityActions.class, AuditActions.class, ImportActions.class, AccessActions.class,
                no.ranselpost.core.api.identity.StaffActions.class, no.ranselpost.core.api.AccessRequestActions.class,
                no.ranselpost.core.api.GroupActions.class, no.ranselpost.core.api.OverrideActions.class)) {
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().endsWith("_VIEW")) {
                    try {
                        ids.add((String) f.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return ids;
    }
}
