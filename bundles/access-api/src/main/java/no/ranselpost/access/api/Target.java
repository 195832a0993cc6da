package no.ranselpost.access.api;

import java.util.regex.Pattern;

/**
 * What an action is about: an object of a kind some capability declared ({@link TargetKind}),
 * by internal id, or by code (a registry source). The kind's resolver tells the access bundle
 * what the object belongs to.
 */
public record Target(String kind, long id, String code) {

    public static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");

    /** The platform's kinds; their resolvers come with the bundles that own them. */
    public static final String NONE_KIND = "none";
    public static final String UNIT = "unit";
    public static final String GROUP = "group";
    public static final String CHILD = "child";
    public static final String GUARDIAN = "guardian";
    public static final String ACCOUNT = "account";
    public static final String SOURCE = "source";

    public Target {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("A target kind is a dotted code in a-z, 0-9 and '-': " + kind);
        }
    }

    public Target(String kind, long id) {
        this(kind, id, null);
    }

    /** No object: the action is about the principal itself or the kommune as a whole. */
    public static final Target NONE = new Target(NONE_KIND, 0);

    public static Target of(String kind, long id) {
        return new Target(kind, id);
    }

    /** A registry source, by its source id (freg, hr, enrolment, ...). */
    public static Target source(String sourceId) {
        return new Target(SOURCE, 0, sourceId);
    }

    public static Target unit(long id) {
        return new Target(UNIT, id);
    }

    public static Target group(long id) {
        return new Target(GROUP, id);
    }

    public static Target child(long personId) {
        return new Target(CHILD, personId);
    }

    public static Target guardian(long personId) {
        return new Target(GUARDIAN, personId);
    }

    public static Target account(long accountId) {
        return new Target(ACCOUNT, accountId);
    }

    public boolean isNone() {
        return NONE_KIND.equals(kind);
    }
}
