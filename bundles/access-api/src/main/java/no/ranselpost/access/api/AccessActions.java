package no.ranselpost.access.api;

/** The access bundle's own action: the rules in force, as kommune IT and the owner review them. */
public final class AccessActions {

    /** The declared actions with their rules, and the anonymous endpoints (no personal data). */
    public static final String POLICY_READ = "access.policy.read";

    private AccessActions() {
    }
}
