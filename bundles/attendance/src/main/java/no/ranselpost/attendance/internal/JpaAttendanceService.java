package no.ranselpost.attendance.internal;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Target;
import no.ranselpost.attendance.api.Arrival;
import no.ranselpost.attendance.api.AttendanceActions;
import no.ranselpost.attendance.api.AttendanceService;
import no.ranselpost.attendance.api.ChildDay;
import no.ranselpost.attendance.api.HeadCount;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.AttendanceDayEntity;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.PickupNoteEntity;

/**
 * Attendance on the database. Every call asks the access policy; every change is audited in its
 * transaction, staff reads recorded. The mark "out with staff's knowledge" is seen by staff only:
 * a guardian's view shows the child as present until the unit's closing time, when the child is
 * checked out with no trace of the mark (a job every minute, and before every read).
 */
@Component(service = AttendanceService.class)
public class JpaAttendanceService implements AttendanceService {

    private static final Logger LOG = LoggerFactory.getLogger(JpaAttendanceService.class);
    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private static final String CURRENT = "e.startDate <= :d and (e.endDate is null or e.endDate >= :d)";
    static final String NOT_ARRIVED = "NOT_ARRIVED";
    static final String PRESENT = "PRESENT";
    static final String OUT_WITH_STAFF = "OUT_WITH_STAFF";
    static final String CHECKED_OUT = "CHECKED_OUT";
    static final String ABSENT = "ABSENT";

    private final Transactions tx;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final OsloClock clock;
    private ScheduledExecutorService closing;

    @Activate
    public JpaAttendanceService(@Reference Transactions tx, @Reference AccessPolicy access, @Reference AuditTrail audit,
                                @Reference OsloClock clock) {
        this.tx = tx;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    @Activate
    void start() {
        closing = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ranselpost-attendance-closing");
            t.setDaemon(true);
            return t;
        });
        closing.scheduleWithFixedDelay(() -> {
            try {
                checkOutAtClosing();
            } catch (RuntimeException e) {
                LOG.warn("Checking out at closing time failed ({}); trying again in a minute", e.getClass().getSimpleName());
            }
        }, 60, 60, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        if (closing != null) {
            closing.shutdownNow();
        }
    }

    // ---- registering

    @Override
    public ChildDay checkIn(AuthenticatedPrincipal principal, long childId, Arrival broughtBy) {
        requireChild(principal, AttendanceActions.REGISTER, childId);
        OffsetDateTime now = clock.nowUtc();
        return change(principal, childId, "check-in", (em, d) -> {
            Arrival a = arrival(em, childId, broughtBy);
            if (d.getCheckedOutAt() != null) {
                throw new InvalidRequestException("The child was checked out today already; ask the unit admin to correct the day");
            }
            if (d.getCheckedInAt() != null) {
                return false;
            }
            d.setCheckedInAt(now);
            d.setCheckedInBy(principal.accountId());
            d.setBroughtByPerson(a.guardianPersonId());
            d.setBroughtByName(a.otherAdultName());
            return true;
        });
    }

    @Override
    public ChildDay checkOut(AuthenticatedPrincipal principal, long childId, Arrival fetchedBy) {
        requireChild(principal, AttendanceActions.REGISTER, childId);
        OffsetDateTime now = clock.nowUtc();
        return change(principal, childId, "check-out", (em, d) -> {
            Arrival a = arrival(em, childId, fetchedBy);
            if (d.getCheckedInAt() == null) {
                throw new InvalidRequestException("The child is not checked in today: a check-out comes after a check-in");
            }
            if (d.getCheckedOutAt() != null) {
                return false;
            }
            d.setCheckedOutAt(now);
            d.setCheckedOutBy(principal.accountId());
            d.setFetchedByPerson(a.guardianPersonId());
            d.setFetchedByName(a.otherAdultName());
            d.setOutWithStaff(false);
            if (d.getSleepStart() != null && d.getSleepEnd() == null) {
                d.setSleepEnd(now);
            }
            return true;
        });
    }

    @Override
    public ChildDay markOutWithStaff(AuthenticatedPrincipal principal, long childId) {
        requireChild(principal, AttendanceActions.MARK_OUT, childId);
        return change(principal, childId, "out-with-staff-knowledge", (em, d) -> {
            if (d.getCheckedInAt() == null || d.getCheckedOutAt() != null) {
                throw new InvalidRequestException("Only a child checked in and not yet out can be marked as out with staff's knowledge");
            }
            if (d.isOutWithStaff()) {
                return false;
            }
            d.setOutWithStaff(true);
            return true;
        });
    }

    @Override
    public ChildDay sleepStart(AuthenticatedPrincipal principal, long childId) {
        requireChild(principal, AttendanceActions.REGISTER, childId);
        OffsetDateTime now = clock.nowUtc();
        return change(principal, childId, "sleep-start", (em, d) -> {
            if (d.getCheckedInAt() == null || d.getCheckedOutAt() != null) {
                throw new InvalidRequestException("The child is not here: sleep is noted for a child checked in");
            }
            if (d.getSleepStart() != null && d.getSleepEnd() == null) {
                return false;
            }
            d.setSleepStart(now);
            d.setSleepEnd(null);
            return true;
        });
    }

    @Override
    public ChildDay sleepEnd(AuthenticatedPrincipal principal, long childId) {
        requireChild(principal, AttendanceActions.REGISTER, childId);
        OffsetDateTime now = clock.nowUtc();
        return change(principal, childId, "sleep-end", (em, d) -> {
            if (d.getSleepStart() == null) {
                throw new InvalidRequestException("The child's sleep has not started today");
            }
            if (d.getSleepEnd() != null) {
                return false;
            }
            d.setSleepEnd(now);
            return true;
        });
    }

    static final Set<String> CORRECTION_REASONS = Set.of("forgot-check-in", "forgot-check-out", "wrong-time");

    @Override
    public ChildDay correct(AuthenticatedPrincipal principal, long childId, no.ranselpost.attendance.api.Correction c) {
        requireChild(principal, AttendanceActions.CORRECT, childId);
        if (c == null || c.reason() == null || !CORRECTION_REASONS.contains(c.reason())) {
            throw new InvalidRequestException("'reason' must be one of " + CORRECTION_REASONS.stream().sorted().toList());
        }
        if (c.checkedInAt() == null && c.checkedOutAt() == null) {
            throw new InvalidRequestException("A correction names 'checkedInAt', 'checkedOutAt' or both");
        }
        LocalDate today = clock.today();
        LocalDate day = c.day() == null ? today : c.day();
        if (day.isAfter(today) || day.isBefore(today.minusDays(31))) {
            throw new InvalidRequestException("'day' is today or up to 31 days back");
        }
        OffsetDateTime now = clock.nowUtc();
        for (OffsetDateTime t : new OffsetDateTime[] {c.checkedInAt(), c.checkedOutAt()}) {
            if (t != null && (!t.atZoneSameInstant(OSLO).toLocalDate().equals(day) || t.isAfter(now))) {
                throw new InvalidRequestException("A corrected time lies on the day itself, and not in the future");
            }
        }
        return tx.inTransaction(em -> {
            AttendanceDayEntity d = day(em, childId, day, true);
            OffsetDateTime in = c.checkedInAt() != null ? c.checkedInAt() : d.getCheckedInAt();
            OffsetDateTime out = c.checkedOutAt() != null ? c.checkedOutAt() : d.getCheckedOutAt();
            if (in == null && out != null) {
                throw new InvalidRequestException("A check-out needs a check-in first: correct both");
            }
            if (in != null && out != null && out.isBefore(in)) {
                throw new InvalidRequestException("The check-out is before the check-in");
            }
            d.setCheckedInAt(in);
            if (c.checkedInAt() != null) {
                d.setCheckedInBy(principal.accountId());
            }
            d.setCheckedOutAt(out);
            if (c.checkedOutAt() != null) {
                d.setCheckedOutBy(principal.accountId());
                d.setOutWithStaff(false);
            }
            em.flush();
            audit.change(em, Actor.of(principal), AttendanceActions.CORRECT, "attendance-day", d.getId(), List.of(childId), null, c.reason());
            return view(em, principal, d, childId, day);
        });
    }

    @Override
    public ChildDay pickupNote(AuthenticatedPrincipal principal, long childId, String text) {
        requireChild(principal, AttendanceActions.PICKUP_NOTE_WRITE, childId);
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.length() > 200 || t.chars().anyMatch(c -> c < 0x20)) {
            throw new InvalidRequestException("'text' is 1 to 200 characters on one line (who fetches the child today)");
        }
        OffsetDateTime now = clock.nowUtc();
        LocalDate today = clock.today();
        tx.inTransaction(em -> {
            PickupNoteEntity n = new PickupNoteEntity();
            n.setChild(em.find(PersonEntity.class, childId));
            n.setDay(today);
            n.setText(t);
            n.setWrittenBy(principal.accountId());
            n.setCreatedAt(now);
            em.persist(n);
            em.flush();
            audit.change(em, Actor.of(principal), AttendanceActions.PICKUP_NOTE_WRITE, "pickup-note", n.getId(), List.of(childId), null, null);
            return null;
        });
        return today(principal, childId);
    }

    private interface Step {
        /** Applies the step to the day; false when it was already so (nothing changes, nothing is recorded). */
        boolean apply(EntityManager em, AttendanceDayEntity day);
    }

    private ChildDay change(AuthenticatedPrincipal principal, long childId, String what, Step step) {
        LocalDate today = clock.today();
        checkOutAtClosing();
        return tx.inTransaction(em -> {
            if (!enrolledOn(em, childId, today)) {
                throw new InvalidRequestException("The child is not enrolled at any unit today");
            }
            AttendanceDayEntity d = day(em, childId, today, true);
            if (step.apply(em, d)) {
                em.flush();
                audit.change(em, Actor.of(principal), AttendanceActions.REGISTER.equals(what) ? what : "attendance." + what, "attendance-day",
                        d.getId(), List.of(childId), null, null);
            }
            return view(em, principal, d, childId, today);
        });
    }

    /** Who brought or fetched: exactly one of a current guardian of the child or another adult's name. */
    private static Arrival arrival(EntityManager em, long childId, Arrival a) {
        if (a == null || (a.guardianPersonId() == null) == (a.otherAdultName() == null || a.otherAdultName().isBlank())) {
            throw new InvalidRequestException("Name who brought or fetched the child: 'guardianPersonId' (one of its guardians) or "
                    + "'otherAdultName' (another adult, as staff noted)");
        }
        if (a.guardianPersonId() != null) {
            boolean guardian = !em.createQuery("select g.id from GuardianshipEntity g where g.child.id = :c and g.guardian.id = :p"
                            + " and g.current = true and g.responsibility <> :unknown", Long.class)
                    .setParameter("c", childId).setParameter("p", a.guardianPersonId()).setParameter("unknown", ParentalResponsibility.UKJENT)
                    .setMaxResults(1).getResultList().isEmpty();
            if (!guardian) {
                throw new InvalidRequestException("'guardianPersonId' is not a current guardian of this child: note another adult's name instead");
            }
            return new Arrival(a.guardianPersonId(), null);
        }
        String name = a.otherAdultName().strip();
        if (name.length() > 100 || name.chars().anyMatch(c -> c < 0x20)) {
            throw new InvalidRequestException("'otherAdultName' is at most 100 characters on one line");
        }
        return new Arrival(null, name);
    }

    // ---- reading

    @Override
    public ChildDay today(AuthenticatedPrincipal principal, long childId) {
        requireChild(principal, AttendanceActions.CHILD_READ, childId);
        checkOutAtClosing();
        LocalDate today = clock.today();
        ChildDay day = tx.inTransaction(em -> view(em, principal, day(em, childId, today, false), childId, today));
        recordStaffRead(principal, AttendanceActions.CHILD_READ, List.of(childId));
        return day;
    }

    @Override
    public HeadCount headCount(AuthenticatedPrincipal principal, long groupId) {
        List<ChildDay> days = groupDays(principal, groupId);
        int present = (int) days.stream().filter(d -> PRESENT.equals(d.state())).count();
        int absent = (int) days.stream().filter(d -> ABSENT.equals(d.state())).count();
        return new HeadCount(groupId, clock.today(), days.size(), present, absent, days);
    }

    @Override
    public List<ChildDay> sleepList(AuthenticatedPrincipal principal, long groupId) {
        return groupDays(principal, groupId).stream().filter(d -> d.sleepStart() != null || PRESENT.equals(d.state())).toList();
    }

    private List<ChildDay> groupDays(AuthenticatedPrincipal principal, long groupId) {
        if (access.mayEver(principal, AttendanceActions.GROUP_READ) && tx.inTransaction(em -> em.find(GroupEntity.class, groupId) == null)) {
            throw new NoSuchObjectException("No group " + groupId);
        }
        access.require(principal, AttendanceActions.GROUP_READ, Target.group(groupId));
        checkOutAtClosing();
        LocalDate today = clock.today();
        List<ChildDay> days = tx.inTransaction(em -> {
            // filtered in the database: the group's children enrolled today, their days and today's absences
            List<PersonEntity> children = em.createQuery("select distinct e.child from EnrolmentEntity e where e.group.id = :g and " + CURRENT
                    + " order by e.child.familyName, e.child.givenName, e.child.id", PersonEntity.class)
                    .setParameter("g", groupId).setParameter("d", today).getResultList();
            Map<Long, AttendanceDayEntity> byChild = new HashMap<>();
            em.createQuery("select a from AttendanceDayEntity a, EnrolmentEntity e where e.child = a.child and e.group.id = :g and " + CURRENT
                            + " and a.day = :d", AttendanceDayEntity.class)
                    .setParameter("g", groupId).setParameter("d", today).getResultList().forEach(a -> byChild.put(a.getChild().getId(), a));
            Set<Long> absent = Set.copyOf(em.createQuery("select distinct a.child.id from AbsenceReportEntity a, EnrolmentEntity e where"
                            + " e.child = a.child and e.group.id = :g and " + CURRENT + " and a.state = 'ACTIVE' and a.fromDate <= :d and"
                            + " a.toDate >= :d and a.fromTime is null", Long.class)
                    .setParameter("g", groupId).setParameter("d", today).getResultList());
            Map<Long, List<String>> notes = notes(em, groupId, today);
            List<ChildDay> out = new ArrayList<>();
            for (PersonEntity c : children) {
                AttendanceDayEntity d = byChild.get(c.getId());
                out.add(staffView(c, groupId, today, d, absent.contains(c.getId()), notes.getOrDefault(c.getId(), List.of())));
            }
            return out;
        });
        recordStaffRead(principal, AttendanceActions.GROUP_READ, days.stream().map(ChildDay::childId).toList());
        return days;
    }

    private static Map<Long, List<String>> notes(EntityManager em, long groupId, LocalDate today) {
        Map<Long, List<String>> out = new HashMap<>();
        em.createQuery("select n from PickupNoteEntity n, EnrolmentEntity e where e.child = n.child and e.group.id = :g and " + CURRENT
                        + " and n.day = :d order by n.createdAt", PickupNoteEntity.class)
                .setParameter("g", groupId).setParameter("d", today).getResultList()
                .forEach(n -> out.computeIfAbsent(n.getChild().getId(), k -> new ArrayList<>()).add(n.getText()));
        return out;
    }

    private ChildDay view(EntityManager em, AuthenticatedPrincipal principal, AttendanceDayEntity d, long childId, LocalDate today) {
        PersonEntity c = em.find(PersonEntity.class, childId);
        boolean absent = !em.createQuery("select a.id from AbsenceReportEntity a where a.child.id = :c and a.state = 'ACTIVE' and a.fromDate <= :d"
                        + " and a.toDate >= :d and a.fromTime is null", Long.class)
                .setParameter("c", childId).setParameter("d", today).setMaxResults(1).getResultList().isEmpty();
        List<String> notes = em.createQuery("select n.text from PickupNoteEntity n where n.child.id = :c and n.day = :d order by n.createdAt",
                String.class).setParameter("c", childId).setParameter("d", today).getResultList();
        List<Long> groups = em.createQuery("select e.group.id from EnrolmentEntity e where e.child.id = :c and " + CURRENT, Long.class)
                .setParameter("c", childId).setParameter("d", today).getResultList();
        Long group = groups.isEmpty() ? null : groups.get(0);
        ChildDay staff = staffView(c, group, today, d, absent, notes);
        if (principal.kind() != AccountKind.GUARDIAN) {
            return staff;
        }
        // a guardian: the times only; the mark "out with staff's knowledge" never shows
        String state = OUT_WITH_STAFF.equals(staff.state()) ? PRESENT : staff.state();
        return new ChildDay(childId, c.getGivenName(), c.getFamilyName(), group, today, state, staff.checkedInAt(), staff.checkedOutAt(),
                null, null, staff.sleepStart(), staff.sleepEnd(), notes);
    }

    private static ChildDay staffView(PersonEntity c, Long groupId, LocalDate today, AttendanceDayEntity d, boolean absent, List<String> notes) {
        String state;
        if (d == null || d.getCheckedInAt() == null) {
            state = absent ? ABSENT : NOT_ARRIVED;
        } else if (d.getCheckedOutAt() != null) {
            state = CHECKED_OUT;
        } else {
            state = d.isOutWithStaff() ? OUT_WITH_STAFF : PRESENT;
        }
        return new ChildDay(c.getId(), c.getGivenName(), c.getFamilyName(), groupId, today, state,
                d == null ? null : d.getCheckedInAt(), d == null ? null : d.getCheckedOutAt(),
                d == null || d.getCheckedInAt() == null ? null : new Arrival(d.getBroughtByPerson(), d.getBroughtByName()),
                d == null || d.getCheckedOutAt() == null ? null : new Arrival(d.getFetchedByPerson(), d.getFetchedByName()),
                d == null ? null : d.getSleepStart(), d == null ? null : d.getSleepEnd(), notes);
    }

    // ---- closing time

    @Override
    public int checkOutAtClosing() {
        LocalDate today = clock.today();
        OffsetDateTime now = clock.nowUtc();
        return tx.inTransaction(em -> {
            List<AttendanceDayEntity> marked = em.createQuery("select a from AttendanceDayEntity a where a.outWithStaff = true"
                    + " and a.checkedOutAt is null and a.day <= :d", AttendanceDayEntity.class).setParameter("d", today).getResultList();
            int done = 0;
            for (AttendanceDayEntity a : marked) {
                OffsetDateTime closes = closing(em, a.getChild().getId(), a.getDay());
                if (!now.isBefore(closes)) {
                    // checked out at the closing time as any other day would end; the mark is gone from the row
                    a.setCheckedOutAt(closes);
                    a.setOutWithStaff(false);
                    if (a.getSleepStart() != null && a.getSleepEnd() == null) {
                        a.setSleepEnd(closes);
                    }
                    audit.change(em, Actor.systemJob("attendance-closing"), "attendance.checked-out-at-closing", "attendance-day", a.getId(),
                            List.of(a.getChild().getId()), null, null);
                    done++;
                }
            }
            if (done > 0) {
                LOG.info("Checked out {} children marked out with staff's knowledge at their units' closing time", done);
            }
            return done;
        });
    }

    /** The latest closing time that day among the child's units; the day's end where none has opening hours. */
    private static OffsetDateTime closing(EntityManager em, long childId, LocalDate day) {
        List<LocalTime> closes = em.createQuery("select h.closes from UnitOpeningHoursEntity h, EnrolmentEntity e where e.unit = h.unit"
                        + " and e.child.id = :c and " + CURRENT + " and h.weekday = :w", LocalTime.class)
                .setParameter("c", childId).setParameter("d", day).setParameter("w", day.getDayOfWeek().getValue()).getResultList();
        LocalTime t = closes.stream().max(Comparator.naturalOrder()).orElse(LocalTime.of(23, 59));
        return day.atTime(t).atZone(OSLO).toOffsetDateTime();
    }

    // ---- helpers

    private static AttendanceDayEntity day(EntityManager em, long childId, LocalDate today, boolean create) {
        List<AttendanceDayEntity> found = em.createQuery("select a from AttendanceDayEntity a where a.child.id = :c and a.day = :d",
                AttendanceDayEntity.class).setParameter("c", childId).setParameter("d", today).getResultList();
        if (!found.isEmpty() || !create) {
            return found.isEmpty() ? null : found.get(0);
        }
        AttendanceDayEntity d = new AttendanceDayEntity();
        d.setChild(em.find(PersonEntity.class, childId));
        d.setDay(today);
        em.persist(d);
        return d;
    }

    private static boolean enrolledOn(EntityManager em, long childId, LocalDate d) {
        return !em.createQuery("select e.id from EnrolmentEntity e where e.child.id = :c and " + CURRENT, Long.class)
                .setParameter("c", childId).setParameter("d", d).setMaxResults(1).getResultList().isEmpty();
    }

    private void requireChild(AuthenticatedPrincipal principal, String action, long childId) {
        if (access.mayEver(principal, action) && tx.inTransaction(em -> em.find(PersonEntity.class, childId) == null)) {
            throw new NoSuchObjectException("No child " + childId);
        }
        access.require(principal, action, Target.child(childId));
    }

    private void recordStaffRead(AuthenticatedPrincipal principal, String action, List<Long> childIds) {
        if (principal.kind() == AccountKind.STAFF && !childIds.isEmpty()) {
            audit.read(Actor.of(principal), action, "child", childIds, null);
        }
    }

    static List<EnrolmentEntity> none() {
        return List.of();
    }
}
