package no.ranselpost.absence.internal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.absence.api.AbsenceActions;
import no.ranselpost.absence.api.AbsenceKind;
import no.ranselpost.absence.api.AbsenceReport;
import no.ranselpost.absence.api.AbsenceRequest;
import no.ranselpost.absence.api.AbsenceService;
import no.ranselpost.absence.api.AbsenceTexts;
import no.ranselpost.absence.api.DayOverview;
import no.ranselpost.absence.api.HealthInfo;
import no.ranselpost.absence.api.OpeningHours;
import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.AbsenceReportEntity;
import no.ranselpost.persistence.entity.ChildHealthEntity;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.UnitClosedDayEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.persistence.entity.UnitOpeningHoursEntity;

/**
 * Absence reports, opening hours and health information on the database. Every call asks the
 * access policy with the acting principal; changes are audited in their transaction, staff reads
 * of child data recorded; no free text, name or health information is ever logged.
 */
@Component(service = AbsenceService.class)
public class JpaAbsenceService implements AbsenceService {

    private static final Logger LOG = LoggerFactory.getLogger(JpaAbsenceService.class);
    static final String ACTIVE = "ACTIVE";
    static final String WITHDRAWN = "WITHDRAWN";
    /** Why staff removed a free text: codes only. */
    static final Set<String> REMOVAL_REASONS = Set.of("sensitive-health", "sensitive-family", "sensitive-other");
    private static final String CURRENT = "e.startDate <= :d and (e.endDate is null or e.endDate >= :d)";

    private final Transactions tx;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final OsloClock clock;

    @Activate
    public JpaAbsenceService(@Reference Transactions tx, @Reference AccessPolicy access, @Reference AuditTrail audit,
                             @Reference OsloClock clock) {
        this.tx = tx;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- reports

    @Override
    public AbsenceReport report(AuthenticatedPrincipal principal, AbsenceRequest request) {
        if (request == null) {
            throw new InvalidRequestException("A report names 'childId', 'fromDate' and 'kind'");
        }
        if (request.childId() == null) {
            throw new InvalidRequestException("'childId' is required");
        }
        requireChild(principal, AbsenceActions.REPORT, request.childId());
        Valid v = validate(request);
        OffsetDateTime now = clock.nowUtc();
        return view(principal, tx.inTransaction(em -> {
            requireKindFits(em, request.childId(), v);
            AbsenceReportEntity e = new AbsenceReportEntity();
            e.setChild(em.find(PersonEntity.class, request.childId()));
            apply(e, v);
            e.setState(ACTIVE);
            e.setReporterKind(principal.kind() == AccountKind.GUARDIAN ? "GUARDIAN" : "STAFF");
            e.setReportedBy(principal.accountId());
            e.setCreatedAt(now);
            em.persist(e);
            em.flush();
            audit.change(em, Actor.of(principal), AbsenceActions.REPORT, "absence", e.getId(), List.of(request.childId()),
                    unitOf(em, request.childId()), e.getKind().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            LOG.info("Absence {} reported for child {} by account {}", e.getId(), request.childId(), principal.accountId());
            return raw(em, principal, e);
        }));
    }

    @Override
    public AbsenceReport change(AuthenticatedPrincipal principal, long reportId, AbsenceRequest request) {
        if (request == null) {
            throw new InvalidRequestException("A change names 'fromDate' and 'kind'");
        }
        long childId = childOfReport(principal, reportId);
        if (request.childId() != null && request.childId() != childId) {
            throw new InvalidRequestException("A report stays with its child: withdraw it and report for the other child");
        }
        requireChild(principal, AbsenceActions.CHANGE, childId);
        AbsenceRequest forChild = new AbsenceRequest(childId, request.fromDate(), request.toDate(), request.fromTime(), request.toTime(),
                request.kind(), request.text());
        Valid v = validate(forChild);
        OffsetDateTime now = clock.nowUtc();
        return view(principal, tx.inTransaction(em -> {
            AbsenceReportEntity e = em.find(AbsenceReportEntity.class, reportId);
            requireChangeable(em, principal, e);
            requireKindFits(em, childId, v);
            apply(e, v);
            e.setChangedAt(now);
            audit.change(em, Actor.of(principal), AbsenceActions.CHANGE, "absence", e.getId(), List.of(childId), unitOf(em, childId), "changed");
            return raw(em, principal, e);
        }));
    }

    @Override
    public AbsenceReport withdraw(AuthenticatedPrincipal principal, long reportId) {
        long childId = childOfReport(principal, reportId);
        requireChild(principal, AbsenceActions.CHANGE, childId);
        OffsetDateTime now = clock.nowUtc();
        return view(principal, tx.inTransaction(em -> {
            AbsenceReportEntity e = em.find(AbsenceReportEntity.class, reportId);
            requireChangeable(em, principal, e);
            e.setState(WITHDRAWN);
            e.setChangedAt(now);
            audit.change(em, Actor.of(principal), AbsenceActions.CHANGE, "absence", e.getId(), List.of(childId), unitOf(em, childId), "withdrawn");
            return raw(em, principal, e);
        }));
    }

    @Override
    public List<AbsenceReport> forChild(AuthenticatedPrincipal principal, long childId, LocalDate from, LocalDate to) {
        requireChild(principal, AbsenceActions.CHILD_READ, childId);
        LocalDate today = clock.today();
        boolean sharedOnly = sharedAccountOnly(principal);
        LocalDate f = sharedOnly ? today : from != null ? from : today.minusDays(30);
        LocalDate t = sharedOnly ? today : to != null ? to : today.plusDays(365);
        if (t.isBefore(f) || f.plusDays(400).isBefore(t)) {
            throw new InvalidRequestException("'from' must be before 'to', at most 400 days apart");
        }
        List<Raw> raws = tx.inTransaction(em -> {
            javax.persistence.TypedQuery<AbsenceReportEntity> q = em.createQuery("select a from AbsenceReportEntity a where a.child.id = :c"
                    + " and a.fromDate <= :t and a.toDate >= :f" + (sharedOnly ? " and a.state = :active" : "") + " order by a.fromDate, a.id",
                    AbsenceReportEntity.class).setParameter("c", childId).setParameter("f", f).setParameter("t", t);
            if (sharedOnly) {
                q.setParameter("active", ACTIVE);
            }
            return q.getResultList().stream().map(e -> raw(em, principal, e)).toList();
        });
        // the fields the reader sees, decided outside the transaction (the access policy reads in its own)
        boolean text = seesText(principal, childId);
        List<AbsenceReport> out = raws.stream().map(r -> r.view(text)).toList();
        recordStaffRead(principal, AbsenceActions.CHILD_READ, List.of(childId), null);
        return out;
    }

    private static boolean sharedAccountOnly(AuthenticatedPrincipal p) {
        return p.grants().stream().allMatch(g -> g.role() == Role.SHARED_ACCOUNT);
    }

    @Override
    public DayOverview groupDay(AuthenticatedPrincipal principal, long groupId, LocalDate date) {
        if (access.mayEver(principal, AbsenceActions.GROUP_DAY_READ)
                && tx.inTransaction(em -> em.find(no.ranselpost.persistence.entity.GroupEntity.class, groupId) == null)) {
            throw new NoSuchObjectException("No group " + groupId);
        }
        access.require(principal, AbsenceActions.GROUP_DAY_READ, Target.group(groupId));
        LocalDate d = date == null ? clock.today() : date;
        requireTodayForSharedAccount(principal, AbsenceActions.GROUP_DAY_READ, d, Target.group(groupId));
        return overview(principal, d, null, groupId, "e.group.id = :scope", groupId);
    }

    @Override
    public DayOverview unitDay(AuthenticatedPrincipal principal, long unitId, LocalDate date) {
        if (access.mayEver(principal, AbsenceActions.UNIT_DAY_READ) && tx.inTransaction(em -> em.find(UnitEntity.class, unitId) == null)) {
            throw new NoSuchObjectException("No unit " + unitId);
        }
        access.require(principal, AbsenceActions.UNIT_DAY_READ, Target.unit(unitId));
        LocalDate d = date == null ? clock.today() : date;
        return overview(principal, d, unitId, null, "e.unit.id = :scope", unitId);
    }

    private DayOverview overview(AuthenticatedPrincipal principal, LocalDate d, Long unitId, Long groupId, String scope, long scopeId) {
        long[] enrolledCount = new long[1];
        record Row(long childId, String givenName, String familyName, Long groupId, Raw raw) {
        }
        List<Row> found = tx.inTransaction(em -> {
            long enrolled = em.createQuery("select count(distinct e.child.id) from EnrolmentEntity e where " + scope + " and " + CURRENT, Long.class)
                    .setParameter("scope", scopeId).setParameter("d", d).getSingleResult();
            // filtered in the database: the scope's children enrolled that day, their active reports touching it
            List<Object[]> rows = em.createQuery("select a, e from AbsenceReportEntity a, EnrolmentEntity e where e.child = a.child and "
                            + scope + " and " + CURRENT + " and a.state = :active and a.fromDate <= :d and a.toDate >= :d order by a.child.familyName,"
                            + " a.child.givenName, a.id", Object[].class)
                    .setParameter("scope", scopeId).setParameter("d", d).setParameter("active", ACTIVE).getResultList();
            Map<Long, Row> entries = new LinkedHashMap<>();
            for (Object[] r : rows) {
                AbsenceReportEntity a = (AbsenceReportEntity) r[0];
                EnrolmentEntity e = (EnrolmentEntity) r[1];
                entries.putIfAbsent(a.getId(), new Row(a.getChild().getId(), a.getChild().getGivenName(), a.getChild().getFamilyName(),
                        e.getGroup() == null ? null : e.getGroup().getId(), raw(em, principal, a)));
            }
            enrolledCount[0] = enrolled;
            return List.copyOf(entries.values());
        });
        // which texts the reader sees: decided per child outside the transaction
        Map<Long, Boolean> text = new HashMap<>();
        List<DayOverview.Entry> entries = found.stream().map(r -> new DayOverview.Entry(r.childId(), r.givenName(), r.familyName(), r.groupId(),
                r.raw().view(text.computeIfAbsent(r.childId(), c -> seesText(principal, c))))).toList();
        DayOverview o = new DayOverview(d, unitId, groupId, (int) enrolledCount[0], entries);
        recordStaffRead(principal, groupId != null ? AbsenceActions.GROUP_DAY_READ : AbsenceActions.UNIT_DAY_READ,
                o.absent().stream().map(DayOverview.Entry::childId).distinct().toList(), unitId);
        return o;
    }

    @Override
    public AbsenceReport removeText(AuthenticatedPrincipal principal, long reportId, String reasonCode) {
        long childId = childOfReport(principal, reportId);
        requireChild(principal, AbsenceActions.TEXT_REMOVE, childId);
        if (reasonCode == null || !REMOVAL_REASONS.contains(reasonCode)) {
            throw new InvalidRequestException("'reason' must be one of " + REMOVAL_REASONS.stream().sorted().toList());
        }
        OffsetDateTime now = clock.nowUtc();
        return view(principal, tx.inTransaction(em -> {
            AbsenceReportEntity e = em.find(AbsenceReportEntity.class, reportId);
            if (e.getFreeText() == null) {
                throw new InvalidRequestException("This report has no free text to remove");
            }
            // gone from the row itself: no copy is kept anywhere, the audit record names only the reason code
            e.setFreeText(null);
            e.setTextRemoved(true);
            e.setChangedAt(now);
            audit.change(em, Actor.of(principal), AbsenceActions.TEXT_REMOVE, "absence", e.getId(), List.of(childId), unitOf(em, childId),
                    reasonCode);
            return raw(em, principal, e);
        }));
    }

    @Override
    public List<AbsenceKind> kindsForChild(AuthenticatedPrincipal principal, long childId) {
        requireChild(principal, AbsenceActions.REPORT, childId);
        return tx.inTransaction(em -> kinds(unitTypes(em, childId, clock.today(), clock.today().plusDays(365))));
    }

    // ---- opening hours

    @Override
    public OpeningHours openingHours(AuthenticatedPrincipal principal, long unitId) {
        requireUnit(principal, AbsenceActions.OPENING_HOURS_READ, unitId);
        return tx.inTransaction(em -> hours(em, unitId));
    }

    @Override
    public OpeningHours setOpeningHours(AuthenticatedPrincipal principal, long unitId, OpeningHours hours) {
        requireUnit(principal, AbsenceActions.OPENING_HOURS_SET, unitId);
        if (hours == null || hours.days() == null) {
            throw new InvalidRequestException("Opening hours name 'days' (weekday, opens, closes); an empty list closes the unit every day");
        }
        Set<DayOfWeek> seen = EnumSet.noneOf(DayOfWeek.class);
        for (OpeningHours.Day d : hours.days()) {
            if (d == null || d.weekday() == null || d.opens() == null || d.closes() == null || !d.opens().isBefore(d.closes())) {
                throw new InvalidRequestException("Each day names 'weekday' (MONDAY..SUNDAY), 'opens' before 'closes' (HH:mm)");
            }
            if (!seen.add(d.weekday())) {
                throw new InvalidRequestException("A weekday is named twice: " + d.weekday());
            }
        }
        List<LocalDate> closed = hours.closedDates() == null ? List.of() : hours.closedDates().stream().distinct().sorted().toList();
        if (closed.size() > 400) {
            throw new InvalidRequestException("At most 400 closed dates");
        }
        return tx.inTransaction(em -> {
            UnitEntity unit = em.find(UnitEntity.class, unitId);
            em.createQuery("delete from UnitOpeningHoursEntity h where h.unit.id = :u").setParameter("u", unitId).executeUpdate();
            em.createQuery("delete from UnitClosedDayEntity c where c.unit.id = :u").setParameter("u", unitId).executeUpdate();
            for (OpeningHours.Day d : hours.days()) {
                UnitOpeningHoursEntity h = new UnitOpeningHoursEntity();
                h.setUnit(unit);
                h.setWeekday(d.weekday().getValue());
                h.setOpens(d.opens());
                h.setCloses(d.closes());
                em.persist(h);
            }
            for (LocalDate c : closed) {
                UnitClosedDayEntity e = new UnitClosedDayEntity();
                e.setUnit(unit);
                e.setClosedDate(c);
                em.persist(e);
            }
            em.flush();
            audit.change(em, Actor.of(principal), AbsenceActions.OPENING_HOURS_SET, "unit", unitId, (Long) unitId, null);
            return hours(em, unitId);
        });
    }

    private static OpeningHours hours(EntityManager em, long unitId) {
        List<OpeningHours.Day> days = em.createQuery("select h from UnitOpeningHoursEntity h where h.unit.id = :u order by h.weekday",
                        UnitOpeningHoursEntity.class).setParameter("u", unitId).getResultList().stream()
                .map(h -> new OpeningHours.Day(DayOfWeek.of(h.getWeekday()), h.getOpens(), h.getCloses())).toList();
        List<LocalDate> closed = em.createQuery("select c.closedDate from UnitClosedDayEntity c where c.unit.id = :u order by c.closedDate",
                LocalDate.class).setParameter("u", unitId).getResultList();
        return new OpeningHours(unitId, days, closed);
    }

    // ---- health

    @Override
    public HealthInfo health(AuthenticatedPrincipal principal, long childId) {
        requireChild(principal, AbsenceActions.HEALTH_READ, childId);
        Set<String> fields = access.fields(principal, AbsenceActions.HEALTH_VIEW, Target.child(childId), null);
        HealthInfo info = tx.inTransaction(em -> {
            List<ChildHealthEntity> found = em.createQuery("select h from ChildHealthEntity h where h.child.id = :c", ChildHealthEntity.class)
                    .setParameter("c", childId).getResultList();
            if (found.isEmpty()) {
                return new HealthInfo(childId, null, null, null, null);
            }
            ChildHealthEntity h = found.get(0);
            return new HealthInfo(childId, fields.contains(AbsenceActions.FIELD_ALLERGIES) ? h.getAllergies() : null,
                    fields.contains(AbsenceActions.FIELD_INTOLERANCES) ? h.getIntolerances() : null,
                    fields.contains(AbsenceActions.FIELD_GP) ? h.getGp() : null, h.getUpdatedAt());
        });
        recordStaffRead(principal, AbsenceActions.HEALTH_READ, List.of(childId), null);
        return info;
    }

    @Override
    public HealthInfo updateHealth(AuthenticatedPrincipal principal, long childId, HealthInfo info) {
        requireChild(principal, AbsenceActions.HEALTH_UPDATE, childId);
        if (info == null) {
            throw new InvalidRequestException("Health information names 'allergies', 'intolerances' and 'gp' (each may be empty)");
        }
        String allergies = text(info.allergies(), 1000, "allergies");
        String intolerances = text(info.intolerances(), 1000, "intolerances");
        String gp = text(info.gp(), 300, "gp");
        OffsetDateTime now = clock.nowUtc();
        tx.inTransaction(em -> {
            List<ChildHealthEntity> found = em.createQuery("select h from ChildHealthEntity h where h.child.id = :c", ChildHealthEntity.class)
                    .setParameter("c", childId).getResultList();
            ChildHealthEntity h = found.isEmpty() ? new ChildHealthEntity() : found.get(0);
            if (found.isEmpty()) {
                h.setChild(em.find(PersonEntity.class, childId));
            }
            h.setAllergies(allergies);
            h.setIntolerances(intolerances);
            h.setGp(gp);
            h.setUpdatedAt(now);
            h.setUpdatedBy(principal.accountId());
            if (found.isEmpty()) {
                em.persist(h);
            }
            em.flush();
            audit.change(em, Actor.of(principal), AbsenceActions.HEALTH_UPDATE, "child-health", h.getId(), List.of(childId), unitOf(em, childId),
                    null);
            return null;
        });
        return health(principal, childId);
    }

    // ---- rules

    private record Valid(LocalDate from, LocalDate to, LocalTime fromTime, LocalTime toTime, AbsenceKind kind, String text) {
    }

    private Valid validate(AbsenceRequest r) {
        if (r.fromDate() == null) {
            throw new InvalidRequestException("'fromDate' is required (YYYY-MM-DD)");
        }
        LocalDate today = clock.today();
        LocalDate to = r.toDate() == null ? r.fromDate() : r.toDate();
        if (r.fromDate().isBefore(today)) {
            throw new InvalidRequestException("'fromDate' is in the past: a report is for today or later");
        }
        if (to.isBefore(r.fromDate())) {
            throw new InvalidRequestException("'toDate' is before 'fromDate'");
        }
        if (r.fromDate().plusDays(366).isBefore(to)) {
            throw new InvalidRequestException("A report spans at most a year");
        }
        if ((r.fromTime() == null) != (r.toTime() == null)) {
            throw new InvalidRequestException("A part of a day names both 'fromTime' and 'toTime'; a whole day neither");
        }
        if (r.fromTime() != null && (!to.equals(r.fromDate()) || !r.fromTime().isBefore(r.toTime()))) {
            throw new InvalidRequestException("A part of a day is within one date, 'fromTime' before 'toTime'");
        }
        AbsenceKind kind;
        try {
            kind = AbsenceKind.valueOf(r.kind() == null ? "" : r.kind());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("'kind' must be one of " + List.of(AbsenceKind.values()));
        }
        return new Valid(r.fromDate(), to, r.fromTime(), r.toTime(), kind, text(r.text(), AbsenceTexts.MAX_TEXT, "text"));
    }

    private static String text(String value, int max, String name) {
        if (value == null) {
            return null;
        }
        String t = value.strip();
        if (t.isEmpty()) {
            return null;
        }
        if (t.length() > max) {
            throw new InvalidRequestException("'" + name + "' is at most " + max + " characters");
        }
        if (t.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
            throw new InvalidRequestException("'" + name + "' holds control characters");
        }
        return t;
    }

    private void requireKindFits(EntityManager em, long childId, Valid v) {
        Set<UnitType> types = unitTypes(em, childId, v.from(), v.to());
        if (types.isEmpty()) {
            throw new InvalidRequestException("The child is not enrolled at any unit on those dates");
        }
        if (types.stream().noneMatch(v.kind()::appliesTo)) {
            throw new InvalidRequestException("'" + v.kind() + "' is not a reason at this child's unit; use one of " + kinds(types));
        }
    }

    private static List<AbsenceKind> kinds(Set<UnitType> types) {
        return List.of(AbsenceKind.values()).stream().filter(k -> types.stream().anyMatch(k::appliesTo)).toList();
    }

    private static Set<UnitType> unitTypes(EntityManager em, long childId, LocalDate from, LocalDate to) {
        return new HashSet<>(em.createQuery("select distinct e.unit.unitType from EnrolmentEntity e where e.child.id = :c"
                        + " and e.startDate <= :t and (e.endDate is null or e.endDate >= :f)", UnitType.class)
                .setParameter("c", childId).setParameter("f", from).setParameter("t", to).getResultList());
    }

    /** A guardian changes a report only before the unit opens on its first day; staff at any time (audited). */
    private void requireChangeable(EntityManager em, AuthenticatedPrincipal principal, AbsenceReportEntity e) {
        if (WITHDRAWN.equals(e.getState())) {
            throw new InvalidRequestException("This report is withdrawn");
        }
        if (principal.kind() == AccountKind.GUARDIAN && !changeableByGuardian(em, e)) {
            throw new InvalidRequestException("The unit has opened on the report's first day: ask the staff to change it");
        }
    }

    private boolean changeableByGuardian(EntityManager em, AbsenceReportEntity e) {
        LocalDateTime now = clock.now().toLocalDateTime();
        LocalTime opens = opening(em, e.getChild().getId(), e.getFromDate());
        return now.isBefore(e.getFromDate().atTime(opens));
    }

    /** The earliest opening on that date among the child's units; the day's start where none has hours. */
    private static LocalTime opening(EntityManager em, long childId, LocalDate date) {
        List<LocalTime> opens = em.createQuery("select h.opens from UnitOpeningHoursEntity h, EnrolmentEntity e where e.unit = h.unit"
                        + " and e.child.id = :c and " + CURRENT + " and h.weekday = :w", LocalTime.class)
                .setParameter("c", childId).setParameter("d", date).setParameter("w", date.getDayOfWeek().getValue()).getResultList();
        return opens.stream().min(Comparator.naturalOrder()).orElse(LocalTime.MIDNIGHT);
    }

    /**
     * A report as read in its transaction, before the access policy decides which fields the reader
     * sees: that decision reads in a transaction of its own, so it is never asked inside another one
     * (two connections per request would starve the pool under load).
     */
    private record Raw(long id, long childId, LocalDate fromDate, LocalDate toDate, LocalTime fromTime, LocalTime toTime, AbsenceKind kind,
                       String text, boolean textRemoved, String reportedBy, String state, OffsetDateTime createdAt, boolean changeable) {
        AbsenceReport view(boolean seesText) {
            return new AbsenceReport(id, childId, fromDate, toDate, fromTime, toTime, kind, seesText ? text : null, textRemoved, reportedBy,
                    state, createdAt, changeable);
        }
    }

    private Raw raw(EntityManager em, AuthenticatedPrincipal principal, AbsenceReportEntity e) {
        boolean changeable = ACTIVE.equals(e.getState()) && (principal.kind() != AccountKind.GUARDIAN || changeableByGuardian(em, e));
        return new Raw(e.getId(), e.getChild().getId(), e.getFromDate(), e.getToDate(), e.getFromTime(), e.getToTime(),
                AbsenceKind.valueOf(e.getKind()), e.getFreeText(), e.isTextRemoved(), e.getReporterKind(), e.getState(), e.getCreatedAt(),
                changeable);
    }

    private AbsenceReport view(AuthenticatedPrincipal principal, Raw raw) {
        return raw.view(seesText(principal, raw.childId()));
    }

    private boolean seesText(AuthenticatedPrincipal principal, long childId) {
        return access.fields(principal, AbsenceActions.REPORT_VIEW, Target.child(childId), null).contains(AbsenceActions.FIELD_TEXT);
    }

    private static void apply(AbsenceReportEntity e, Valid v) {
        e.setFromDate(v.from());
        e.setToDate(v.to());
        e.setFromTime(v.fromTime());
        e.setToTime(v.toTime());
        e.setKind(v.kind().name());
        e.setFreeText(v.text());
        if (v.text() != null) {
            e.setTextRemoved(false);
        }
    }

    private static Long unitOf(EntityManager em, long childId) {
        List<Long> units = em.createQuery("select e.unit.id from EnrolmentEntity e where e.child.id = :c order by e.startDate desc", Long.class)
                .setParameter("c", childId).setMaxResults(1).getResultList();
        return units.isEmpty() ? null : units.get(0);
    }

    private void requireChild(AuthenticatedPrincipal principal, String action, long childId) {
        if (access.mayEver(principal, action) && tx.inTransaction(em -> em.find(PersonEntity.class, childId) == null)) {
            throw new NoSuchObjectException("No child " + childId);
        }
        access.require(principal, action, Target.child(childId));
    }

    private void requireUnit(AuthenticatedPrincipal principal, String action, long unitId) {
        if (access.mayEver(principal, action) && tx.inTransaction(em -> em.find(UnitEntity.class, unitId) == null)) {
            throw new NoSuchObjectException("No unit " + unitId);
        }
        access.require(principal, action, Target.unit(unitId));
    }

    /** The report's child, or 404 for a report that does not exist (to a role that may act on reports at all). */
    private long childOfReport(AuthenticatedPrincipal principal, long reportId) {
        Long child = tx.inTransaction(em -> {
            AbsenceReportEntity e = em.find(AbsenceReportEntity.class, reportId);
            return e == null ? null : e.getChild().getId();
        });
        if (child == null) {
            if (access.mayEver(principal, AbsenceActions.CHANGE) || access.mayEver(principal, AbsenceActions.TEXT_REMOVE)) {
                throw new NoSuchObjectException("No absence report " + reportId);
            }
            access.requireAnyRole(principal, AbsenceActions.CHANGE);
        }
        return child;
    }

    /** The shared account reads today only (ACCESS.md: "department, today"). */
    private void requireTodayForSharedAccount(AuthenticatedPrincipal principal, String action, LocalDate d, Target target) {
        if (sharedAccountOnly(principal) && !d.equals(clock.today())) {
            audit.denial(Actor.of(principal), action, target.kind(), List.of(target.id()), null, "shared-account-today-only");
            throw new AccessDeniedException(action, "shared-account-today-only");
        }
    }

    private void recordStaffRead(AuthenticatedPrincipal principal, String action, List<Long> childIds, Long unitId) {
        if (principal.kind() == AccountKind.STAFF && !childIds.isEmpty()) {
            audit.read(Actor.of(principal), action, "child", childIds, unitId);
        }
    }

    /** The longest period one call may read. */
    static final int MAX_PERIOD_DAYS = 366;

    @Override
    public List<no.ranselpost.absence.api.PeriodAbsence> unitPeriod(AuthenticatedPrincipal principal, String unitOrgNumber, UnitType unitType,
                                                                    LocalDate from, LocalDate to) {
        // the coarse check first: whether a unit exists is told only to those who may ask at all
        access.requireAnyRole(principal, AbsenceActions.UNIT_PERIOD_READ);
        if (from == null || to == null || to.isBefore(from) || java.time.temporal.ChronoUnit.DAYS.between(from, to) >= MAX_PERIOD_DAYS) {
            throw new InvalidRequestException("'from' and 'to' are dates, 'to' not before 'from', at most " + MAX_PERIOD_DAYS + " days");
        }
        if (unitOrgNumber == null || unitType == null) {
            throw new InvalidRequestException("The unit is named by its organisation number and its type");
        }
        Long unitId = tx.inTransaction(em -> em.createQuery("select u.id from UnitEntity u where u.orgNumber = :o and u.unitType = :t", Long.class)
                .setParameter("o", unitOrgNumber).setParameter("t", unitType).getResultList().stream().findFirst().orElse(null));
        if (unitId == null) {
            throw new NoSuchObjectException("No unit of type " + unitType + " has that organisation number");
        }
        // decided outside the transaction: the policy opens its own
        access.require(principal, AbsenceActions.UNIT_PERIOD_READ, new Target(AbsenceActions.UNIT_SOURCE_KIND, unitId));
        List<no.ranselpost.absence.api.PeriodAbsence> out = tx.inTransaction(em -> {
            // filtered in the database: the unit's children enrolled in the period, their reports touching it
            List<Object[]> rows = em.createQuery("select a, e from AbsenceReportEntity a, EnrolmentEntity e where e.child = a.child "
                            + "and e.unit.id = :u and e.startDate <= :to and (e.endDate is null or e.endDate >= :from) "
                            + "and a.fromDate <= :to and a.toDate >= :from order by a.fromDate, a.id, e.id", Object[].class)
                    .setParameter("u", unitId).setParameter("from", from).setParameter("to", to).getResultList();
            Map<Long, no.ranselpost.absence.api.PeriodAbsence> found = new LinkedHashMap<>();
            for (Object[] r : rows) {
                AbsenceReportEntity a = (AbsenceReportEntity) r[0];
                EnrolmentEntity e = (EnrolmentEntity) r[1];
                found.putIfAbsent(a.getId(), new no.ranselpost.absence.api.PeriodAbsence(a.getId(), a.getChild().getId(),
                        a.getChild().getNationalId(), e.getGroup() == null ? null : e.getGroup().getCode(), a.getFromDate(), a.getToDate(),
                        a.getFromTime(), a.getToTime(), AbsenceKind.valueOf(a.getKind()), a.getState(), a.getReporterKind()));
            }
            return List.copyOf(found.values());
        });
        List<Long> children = out.stream().map(no.ranselpost.absence.api.PeriodAbsence::childId).distinct().toList();
        // every such read is recorded, whoever reads (an integration too), with the children it returned
        audit.read(Actor.of(principal), AbsenceActions.UNIT_PERIOD_READ, "child", children, unitId);
        return out;
    }

    static Map<String, String> labels(AbsenceKind kind) {
        return java.util.stream.Stream.of("nb", "nn", "en").collect(Collectors.toMap(l -> l, kind::label, (a, b) -> a, LinkedHashMap::new));
    }

    static List<Long> ids(List<AbsenceReport> reports) {
        return new ArrayList<>(reports.stream().map(AbsenceReport::id).toList());
    }
}
