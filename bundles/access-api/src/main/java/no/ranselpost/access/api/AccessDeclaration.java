package no.ranselpost.access.api;

import java.util.List;

/**
 * What a capability brings to the access policy: its actions with their rules, the kinds of
 * object they are about (with resolvers), the fields of its views, and the requests it serves
 * without credentials. A capability registers one as an OSGi service; the access bundle picks
 * it up when the capability starts and forgets it when it stops. A declaration that repeats an
 * id another declaration holds is refused whole (logged), so none of its actions exist and the
 * REST server publishes none of its resources.
 */
public interface AccessDeclaration {

    /** The capability's name, e.g. {@code messaging}: the first segment of its action ids. */
    String capability();

    default List<Action> actions() {
        return List.of();
    }

    default List<TargetKind> targetKinds() {
        return List.of();
    }

    default List<FieldSet> fieldSets() {
        return List.of();
    }

    default List<AnonymousEndpoint> anonymousEndpoints() {
        return List.of();
    }
}
