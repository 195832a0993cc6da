package no.ranselpost.access.api;

import java.util.Set;

/**
 * What a target belongs to, as its kind's resolver found it in the database: facts only, no
 * decision. The access bundle relates the principal's grants to them.
 *
 * @param units        the units the object belongs to (for a child: where it is enrolled today)
 * @param groups       the groups the object belongs to
 * @param children     the children the object is about
 * @param participants the accounts taking part (the parties of a message thread, say)
 * @param source       the registry source the object belongs to, or null
 */
public record Facts(Set<Long> units, Set<Long> groups, Set<Long> children, Set<Long> participants, String source) {

    /** An object that does not exist, or belongs to nothing. */
    public static final Facts NONE = new Facts(Set.of(), Set.of(), Set.of(), Set.of(), null);

    public Facts {
        units = Set.copyOf(units);
        groups = Set.copyOf(groups);
        children = Set.copyOf(children);
        participants = Set.copyOf(participants);
    }

    public static Facts of(Set<Long> units, Set<Long> groups, Set<Long> children) {
        return new Facts(units, groups, children, Set.of(), null);
    }

    public Facts withParticipants(Set<Long> accounts) {
        return new Facts(units, groups, children, accounts, source);
    }
}
