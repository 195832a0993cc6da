package no.ranselpost.access.api;

/** The principal may not take this action on this target. The denial is already recorded. */
public class AccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String action;
    private final String reason;

    public AccessDeniedException(String action, String reason) {
        super("Not allowed: " + action + " (" + reason + ")");
        this.action = action;
        this.reason = reason;
    }

    public String action() {
        return action;
    }

    /** A reason code: role-not-allowed, not-in-scope, assurance-too-low, unknown-action, ... */
    public String reason() {
        return reason;
    }
}
