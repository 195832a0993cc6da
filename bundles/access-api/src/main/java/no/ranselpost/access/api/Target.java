package no.ranselpost.access.api;

/** What an action is about. */
public record Target(Kind kind, long id) {

    public enum Kind { NONE, UNIT, GROUP, CHILD, GUARDIAN, ACCOUNT }

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
