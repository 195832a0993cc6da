package no.ranselpost.access.api;

/** What an action is about. */
public record Target(Kind kind, long id, String code) {

    public enum Kind { NONE, UNIT, GROUP, CHILD, GUARDIAN, ACCOUNT, SOURCE }

    public Target(Kind kind, long id) {
        this(kind, id, null);
    }

    /** A registry source, by its source id (freg, hr, enrolment, ...). */
    public static Target source(String sourceId) {
        return new Target(Kind.SOURCE, 0, sourceId);
    }

    public static final Target NONE = new Target(Kind.NONE, 0);

    public static Target unit(long id) {
        return new Target(Kind.UNIT, id);
    }

    public static Target group(long id) {
        return new Target(Kind.GROUP, id);
    }

    public static Target child(long personId) {
        return new Target(Kind.CHILD, personId);
    }

    public static Target guardian(long personId) {
        return new Target(Kind.GUARDIAN, personId);
    }

    public static Target account(long accountId) {
        return new Target(Kind.ACCOUNT, accountId);
    }
}
