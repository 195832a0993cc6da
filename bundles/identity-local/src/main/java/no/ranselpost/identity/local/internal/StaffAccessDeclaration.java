package no.ranselpost.identity.local.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.KOMMUNE;
import static no.ranselpost.access.api.Scope.SELF;
import static no.ranselpost.access.api.Scope.UNIT;
import static no.ranselpost.core.api.Role.OWNER;
import static no.ranselpost.core.api.Role.SYSTEM_ADMIN;
import static no.ranselpost.core.api.Role.UNIT_ADMIN;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.AnonymousEndpoint;
import no.ranselpost.access.api.Facts;
import no.ranselpost.access.api.Rule;
import no.ranselpost.access.api.Target;
import no.ranselpost.access.api.TargetKind;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.StaffActions;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;

/**
 * What staff account administration brings to the access policy (ACCESS.md, "staff roles,
 * substitutes' dates, shared accounts": OWNER the unit admins, SYSTEM_ADMIN everything,
 * UNIT_ADMIN their unit), the kind {@code staff-account} (what an account belongs to: the units
 * and groups of its grants and the units HR employs its person at today), and the activation
 * endpoints that answer without credentials.
 */
@Component(service = AccessDeclaration.class)
public class StaffAccessDeclaration implements AccessDeclaration {

    /** A staff account as a target: its grants' units and groups, and where HR employs its person. */
    public static final String STAFF_ACCOUNT = "staff-account";

    private final Transactions tx;
    private final OsloClock clock;

    @Activate
    public StaffAccessDeclaration(@Reference Transactions tx, @Reference OsloClock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public String capability() {
        return "staff";
    }

    private static Rule[] administrators() {
        return new Rule[] {of(OWNER, KOMMUNE), of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT)};
    }

    @Override
    public List<Action> actions() {
        Rule[] self = Arrays.stream(Role.values()).filter(r -> r != Role.SYSTEM_JOB && r != Role.INTEGRATION)
                .map(r -> of(r, SELF)).toArray(Rule[]::new);
        return List.of(
                Action.of(StaffActions.ACCOUNT_READ, "The staff accounts with access at a unit: roles, state, last sign-in (never a "
                        + "password or TOTP secret); an owner sees the unit admins", administrators()),
                Action.of(StaffActions.ACCOUNT_CREATE, "Create a staff account (its roles decide who may: see the manage actions)",
                        administrators()),
                Action.of(StaffActions.ROLE_CHANGE, "Give, move or remove a staff account's role (the roles touched decide who may)",
                        administrators()),
                Action.of(StaffActions.ACCOUNT_STATE_CHANGE, "Disable or enable a staff account (its roles decide who may)",
                        administrators()),
                Action.of(StaffActions.ACCOUNT_RESET, "A new activation code for a forgotten password or a lost TOTP device "
                        + "(its roles decide who may)", administrators()),
                Action.of(StaffActions.PASSWORD_HOLDER_CHANGE, "Record or forget who knows a shared department account's password "
                        + "(its roles decide who may)", administrators()),
                Action.of(StaffActions.UNIT_STAFF_MANAGE, "LEADER, EMPLOYEE, SUBSTITUTE and SHARED_ACCOUNT at a unit: accounts, "
                        + "groups, substitutes' dates", of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT)),
                Action.of(StaffActions.UNIT_ADMIN_MANAGE, "UNIT_ADMIN (styrer, rektor): granted by hand, by the owner",
                        of(OWNER, KOMMUNE), of(SYSTEM_ADMIN, KOMMUNE)),
                Action.of(StaffActions.KOMMUNE_ADMIN_MANAGE, "OWNER and SYSTEM_ADMIN: granted by hand", of(SYSTEM_ADMIN, KOMMUNE)),
                Action.of(StaffActions.REVIEW_READ, "A unit's monthly access review (REST, CSV)", of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT)),
                Action.of(StaffActions.REVIEW_SIGN_OFF, "Sign a unit's monthly access review off", of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT)),
                Action.of(StaffActions.REVIEW_STATUS, "Which units signed this month's access review off", administrators()),
                Action.of(StaffActions.PASSWORD_CHANGE, "The signed-in account's owner changes its password", self));
    }

    @Override
    public List<TargetKind> targetKinds() {
        return List.of(new TargetKind(STAFF_ACCOUNT, this::account));
    }

    @Override
    public List<AnonymousEndpoint> anonymousEndpoints() {
        return List.of(
                AnonymousEndpoint.of("POST", "/api/v1/auth/activation", "A staff account's owner sets the password (and TOTP) with "
                        + "the one-time activation code"),
                AnonymousEndpoint.of("POST", "/api/v1/auth/activation/totp", "The TOTP secret offered to the holder of an activation code"));
    }

    private Facts account(Target t) {
        return tx.inTransaction(em -> {
            Set<Long> units = new HashSet<>();
            Set<Long> groups = new HashSet<>();
            for (Object[] row : em.createQuery("select g.unitId, g.groupId from RoleGrantEntity g where g.account.id = :a", Object[].class)
                    .setParameter("a", t.id()).getResultList()) {
                if (row[0] != null) {
                    units.add((Long) row[0]);
                }
                if (row[1] != null) {
                    groups.add((Long) row[1]);
                }
            }
            units.addAll(em.createQuery("select e.unit.id from EmploymentEntity e, StaffAccountEntity a where a.id = :a "
                            + "and e.person = a.person and e.startDate <= :today and (e.endDate is null or e.endDate >= :today)", Long.class)
                    .setParameter("a", t.id()).setParameter("today", clock.today()).getResultList());
            return Facts.of(units, groups, Set.of());
        });
    }
}
