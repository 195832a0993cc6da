package no.ranselpost.identity.local.internal;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AccessReviews;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.StaffActions;
import no.ranselpost.core.api.identity.StaffAdministration;
import no.ranselpost.core.api.identity.StaffAdministration.StaffAccount;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.AccessReviewEntity;
import no.ranselpost.persistence.entity.UnitEntity;

/**
 * The monthly access review (årshjul), generated from the database on each request: the unit's
 * staff accounts (as {@link StaffAdministration#list} sees them) and its active guardians, each
 * with seed 000's flags; the pending access requests; the sign-off of this month. Reading it is
 * a read of the unit's account data, recorded in the audit trail.
 */
@Component(service = AccessReviews.class, configurationPid = "no.ranselpost.identity.local")
public class AccessReviewService implements AccessReviews {

    static final Duration UNUSED = Duration.ofDays(90);
    private static final String CURRENT = "e.startDate <= :today and (e.endDate is null or e.endDate >= :today)";

    private final Transactions tx;
    private final AuditTrail audit;
    private final AccessPolicy access;
    private final OsloClock clock;
    private final StaffAdministration staff;
    private volatile int dueDay = 10;

    @Activate
    public AccessReviewService(@Reference Transactions tx, @Reference AuditTrail audit, @Reference AccessPolicy access,
                               @Reference OsloClock clock, @Reference StaffAdministration staff) {
        this.tx = tx;
        this.audit = audit;
        this.access = access;
        this.clock = clock;
        this.staff = staff;
    }

    @Activate
    @Modified
    void configure(IdentitySettings settings) {
        dueDay = settings.accessReviewDayOfMonth();
    }

    /** For tests: another day of the month the review is due by. */
    void dueBy(int dayOfMonth) {
        dueDay = dayOfMonth;
    }

    @Override
    public Review review(AuthenticatedPrincipal principal, long unitId) {
        access.require(principal, StaffActions.REVIEW_READ, Target.unit(unitId));
        Review r = generate(principal, unitId);
        audit.read(Actor.of(principal), StaffActions.REVIEW_READ, "access-review", r.entries().stream().map(Entry::accountId).toList(),
                unitId);
        return r;
    }

    @Override
    public Review signOff(AuthenticatedPrincipal principal, long unitId) {
        access.require(principal, StaffActions.REVIEW_SIGN_OFF, Target.unit(unitId));
        Review r = generate(principal, unitId);
        if (r.signedOff()) {
            throw new InvalidRequestException("This month's review of the unit is signed off already");
        }
        OffsetDateTime now = clock.nowUtc();
        tx.run(em -> {
            AccessReviewEntity e = new AccessReviewEntity();
            e.setUnit(em.find(UnitEntity.class, unitId));
            e.setMonth(r.month().toString());
            e.setSignedAt(now);
            e.setSignedBy(principal.accountId());
            e.setFlagCount(r.flagCount());
            em.persist(e);
            em.flush();
            audit.change(em, Actor.of(principal), StaffActions.REVIEW_SIGN_OFF, "access-review", e.getId(), unitId, null);
        });
        return generate(principal, unitId);
    }

    @Override
    public List<UnitStatus> status(AuthenticatedPrincipal principal) {
        access.requireAnyRole(principal, StaffActions.REVIEW_STATUS);
        Set<Long> units = access.units(principal, StaffActions.REVIEW_STATUS);
        YearMonth month = YearMonth.from(clock.today());
        boolean late = clock.today().getDayOfMonth() > dueDay;
        return tx.inTransaction(em -> {
            Map<Long, OffsetDateTime> signed = new HashMap<>();
            for (AccessReviewEntity e : em.createQuery("select r from AccessReviewEntity r where r.month = :m", AccessReviewEntity.class)
                    .setParameter("m", month.toString()).getResultList()) {
                signed.put(e.getUnit().getId(), e.getSignedAt());
            }
            List<UnitStatus> out = new ArrayList<>();
            for (Long u : em.createQuery("select u.id from UnitEntity u order by u.id", Long.class).getResultList()) {
                if (units == null || units.contains(u)) {
                    OffsetDateTime at = signed.get(u);
                    out.add(new UnitStatus(u, month, at != null, at, at == null && late));
                }
            }
            return out;
        });
    }

    private Review generate(AuthenticatedPrincipal principal, long unitId) {
        LocalDate today = clock.today();
        OffsetDateTime now = clock.nowUtc();
        YearMonth month = YearMonth.from(today);
        if (tx.inTransaction(em -> em.find(UnitEntity.class, unitId) == null)) {
            throw new NoSuchObjectException("No such unit");
        }
        List<Entry> entries = new ArrayList<>();
        // staff: the unit's accounts as the administrators see them (never a secret)
        for (StaffAccount a : staff.list(principal, unitId)) {
            List<String> flags = new ArrayList<>();
            boolean active = !"DISABLED".equals(a.state());
            if (active) {
                boolean employedHere = a.personId() != null && tx.inTransaction(em -> !em.createQuery("select e.id from EmploymentEntity e "
                        + "where e.person.id = :p and e.unit.id = :u", Long.class).setParameter("p", a.personId()).setParameter("u", unitId)
                        .setMaxResults(1).getResultList().isEmpty());
                boolean workingHere = a.hrRoles().stream().anyMatch(h -> h.unitId() == unitId);
                if (employedHere && !workingHere) {
                    flags.add(LEFT_OR_ON_LEAVE);
                }
                if (a.grants().stream().anyMatch(g -> g.role() == Role.SUBSTITUTE && g.unitId() != null && g.unitId() == unitId
                        && g.validTo() != null && g.validTo().isBefore(today))) {
                    flags.add(SUBSTITUTE_PAST_END);
                }
                if (a.rotationDue() != null) {
                    flags.add(SHARED_PASSWORD_OLD);
                }
                OffsetDateTime used = a.lastSignInAt() != null ? a.lastSignInAt() : a.createdAt();
                if (used.plus(UNUSED).isBefore(now)) {
                    flags.add(UNUSED_90_DAYS);
                }
            }
            List<String> roles = new ArrayList<>();
            a.grants().stream().filter(g -> g.unitId() == null || g.unitId() == unitId)
                    .forEach(g -> roles.add(g.role().name() + (g.groupId() == null ? "" : "@" + g.groupId())));
            a.hrRoles().stream().filter(h -> h.unitId() == unitId).forEach(h -> roles.add(h.role().name() + "(" + h.source() + ")"));
            entries.add(new Entry("STAFF", a.accountId(), a.personId(), a.username(), roles, a.state(), a.lastSignInAt(), flags));
        }
        return tx.inTransaction(em -> {
            // guardians active at the unit, with or without a current responsibility for a child there today
            for (Object[] row : em.createQuery("select ua.id, ua.person.id from GuardianUnitAccessEntity ua where ua.unit.id = :u "
                    + "and ua.state = :active order by ua.person.id", Object[].class)
                    .setParameter("u", unitId).setParameter("active", AccountState.ACTIVE).getResultList()) {
                long person = (Long) row[1];
                boolean responsible = !em.createQuery("select g.id from GuardianshipEntity g, EnrolmentEntity e where g.guardian.id = :p "
                        + "and g.current = true and g.responsibility <> :unknown and e.child = g.child and e.unit.id = :u and " + CURRENT, Long.class)
                        .setParameter("p", person).setParameter("unknown", ParentalResponsibility.UKJENT).setParameter("u", unitId)
                        .setParameter("today", today).setMaxResults(1).getResultList().isEmpty();
                List<OffsetDateTime> signIns = em.createQuery("select max(s.createdAt) from SessionEntity s where s.account.person.id = :p "
                        + "and s.account.kind = :guardian", OffsetDateTime.class).setParameter("p", person)
                        .setParameter("guardian", no.ranselpost.core.api.identity.AccountKind.GUARDIAN).getResultList();
                OffsetDateTime last = signIns.isEmpty() ? null : signIns.get(0);
                entries.add(new Entry("GUARDIAN", (Long) row[0], person, null, List.of(Role.GUARDIAN.name()), "ACTIVE", last,
                        responsible ? List.of() : List.of(GUARDIAN_WITHOUT_RESPONSIBILITY)));
            }
            int pending = em.createQuery("select count(r) from AccessRequestEntity r where r.unit.id = :u and r.state = 'PENDING'", Long.class)
                    .setParameter("u", unitId).getSingleResult().intValue();
            List<AccessReviewEntity> signed = em.createQuery("select r from AccessReviewEntity r where r.unit.id = :u and r.month = :m",
                    AccessReviewEntity.class).setParameter("u", unitId).setParameter("m", month.toString()).getResultList();
            int flags = entries.stream().mapToInt(e -> e.flags().size()).sum() + (pending > 0 ? 1 : 0);
            OffsetDateTime signedAt = signed.isEmpty() ? null : signed.get(0).getSignedAt();
            return new Review(unitId, month, entries, pending, flags, signedAt != null, signedAt,
                    signedAt == null && today.getDayOfMonth() > dueDay);
        });
    }

    /** The review as CSV (UTF-8, ';'-separated, a header row): ids, codes and user names only. */
    public static String csv(Review r) {
        StringBuilder sb = new StringBuilder("kind;account_id;person_id;username;roles;state;last_sign_in;flags\n");
        for (Entry e : r.entries()) {
            sb.append(e.kind()).append(';').append(e.accountId()).append(';').append(e.personId() == null ? "" : e.personId()).append(';')
                    .append(e.username() == null ? "" : e.username()).append(';').append(String.join(",", e.roles())).append(';')
                    .append(e.state()).append(';').append(e.lastSignInAt() == null ? "" : e.lastSignInAt()).append(';')
                    .append(String.join(",", e.flags())).append('\n');
        }
        if (r.pendingAccessRequests() > 0) {
            sb.append("UNIT;;;;;;;").append(PENDING_ACCESS_REQUESTS).append('=').append(r.pendingAccessRequests()).append('\n');
        }
        return sb.toString();
    }
}
