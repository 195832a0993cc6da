package no.ranselpost.access.api;

import no.ranselpost.core.api.Role;

/** A role with a scope relation: "LEADER of a group the child is enrolled in" is {@code Rule(LEADER, GROUP)}. */
public record Rule(Role role, Scope scope) {

    public static Rule of(Role role, Scope scope) {
        return new Rule(role, scope);
    }
}
