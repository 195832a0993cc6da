package no.ranselpost.access.api;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/**
 * The one entry point for access decisions. The rules are the ones the capabilities declared
 * ({@link AccessDeclaration}); this service alone evaluates them, for the acting principal, on
 * every call. Deny by default: an unknown action, an action without rules, a target kind
 * nobody declared, all deny.
 */
@org.osgi.annotation.versioning.ProviderType
public interface AccessPolicy {

    /** Decides without side effects. */
    Decision decide(AuthenticatedPrincipal principal, String action, Target target);

    /**
     * Decides, and on denial records the denial in the audit trail (a transaction of its own)
     * and throws.
     */
    void require(AuthenticatedPrincipal principal, String action, Target target) throws AccessDeniedException;

    /** Whether the principal holds any role some rule of the action names (the coarse check before an operation runs). */
    boolean mayEver(AuthenticatedPrincipal principal, String action);

    /** As {@link #mayEver}, but records the denial and throws. */
    void requireAnyRole(AuthenticatedPrincipal principal, String action) throws AccessDeniedException;

    /** Which of the candidate actions the principal may take on the target. */
    List<String> allowedActions(AuthenticatedPrincipal principal, Target target, Collection<String> candidates);

    /** How far the principal reaches with an action, for a list the database filters. */
    Reach reach(AuthenticatedPrincipal principal, String action);

    /** The principal's reach for an action over children, as a JPQL predicate for the database query. */
    ChildScope childScope(AuthenticatedPrincipal principal, String action);

    /**
     * The fields of a view the principal may see of one object (empty when none): the field
     * set a capability declared, evaluated here.
     *
     * @param reason the reader's reason code, or null (conditions {@link Condition.Type#REASON_GIVEN})
     */
    Set<String> fields(AuthenticatedPrincipal principal, String view, Target target, String reason);

    /**
     * {@link #fields} for many objects of one kind at once, decided exactly as one by one (a list
     * read resolves their facts in one step where the kind's resolver can). Every id asked for is a
     * key of the answer; an object that does not exist has no fields.
     */
    default Map<Long, Set<String>> fields(AuthenticatedPrincipal principal, String view, String kind, Collection<Long> ids, String reason) {
        Map<Long, Set<String>> out = new LinkedHashMap<>();
        for (Long id : ids) {
            out.put(id, fields(principal, view, new Target(kind, id), reason));
        }
        return out;
    }

    /**
     * The units whose audit records the principal may query with an action: null for all
     * (a KOMMUNE rule applies), else the units its UNIT-scoped grants name (possibly none).
     */
    Set<Long> units(AuthenticatedPrincipal principal, String action);

    /** The action of that id, if a started capability declared it. */
    Optional<Action> action(String id);

    /** Every declared action, ordered by id. */
    List<Action> actions();

    /** Whether a request answers without credentials: one of the declared anonymous endpoints. */
    boolean isAnonymous(String method, String path, String query);

    /** Every declared anonymous endpoint. */
    List<AnonymousEndpoint> anonymousEndpoints();
}
