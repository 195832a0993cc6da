package no.ranselpost.access.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.EffectiveGrants;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal.Assurance;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.entity.EmploymentEntity;

/**
 * The grants of today, for every identity provider (ACCESS.md): a grant counts only for the
 * account kind it belongs to, between its dates (Oslo's today), and only where the session's
 * sign-in reached the second factor its role needs. A staff account whose person the HR system
 * employs gets the role of each current employment not on leave at its unit, and keeps a
 * LEADER, EMPLOYEE or SUBSTITUTE grant at a unit only while such an employment there does. A
 * guardian account is GUARDIAN and nothing else, whatever HR says of its person.
 */
@Component(service = EffectiveGrants.class)
public class JpaEffectiveGrants implements EffectiveGrants {

    private final OsloClock clock;

    @Activate
    public JpaEffectiveGrants(@Reference OsloClock clock) {
        this.clock = clock;
    }

    @Override
    public AuthenticatedPrincipal principal(EntityManager em, Account account, long sessionId, Assurance assurance) {
        LocalDate today = clock.today();
        List<RoleGrant> grants = new ArrayList<>();
        switch (account.kind()) {
            case GUARDIAN -> grants.add(RoleGrant.kommuneWide(Role.GUARDIAN));
            case INTEGRATION -> account.stored().stream().filter(g -> g.role() == Role.INTEGRATION && g.sourceId() != null)
                    .filter(g -> g.isValidOn(today)).forEach(grants::add);
            case STAFF -> {
                account.stored().stream()
                        .filter(g -> RuleBasedAccessPolicy.kindAllows(AccountKind.STAFF, g))
                        .filter(g -> g.isValidOn(today))
                        .forEach(grants::add);
                if (account.personId() != null) {
                    employments(em, account.personId(), today, grants);
                }
                // a session that signed in without the second factor never carries a role that needs one
                grants.removeIf(g -> g.role().secondFactorRequired() && assurance != Assurance.PASSWORD_AND_TOTP);
            }
        }
        return new AuthenticatedPrincipal(account.accountId(), account.kind(), account.username(), account.displayName(),
                account.personId(), List.copyOf(new LinkedHashSet<>(grants)), sessionId, assurance);
    }

    private static void employments(EntityManager em, long personId, LocalDate today, List<RoleGrant> grants) {
        List<EmploymentEntity> employments = em.createQuery("select e from EmploymentEntity e where e.person.id = :p",
                EmploymentEntity.class).setParameter("p", personId).getResultList();
        if (employments.isEmpty()) {
            return;
        }
        Set<Long> workingAt = new HashSet<>();
        for (EmploymentEntity e : employments) {
            boolean current = !e.getStartDate().isAfter(today) && (e.getEndDate() == null || !e.getEndDate().isBefore(today));
            boolean onLeave = e.getLeaveFrom() != null && !e.getLeaveFrom().isAfter(today)
                    && (e.getLeaveTo() == null || !e.getLeaveTo().isBefore(today));
            if (current && !onLeave) {
                workingAt.add(e.getUnit().getId());
                if (e.getRole() != null && RuleBasedAccessPolicy.kindAllows(AccountKind.STAFF, RoleGrant.kommuneWide(e.getRole()))) {
                    grants.add(RoleGrant.unit(e.getRole(), e.getUnit().getId()));
                }
            }
        }
        grants.removeIf(g -> (g.role() == Role.LEADER || g.role() == Role.EMPLOYEE || g.role() == Role.SUBSTITUTE)
                && g.unitId() != null && !workingAt.contains(g.unitId()));
    }
}
