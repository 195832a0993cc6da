package no.ranselpost.access.api;

/** An access decision and, when denied, a reason code (never personal data). */
public record Decision(boolean allowed, Rule grantedBy, String reason) {

    public static Decision allow(Rule rule) {
        return new Decision(true, rule, null);
    }

    public static Decision deny(String reason) {
        return new Decision(false, null, reason);
    }
}
