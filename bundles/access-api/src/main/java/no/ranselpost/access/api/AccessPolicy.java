package no.ranselpost.access.api;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** The one entry point for access decisions (rules: ACCESS.md, declared in {@link Action}). */
public interface AccessPolicy {

    /** Decides without side effects. Deny by default. */
    Decision decide(AuthenticatedPrincipal principal, Action action, Target target);

    /**
     * Decides, and on denial records the denial in the audit trail (a transaction of its own)
     * and throws.
     */
    void require(AuthenticatedPrincipal principal, Action action, Target target) throws AccessDeniedException;

    /** Whether the principal holds any role some rule of the action names (the coarse check before an operation runs). */
    boolean mayEver(AuthenticatedPrincipal principal, Action action);

    /** As {@link #mayEver}, but records the denial and throws. */
    void requireAnyRole(AuthenticatedPrincipal principal, Action action) throws AccessDeniedException;

    /** Which of the candidate actions the principal may take on the target. */
    List<Action> allowedActions(AuthenticatedPrincipal principal, Target target, Collection<Action> candidates);

    /** The principal's scope for an action over children, for the database query. */
    ChildScope childScope(AuthenticatedPrincipal principal, Action action);

    /**
     * The fields of one child the principal may see (empty when none).
     *
     * @param reason the reader's reason code, or null; a SYSTEM_ADMIN sees confidential addresses only with one
     */
    Set<ChildField> childFields(AuthenticatedPrincipal principal, long childId, String reason);

    /**
     * The units whose audit records the principal may query: null for all (SYSTEM_ADMIN), else
     * the units of its UNIT_ADMIN grants (possibly none).
     */
    Set<Long> auditUnits(AuthenticatedPrincipal principal);
}
