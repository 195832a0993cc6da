package no.ranselpost.access.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.ChildField;
import no.ranselpost.access.api.ChildScope;
import no.ranselpost.access.api.Decision;
import no.ranselpost.access.api.Rule;
import no.ranselpost.access.api.Scope;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.persistence.api.Transactions;

/**
 * Evaluates the rules declared in {@link Action} for the acting principal. Deny by default:
 * an action with no rules, a principal without a matching grant, a target that does not
 * exist, all deny. Relations (enrolments, guardianships, blocks, account states) are read
 * from the database on every decision: no cache outlives a change.
 */
@Component(service = AccessPolicy.class, configurationPid = "no.ranselpost.access")
@Designate(ocd = AccessSettings.class)
public class RuleBasedAccessPolicy implements AccessPolicy {

    /** Current enrolment of child alias c (JPQL, scope* parameters). */
    private static final String CURRENT = "e.startDate <= :scopeToday and (e.endDate is null or e.endDate >= :scopeToday)";

    private final Transactions tx;
    private final AuditTrail audit;
    private volatile boolean unitWideRead;

    @Activate
    public RuleBasedAccessPolicy(@Reference Transactions tx, @Reference AuditTrail audit) {
        this.tx = tx;
        this.audit = audit;
    }

    @Activate
    @Modified
    void configure(AccessSettings settings) {
        unitWideRead = settings.unitWideRead();
    }

    /** For tests. */
    public void setUnitWideRead(boolean on) {
        unitWideRead = on;
    }

    @Override
    public Decision decide(AuthenticatedPrincipal principal, Action action, Target target) {
        if (principal == null || action.rules().isEmpty()) {
            return Decision.deny("no-rule");
        }
        Relations relations = new Relations(target);
        for (Rule rule : action.rules()) {
            for (RoleGrant grant : principal.grants()) {
                if (grant.role() == rule.role() && applies(rule.scope(), grant, principal, target, relations)) {
                    return Decision.allow(rule);
                }
            }
        }
        return Decision.deny(principal.grants().stream().anyMatch(g -> action.rules().stream().anyMatch(r -> r.role() == g.role()))
                ? "not-in-scope" : "role-not-allowed");
    }

    @Override
    public void require(AuthenticatedPrincipal principal, Action action, Target target) {
        Decision d = decide(principal, action, target);
        if (!d.allowed()) {
            Actor actor = principal == null ? Actor.ANONYMOUS : Actor.of(principal);
            audit.denial(actor, action.name(), target.kind().name().toLowerCase(java.util.Locale.ROOT),
                    target.kind() == Target.Kind.NONE || target.kind() == Target.Kind.SOURCE ? List.of() : List.of(target.id()), null,
                    d.reason());
            throw new AccessDeniedException(action, d.reason());
        }
    }

    @Override
    public boolean mayEver(AuthenticatedPrincipal principal, Action action) {
        return principal != null && action.rules().stream()
                .anyMatch(r -> principal.grants().stream().anyMatch(g -> g.role() == r.role()));
    }

    @Override
    public void requireAnyRole(AuthenticatedPrincipal principal, Action action) {
        if (!mayEver(principal, action)) {
            audit.denial(principal == null ? Actor.ANONYMOUS : Actor.of(principal), action.name(), null, List.of(), null, "role-not-allowed");
            throw new AccessDeniedException(action, "role-not-allowed");
        }
    }

    @Override
    public List<Action> allowedActions(AuthenticatedPrincipal principal, Target target, Collection<Action> candidates) {
        List<Action> out = new ArrayList<>();
        for (Action a : candidates) {
            if (decide(principal, a, target).allowed()) {
                out.add(a);
            }
        }
        return out;
    }

    private boolean applies(Scope scope, RoleGrant grant, AuthenticatedPrincipal principal, Target target, Relations r) {
        return switch (scope) {
            case KOMMUNE -> true;
            case SELF -> target.kind() == Target.Kind.NONE || (target.kind() == Target.Kind.ACCOUNT && target.id() == principal.accountId());
            case UNIT -> grant.unitId() != null && r.units().contains(grant.unitId());
            case UNIT_WIDE_READ -> unitWideRead && grant.unitId() != null && r.units().contains(grant.unitId());
            case GROUP -> grant.groupId() != null && r.groups().contains(grant.groupId());
            case OWN_CHILD -> target.kind() == Target.Kind.CHILD && principal.personId() != null
                    && ownsChild(principal.personId(), target.id());
            case OWN_SOURCE -> target.kind() == Target.Kind.SOURCE && target.code() != null && target.code().equals(grant.sourceId());
        };
    }

    /** The units and groups a target belongs to, read once per decision and only when a rule needs them. */
    private final class Relations {
        private final Target target;
        private Set<Long> units;
        private Set<Long> groups;

        Relations(Target target) {
            this.target = target;
        }

        Set<Long> units() {
            if (units == null) {
                units = tx.inTransaction(em -> unitsOf(em, target));
            }
            return units;
        }

        Set<Long> groups() {
            if (groups == null) {
                groups = tx.inTransaction(em -> groupsOf(em, target));
            }
            return groups;
        }
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static Set<Long> unitsOf(EntityManager em, Target target) {
        return switch (target.kind()) {
            case UNIT -> new HashSet<>(em.createQuery("select u.id from UnitEntity u where u.id = :id", Long.class)
                    .setParameter("id", target.id()).getResultList());
            case GROUP -> new HashSet<>(em.createQuery("select g.unit.id from GroupEntity g where g.id = :id", Long.class)
                    .setParameter("id", target.id()).getResultList());
            case CHILD -> new HashSet<>(em.createQuery("select e.unit.id from EnrolmentEntity e where e.child.id = :id and "
                    + CURRENT.replace(":scopeToday", ":today"), Long.class)
                    .setParameter("id", target.id()).setParameter("today", today()).getResultList());
            case GUARDIAN -> new HashSet<>(em.createQuery("select e.unit.id from EnrolmentEntity e, GuardianshipEntity g "
                    + "where g.child = e.child and g.guardian.id = :id and g.current = true and "
                    + CURRENT.replace(":scopeToday", ":today"), Long.class)
                    .setParameter("id", target.id()).setParameter("today", today()).getResultList());
            default -> Set.of();
        };
    }

    private static Set<Long> groupsOf(EntityManager em, Target target) {
        return switch (target.kind()) {
            case GROUP -> new HashSet<>(em.createQuery("select g.id from GroupEntity g where g.id = :id", Long.class)
                    .setParameter("id", target.id()).getResultList());
            case CHILD -> new HashSet<>(em.createQuery("select e.group.id from EnrolmentEntity e where e.child.id = :id and e.group is not null and "
                    + CURRENT.replace(":scopeToday", ":today"), Long.class)
                    .setParameter("id", target.id()).setParameter("today", today()).getResultList());
            default -> Set.of();
        };
    }

    /** Current responsibility (not ukjent), an active account, no block, and the child enrolled today. */
    private boolean ownsChild(long guardianPersonId, long childId) {
        return tx.inTransaction(em -> !em.createQuery("select c.id from PersonEntity c where c.id = :child and "
                        + guardianPredicate(), Long.class)
                .setParameter("child", childId)
                .setParameter("scopePerson", guardianPersonId)
                .setParameter("scopeToday", today())
                .setParameter("scopeUnknown", ParentalResponsibility.UKJENT)
                .setParameter("scopeActive", AccountState.ACTIVE)
                .getResultList().isEmpty());
    }

    /** Over child alias c; parameters scopePerson, scopeToday, scopeUnknown, scopeActive. */
    private static String guardianPredicate() {
        return "exists (select gs.id from GuardianshipEntity gs where gs.child = c and gs.guardian.id = :scopePerson "
                + "and gs.current = true and gs.responsibility <> :scopeUnknown) "
                + "and exists (select ga.id from GuardianAccountEntity ga where ga.person.id = :scopePerson and ga.state = :scopeActive) "
                + "and not exists (select b.id from GuardianBlockEntity b where b.guardian.id = :scopePerson and b.child = c and b.liftedAt is null) "
                + "and exists (select e.id from EnrolmentEntity e where e.child = c and " + CURRENT + ")";
    }

    @Override
    public ChildScope childScope(AuthenticatedPrincipal principal, Action action) {
        if (principal == null) {
            return ChildScope.nothing();
        }
        Set<Long> units = new HashSet<>();
        Set<Long> groups = new HashSet<>();
        boolean all = false;
        boolean own = false;
        for (Rule rule : action.rules()) {
            for (RoleGrant g : principal.grants()) {
                if (g.role() != rule.role()) {
                    continue;
                }
                switch (rule.scope()) {
                    case KOMMUNE -> all = true;
                    case UNIT -> addIfPresent(units, g.unitId());
                    case UNIT_WIDE_READ -> {
                        if (unitWideRead) {
                            addIfPresent(units, g.unitId());
                        }
                    }
                    case GROUP -> addIfPresent(groups, g.groupId());
                    case OWN_CHILD -> own = principal.personId() != null;
                    case SELF, OWN_SOURCE -> {
                        // not a relation to children
                    }
                }
            }
        }
        if (all) {
            return new ChildScope("1 = 1", Map.of());
        }
        List<String> parts = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (!units.isEmpty() || !groups.isEmpty()) {
            params.put("scopeToday", today());
        }
        if (!units.isEmpty()) {
            parts.add("exists (select e.id from EnrolmentEntity e where e.child = c and " + CURRENT + " and e.unit.id in :scopeUnits)");
            params.put("scopeUnits", new ArrayList<>(units));
        }
        if (!groups.isEmpty()) {
            parts.add("exists (select e.id from EnrolmentEntity e where e.child = c and " + CURRENT + " and e.group.id in :scopeGroups)");
            params.put("scopeGroups", new ArrayList<>(groups));
        }
        if (own) {
            parts.add("(" + guardianPredicate() + ")");
            params.put("scopePerson", principal.personId());
            params.put("scopeToday", today());
            params.put("scopeUnknown", ParentalResponsibility.UKJENT);
            params.put("scopeActive", AccountState.ACTIVE);
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

    @Override
    public Set<ChildField> childFields(AuthenticatedPrincipal principal, long childId, String reason) {
        if (principal == null) {
            return Set.of();
        }
        Target child = Target.child(childId);
        Relations relations = new Relations(child);
        Set<ChildField> fields = EnumSet.noneOf(ChildField.class);
        for (RoleGrant g : principal.grants()) {
            Supplier<Boolean> inUnit = () -> g.unitId() != null && relations.units().contains(g.unitId());
            Supplier<Boolean> inGroup = () -> g.groupId() != null && relations.groups().contains(g.groupId());
            switch (g.role()) {
                case SYSTEM_ADMIN -> {
                    fields.addAll(EnumSet.of(ChildField.BASIC, ChildField.NATIONAL_ID, ChildField.PROTECTED_FLAG, ChildField.ADDRESS,
                            ChildField.GUARDIANS, ChildField.GUARDIAN_CONTACT, ChildField.GUARDIAN_CONTACT_PROTECTED,
                            ChildField.GUARDIAN_ADDRESS, ChildField.GUARDIAN_ACCOUNT));
                    if (reason != null && !reason.isBlank()) {
                        // fortrolig addresses: a system administrator only with a reason (recorded with the read)
                        fields.add(ChildField.ADDRESS_CONFIDENTIAL);
                    }
                }
                case UNIT_ADMIN -> {
                    if (inUnit.get()) {
                        fields.addAll(EnumSet.of(ChildField.BASIC, ChildField.NATIONAL_ID, ChildField.PROTECTED_FLAG, ChildField.ADDRESS,
                                ChildField.ADDRESS_CONFIDENTIAL, ChildField.GUARDIANS, ChildField.GUARDIAN_CONTACT,
                                ChildField.GUARDIAN_CONTACT_PROTECTED, ChildField.GUARDIAN_ADDRESS, ChildField.GUARDIAN_ACCOUNT));
                    }
                }
                case LEADER -> {
                    if (inGroup.get() || (unitWideRead && inUnit.get())) {
                        fields.addAll(EnumSet.of(ChildField.BASIC, ChildField.PROTECTED_FLAG, ChildField.ADDRESS, ChildField.GUARDIANS,
                                ChildField.GUARDIAN_CONTACT, ChildField.GUARDIAN_ADDRESS));
                    }
                }
                case EMPLOYEE, SUBSTITUTE -> {
                    if (inGroup.get()) {
                        fields.addAll(EnumSet.of(ChildField.BASIC, ChildField.PROTECTED_FLAG, ChildField.GUARDIANS,
                                ChildField.GUARDIAN_CONTACT));
                    }
                }
                case SHARED_ACCOUNT -> {
                    if (inGroup.get()) {
                        fields.addAll(EnumSet.of(ChildField.BASIC, ChildField.PROTECTED_FLAG, ChildField.GUARDIANS, ChildField.GUARDIAN_MOBILE));
                    }
                }
                case GUARDIAN -> {
                    if (principal.personId() != null && ownsChild(principal.personId(), childId)) {
                        fields.addAll(EnumSet.of(ChildField.BASIC, ChildField.NATIONAL_ID, ChildField.GUARDIANS));
                    }
                }
                default -> {
                    // OWNER, INTEGRATION, SYSTEM_JOB: no child data
                }
            }
        }
        return fields;
    }

    @Override
    public Set<Long> auditUnits(AuthenticatedPrincipal principal) {
        if (principal == null) {
            return Set.of();
        }
        if (principal.hasRole(Role.SYSTEM_ADMIN)) {
            return null;
        }
        Set<Long> units = new HashSet<>();
        principal.grants().stream().filter(g -> g.role() == Role.UNIT_ADMIN).forEach(g -> addIfPresent(units, g.unitId()));
        return units;
    }
}
