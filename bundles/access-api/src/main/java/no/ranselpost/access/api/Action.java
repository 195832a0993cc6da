package no.ranselpost.access.api;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An action a capability owns, with the rules that grant it (ACCESS.md). Its id is a dotted
 * code, {@code <capability>.<object>.<verb>} (e.g. {@code messaging.message.send}); it names
 * the action in {@link RequiresAction}, in every decision and in the audit trail. An action
 * with no rules denies everyone. Declared by the capability in its {@link AccessDeclaration};
 * only the access bundle evaluates the rules.
 */
public record Action(String id, String description, List<Rule> rules) {

    /** Lower-case segments of a-z, 0-9 and '-', at least two, joined by dots. */
    public static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    public Action {
        // an action id is an audit code too: never five digits in a row (nothing shaped like a national id)
        if (id == null || id.length() > 100 || !ID.matcher(id).matches() || id.matches(".*\\d{5}.*")) {
            throw new IllegalArgumentException("An action id is <capability>.<object>.<verb> in a-z, 0-9 and '-': " + id);
        }
        rules = List.copyOf(rules);
    }

    public static Action of(String id, String description, Rule... rules) {
        return new Action(id, description, List.of(rules));
    }
}
