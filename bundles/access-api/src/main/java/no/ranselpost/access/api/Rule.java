package no.ranselpost.access.api;

import java.util.List;

import no.ranselpost.core.api.Role;

/**
 * A role with a scope relation and optional conditions: "LEADER of a group the child is
 * enrolled in" is {@code Rule.of(LEADER, GROUP)}; "LEADER of the child's unit, where the
 * kommune lets leaders read their whole unit" is {@code Rule.of(LEADER, UNIT, settingOn("unitWideRead"))}.
 */
public record Rule(Role role, Scope scope, List<Condition> conditions) {

    public Rule {
        if (role == null || scope == null) {
            throw new IllegalArgumentException("A rule names a role and a scope");
        }
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    public static Rule of(Role role, Scope scope, Condition... conditions) {
        return new Rule(role, scope, List.of(conditions));
    }
}
