package no.ranselpost.access.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.AnonymousEndpoint;
import no.ranselpost.access.api.ChildScope;
import no.ranselpost.access.api.Condition;
import no.ranselpost.access.api.Decision;
import no.ranselpost.access.api.Facts;
import no.ranselpost.access.api.FieldSet;
import no.ranselpost.access.api.Reach;
import no.ranselpost.access.api.Rule;
import no.ranselpost.access.api.Scope;
import no.ranselpost.access.api.Target;
import no.ranselpost.access.api.TargetKind;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AssuranceLevel;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;

/**
 * Evaluates the rules the capabilities declared ({@link AccessDeclaration}) for the acting
 * principal. Deny by default: an unknown action, an action with no rules, a principal without
 * a matching grant, a target nobody can resolve, all deny. What a target belongs to is asked of
 * its kind's resolver on every decision, and the guardian relation (responsibility, block,
 * each unit's activation) is read from the database on every decision: no cache outlives a
 * change.
 */
@Component(service = AccessPolicy.class, configurationPid = "no.ranselpost.access")
@Designate(ocd = AccessSettings.class)
public class RuleBasedAccessPolicy implements AccessPolicy {

    /** Current enrolment e (JPQL, parameter scopeToday). */
    private static final String CURRENT = "e.startDate <= :scopeToday and (e.endDate is null or e.endDate >= :scopeToday)";

    private final Transactions tx;
    private final AuditTrail audit;
    private final OsloClock clock;
    private final Declarations declarations = new Declarations();
    private final Map<String, Boolean> settings = new ConcurrentHashMap<>();

    @Activate
    public RuleBasedAccessPolicy(@Reference Transactions tx, @Reference AuditTrail audit, @Reference OsloClock clock) {
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
        // the settings' defaults hold until (and unless) a configuration says otherwise
        configure(Map.of());
    }

    @Activate
    @Modified
    void configure(Map<String, Object> properties) {
        Map<String, Boolean> next = new LinkedHashMap<>();
        next.put("unitWideRead", false);
        next.put("consentFromAllCustodians", true);
        next.put("otherAdults", false);
        // the rights other adults get where the kommune has them (otherAdults): messages about the child by default
        next.put("otherAdultsMessages", true);
        next.put("otherAdultsAbsence", false);
        next.put("otherAdultsPickup", false);
        next.put("groupInboxReaders=GROUP_STAFF", true);
        properties.forEach((k, v) -> {
            String s = String.valueOf(v).strip();
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                next.put(k, Boolean.parseBoolean(s));
            } else if (!k.contains(".") && s.matches("[A-Z][A-Z0-9_]{0,49}")) {
                // a setting with a value (groupInboxReaders = UNIT_STAFF): a rule names it as settingOn("name=VALUE")
                next.keySet().removeIf(name -> name.startsWith(k + "="));
                next.put(k + "=" + s, true);
            }
        });
        settings.clear();
        settings.putAll(next);
    }

    /** For tests: a setting on or off. */
    public void setSetting(String name, boolean on) {
        int eq = name.indexOf('=');
        if (eq > 0 && on) {
            settings.keySet().removeIf(n -> n.startsWith(name.substring(0, eq + 1)));
        }
        settings.put(name, on);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addDeclaration(AccessDeclaration declaration) {
        declarations.add(declaration);
    }

    /** Outside OSGi (tests, tools): the declarations of the capabilities at hand. */
    public RuleBasedAccessPolicy declare(AccessDeclaration... declarationsToAdd) {
        for (AccessDeclaration d : declarationsToAdd) {
            addDeclaration(d);
        }
        return this;
    }

    public void removeDeclaration(AccessDeclaration declaration) {
        declarations.remove(declaration);
    }

    // ---- decisions

    @Override
    public Decision decide(AuthenticatedPrincipal principal, String actionId, Target target) {
        if (principal == null) {
            return Decision.deny("no-principal");
        }
        Optional<Action> action = declarations.action(actionId);
        if (action.isEmpty()) {
            return Decision.deny("unknown-action");
        }
        if (action.get().rules().isEmpty()) {
            return Decision.deny("no-rule");
        }
        Facts facts = null;
        boolean roleMatched = false;
        String conditionFailed = null;
        for (Rule rule : action.get().rules()) {
            for (RoleGrant grant : principal.grants()) {
                if (!holds(principal, grant, rule)) {
                    continue;
                }
                roleMatched = true;
                if (facts == null && needsFacts(rule.scope())) {
                    facts = resolve(target);
                    if (facts == null) {
                        return Decision.deny("unknown-target-kind");
                    }
                }
                if (applies(rule.scope(), grant, principal, target, facts)) {
                    String failed = failedCondition(rule, principal, null);
                    if (failed == null) {
                        return Decision.allow(rule);
                    }
                    if (conditionFailed == null) {
                        conditionFailed = failed;
                    }
                }
            }
        }
        return Decision.deny(conditionFailed != null ? conditionFailed : roleMatched ? "not-in-scope" : "role-not-allowed");
    }

    @Override
    public void require(AuthenticatedPrincipal principal, String actionId, Target target) {
        Decision d = decide(principal, actionId, target);
        if (!d.allowed()) {
            Actor actor = principal == null ? Actor.ANONYMOUS : Actor.of(principal);
            audit.denial(actor, auditCode(actionId), target.kind(),
                    target.isNone() || Target.SOURCE.equals(target.kind()) ? List.of() : List.of(target.id()), null, d.reason());
            throw new AccessDeniedException(actionId, d.reason());
        }
    }

    /** An unknown id that is not even a code is recorded as such, never as given. */
    private static String auditCode(String actionId) {
        return actionId != null && Action.ID.matcher(actionId).matches() && actionId.length() <= 100 ? actionId : "unknown";
    }

    @Override
    public boolean mayEver(AuthenticatedPrincipal principal, String actionId) {
        Optional<Action> action = declarations.action(actionId);
        return principal != null && action.isPresent() && action.get().rules().stream()
                .anyMatch(r -> principal.grants().stream().anyMatch(g -> holds(principal, g, r)));
    }

    @Override
    public void requireAnyRole(AuthenticatedPrincipal principal, String actionId) {
        if (!mayEver(principal, actionId)) {
            String reason = declarations.action(actionId).isEmpty() ? "unknown-action" : "role-not-allowed";
            audit.denial(principal == null ? Actor.ANONYMOUS : Actor.of(principal), auditCode(actionId), null, List.of(), null, reason);
            throw new AccessDeniedException(actionId, reason);
        }
    }

    @Override
    public List<String> allowedActions(AuthenticatedPrincipal principal, Target target, Collection<String> candidates) {
        List<String> out = new ArrayList<>();
        for (String a : candidates) {
            if (decide(principal, a, target).allowed()) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * The grant's role is the rule's, and the grant belongs to the principal's account kind (a
     * guardian session never acts in a staff role, a staff session never as a guardian).
     */
    private static boolean holds(AuthenticatedPrincipal principal, RoleGrant grant, Rule rule) {
        return grant.role() == rule.role() && kindAllows(principal.kind(), grant);
    }

    static boolean kindAllows(AccountKind kind, RoleGrant grant) {
        return switch (grant.role()) {
            case GUARDIAN -> kind == AccountKind.GUARDIAN;
            case INTEGRATION -> kind == AccountKind.INTEGRATION;
            case SYSTEM_JOB -> false;
            default -> kind == AccountKind.STAFF;
        };
    }

    private static boolean needsFacts(Scope scope) {
        return scope == Scope.UNIT || scope == Scope.GROUP || scope == Scope.OWN_CHILD || scope == Scope.PARTICIPANT
                || scope == Scope.OWN_SOURCE || scope == Scope.OTHER_ADULT;
    }

    /** The target's facts, or null when no started capability declared its kind. */
    private Facts resolve(Target target) {
        if (target.isNone()) {
            return Facts.NONE;
        }
        Optional<TargetKind> kind = declarations.kind(target.kind());
        if (kind.isEmpty()) {
            return null;
        }
        Facts facts = kind.get().resolver().resolve(target);
        return facts == null ? Facts.NONE : facts;
    }

    private boolean applies(Scope scope, RoleGrant grant, AuthenticatedPrincipal principal, Target target, Facts facts) {
        return switch (scope) {
            case KOMMUNE -> true;
            case SELF -> target.isNone() || (Target.ACCOUNT.equals(target.kind()) && target.id() == principal.accountId());
            case UNIT -> grant.unitId() != null && facts.units().contains(grant.unitId());
            case GROUP -> grant.groupId() != null && facts.groups().contains(grant.groupId());
            case OWN_CHILD -> principal.kind() == AccountKind.GUARDIAN && principal.personId() != null
                    && ownsChild(principal.personId(), facts);
            case OWN_SOURCE -> grant.sourceId() != null
                    && (grant.sourceId().equals(facts.source()) || (Target.SOURCE.equals(target.kind()) && grant.sourceId().equals(target.code())));
            case PARTICIPANT -> facts.participants().contains(principal.accountId());
            case OTHER_ADULT -> principal.kind() == AccountKind.GUARDIAN && principal.personId() != null
                    && otherAdultOf(principal.personId(), facts);
        };
    }

    /** The first condition of the rule that does not hold, as a reason code; null when all hold. */
    private String failedCondition(Rule rule, AuthenticatedPrincipal principal, String reason) {
        for (Condition c : rule.conditions()) {
            switch (c.type()) {
                case MIN_ASSURANCE -> {
                    AssuranceLevel needed = AssuranceLevel.valueOf(c.value());
                    if (principal.assurance() == null || !principal.assurance().level().atLeast(needed)) {
                        return "assurance-too-low";
                    }
                }
                case SETTING_ON -> {
                    if (!settings.getOrDefault(c.value(), false)) {
                        return "setting-off";
                    }
                }
                case REASON_GIVEN -> {
                    if (reason == null || reason.isBlank()) {
                        return "reason-missing";
                    }
                }
            }
        }
        return null;
    }

    // ---- the guardian relation

    /**
     * Whether the guardian may act for one of the children the target is about at one of its
     * units: current responsibility (not ukjent), no block, the child enrolled there today, and
     * the guardian's access activated by that unit.
     */
    private boolean ownsChild(long guardianPersonId, Facts facts) {
        if (facts.children().isEmpty() || facts.units().isEmpty()) {
            return false;
        }
        return tx.inTransaction(em -> !em.createQuery("select c.id from PersonEntity c where c.id in :children and "
                        + guardianPredicate(true), Long.class)
                .setParameter("children", new ArrayList<>(facts.children()))
                .setParameter("scopeUnits", new ArrayList<>(facts.units()))
                .setParameter("scopePerson", guardianPersonId)
                .setParameter("scopeToday", clock.today())
                .setParameter("scopeUnknown", ParentalResponsibility.UKJENT)
                .setParameter("scopeActive", AccountState.ACTIVE)
                .setMaxResults(1)
                .getResultList().isEmpty());
    }

    /** Whether the adult is registered, with every consent standing, for one of the target's children at one of its units. */
    private boolean otherAdultOf(long adultPersonId, Facts facts) {
        if (facts.children().isEmpty() || facts.units().isEmpty()) {
            return false;
        }
        return tx.inTransaction(em -> !em.createQuery("select c.id from PersonEntity c where c.id in :children and " + otherAdultPredicate(true),
                        Long.class)
                .setParameter("children", new ArrayList<>(facts.children()))
                .setParameter("scopeUnits", new ArrayList<>(facts.units()))
                .setParameter("scopePerson", adultPersonId)
                .setParameter("scopeToday", clock.today())
                .setParameter("scopeUnknown", ParentalResponsibility.UKJENT)
                .setMaxResults(1)
                .getResultList().isEmpty());
    }

    /**
     * Over child alias c (parameters scopePerson, scopeToday, scopeUnknown, and scopeUnits when
     * limited): the adult has an open registration for the child, in its period, at a unit the
     * child is enrolled at today, and every consent of the adult's open registrations for the child
     * is given by a custodian who still holds responsibility. (Correlated to c only: OpenJPA does not
     * correlate a nested subquery to an enclosing subquery's id.)
     */
    private static String otherAdultPredicate(boolean limitedToUnits) {
        return "exists (select r.id from OtherAdultEntity r where r.childId = c.id and r.adultId = :scopePerson"
                + " and r.validFrom <= :scopeToday and r.validTo >= :scopeToday and r.endedAt is null"
                + (limitedToUnits ? " and r.unitId in :scopeUnits" : "")
                + " and exists (select oe.id from EnrolmentEntity oe where oe.child = c and oe.unit.id = r.unitId"
                + " and oe.startDate <= :scopeToday and (oe.endDate is null or oe.endDate >= :scopeToday)))"
                + " and exists (select oc0.id from OtherAdultConsentEntity oc0, OtherAdultEntity r0 where r0.id = oc0.registrationId"
                + " and r0.childId = c.id and r0.adultId = :scopePerson and r0.endedAt is null)"
                + " and not exists (select oc.id from OtherAdultConsentEntity oc, OtherAdultEntity r3 where r3.id = oc.registrationId"
                + " and r3.childId = c.id and r3.adultId = :scopePerson and r3.endedAt is null and (oc.state <> 'GIVEN'"
                + " or not exists (select ogs.id from GuardianshipEntity ogs where ogs.child = c and ogs.guardian.id = oc.custodianId"
                + " and ogs.current = true and ogs.responsibility <> :scopeUnknown)))";
    }

    /** Whether a rule of the action names OTHER_ADULT for a guardian and its conditions hold. */
    private boolean otherAdultReach(AuthenticatedPrincipal principal, Action action) {
        if (principal.kind() != AccountKind.GUARDIAN || principal.personId() == null) {
            return false;
        }
        for (Rule rule : action.rules()) {
            if (rule.scope() == Scope.OTHER_ADULT && failedCondition(rule, principal, null) == null
                    && principal.grants().stream().anyMatch(g -> holds(principal, g, rule))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Over child alias c; parameters scopePerson, scopeToday, scopeUnknown, scopeActive (and
     * scopeUnits when limited to some units).
     */
    private static String guardianPredicate(boolean limitedToUnits) {
        return "exists (select gs.id from GuardianshipEntity gs where gs.child = c and gs.guardian.id = :scopePerson "
                + "and gs.current = true and gs.responsibility <> :scopeUnknown) "
                + "and not exists (select b.id from GuardianBlockEntity b where b.guardian.id = :scopePerson and b.child = c and b.liftedAt is null) "
                + "and exists (select e.id from EnrolmentEntity e, GuardianUnitAccessEntity ua where e.child = c and " + CURRENT
                + " and ua.person.id = :scopePerson and ua.unit = e.unit and ua.state = :scopeActive"
                + (limitedToUnits ? " and e.unit.id in :scopeUnits" : "") + ")";
    }

    // ---- lists

    @Override
    public Reach reach(AuthenticatedPrincipal principal, String actionId) {
        Optional<Action> action = declarations.action(actionId);
        if (principal == null || action.isEmpty()) {
            return Reach.NOTHING;
        }
        Set<Long> units = new HashSet<>();
        Set<Long> groups = new HashSet<>();
        boolean all = false;
        boolean own = false;
        for (Rule rule : action.get().rules()) {
            for (RoleGrant g : principal.grants()) {
                if (!holds(principal, g, rule) || failedCondition(rule, principal, null) != null) {
                    continue;
                }
                switch (rule.scope()) {
                    case KOMMUNE -> all = true;
                    case UNIT -> addIfPresent(units, g.unitId());
                    case GROUP -> addIfPresent(groups, g.groupId());
                    case OWN_CHILD -> own = principal.kind() == AccountKind.GUARDIAN && principal.personId() != null;
                    case SELF, OWN_SOURCE, PARTICIPANT, OTHER_ADULT -> {
                        // not a relation to children of the guardian's own (other adults: childScope adds theirs)
                    }
                }
            }
        }
        return new Reach(all, units, groups, own, own ? principal.personId() : null);
    }

    @Override
    public ChildScope childScope(AuthenticatedPrincipal principal, String actionId) {
        Reach reach = reach(principal, actionId);
        if (reach.kommune()) {
            return new ChildScope("1 = 1", Map.of());
        }
        List<String> parts = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (!reach.isEmpty()) {
            params.put("scopeToday", clock.today());
        }
        if (!reach.units().isEmpty()) {
            parts.add("exists (select e.id from EnrolmentEntity e where e.child = c and " + CURRENT + " and e.unit.id in :scopeUnits)");
            params.put("scopeUnits", new ArrayList<>(reach.units()));
        }
        if (!reach.groups().isEmpty()) {
            parts.add("exists (select e.id from EnrolmentEntity e where e.child = c and " + CURRENT + " and e.group.id in :scopeGroups)");
            params.put("scopeGroups", new ArrayList<>(reach.groups()));
        }
        if (reach.ownChildren()) {
            parts.add("(" + guardianPredicate(false) + ")");
            params.put("scopePerson", reach.guardianPersonId());
            params.put("scopeUnknown", ParentalResponsibility.UKJENT);
            params.put("scopeActive", AccountState.ACTIVE);
        }
        Optional<Action> action = declarations.action(actionId);
        if (principal != null && action.isPresent() && otherAdultReach(principal, action.get())) {
            parts.add("(" + otherAdultPredicate(false) + ")");
            params.put("scopePerson", principal.personId());
            params.put("scopeToday", clock.today());
            params.put("scopeUnknown", ParentalResponsibility.UKJENT);
        }
        if (parts.isEmpty()) {
            return ChildScope.nothing();
        }
        return new ChildScope("(" + String.join(" or ", parts) + ")", params);
    }

    private static void addIfPresent(Set<Long> set, Long id) {
        if (id != null) {
            set.add(id);
        }
    }

    // ---- fields

    @Override
    public Set<String> fields(AuthenticatedPrincipal principal, String view, Target target, String reason) {
        Optional<FieldSet> set = declarations.view(view);
        if (principal == null || set.isEmpty()) {
            return Set.of();
        }
        return fields(principal, set.get(), target, () -> resolve(target), reason);
    }

    /**
     * Many objects of one kind: their facts are resolved in one step (the kind's batch resolver),
     * then each object's fields are decided exactly as {@link #fields(AuthenticatedPrincipal, String, Target, String)} does.
     */
    @Override
    public Map<Long, Set<String>> fields(AuthenticatedPrincipal principal, String view, String kind, Collection<Long> ids, String reason) {
        Map<Long, Set<String>> out = new LinkedHashMap<>();
        Optional<FieldSet> set = declarations.view(view);
        if (principal == null || set.isEmpty() || ids.isEmpty()) {
            ids.forEach(id -> out.put(id, Set.of()));
            return out;
        }
        Optional<TargetKind> targetKind = declarations.kind(kind);
        Map<Long, Facts> facts = null;
        if (targetKind.isPresent() && needsFacts(principal, set.get())) {
            facts = targetKind.get().resolveAll(new ArrayList<>(new LinkedHashSet<>(ids)));
        }
        for (Long id : ids) {
            Target target = new Target(kind, id);
            Facts known = facts == null ? null : facts.getOrDefault(id, Facts.NONE);
            out.put(id, fields(principal, set.get(), target, () -> targetKind.isEmpty() ? null : known != null ? known : resolve(target), reason));
        }
        return out;
    }

    /** Whether a field's rule that the principal's grants hold needs the target's facts. */
    private static boolean needsFacts(AuthenticatedPrincipal principal, FieldSet set) {
        for (FieldSet.Field field : set.fields()) {
            for (Rule rule : field.visibleTo()) {
                if (needsFacts(rule.scope()) && principal.grants().stream().anyMatch(g -> holds(principal, g, rule))) {
                    return true;
                }
            }
        }
        return false;
    }

    private Set<String> fields(AuthenticatedPrincipal principal, FieldSet set, Target target, java.util.function.Supplier<Facts> resolver, String reason) {
        Set<String> out = new LinkedHashSet<>();
        Facts[] facts = new Facts[1];
        for (FieldSet.Field field : set.fields()) {
            visible:
            for (Rule rule : field.visibleTo()) {
                for (RoleGrant g : principal.grants()) {
                    if (!holds(principal, g, rule)) {
                        continue;
                    }
                    if (facts[0] == null && needsFacts(rule.scope())) {
                        facts[0] = resolver.get();
                        if (facts[0] == null) {
                            return Set.of();
                        }
                    }
                    if (applies(rule.scope(), g, principal, target, facts[0]) && failedCondition(rule, principal, reason) == null) {
                        out.add(field.name());
                        break visible;
                    }
                }
            }
        }
        return out;
    }

    @Override
    public Set<Long> units(AuthenticatedPrincipal principal, String actionId) {
        Reach reach = reach(principal, actionId);
        if (reach.kommune()) {
            return null;
        }
        return reach.units();
    }

    // ---- the registry

    @Override
    public Optional<Action> action(String id) {
        return declarations.action(id);
    }

    @Override
    public List<Action> actions() {
        return declarations.actions();
    }

    @Override
    public boolean isAnonymous(String method, String path, String query) {
        String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
        return declarations.anonymous().stream().anyMatch(e -> e.matches(m, path, query));
    }

    @Override
    public List<AnonymousEndpoint> anonymousEndpoints() {
        return declarations.anonymous();
    }
}
