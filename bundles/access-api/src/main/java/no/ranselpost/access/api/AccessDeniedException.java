package no.ranselpost.access.api;

/** The principal may not take this action on this target. The denial is already recorded. */
public class AccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Action action;
    private final String reason;

    public AccessDeniedException(Action action, String reason) {
        super("Not allowed: " + action.name() + " (" + reason + ")");
        this.action = action;
        this.reason = reason;
    }

    public Action action() {
        return action;
    }

    public String reason() {
        return reason;
    }
}
