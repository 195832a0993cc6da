package no.ranselpost.timetable.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.EffectiveGrants;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.ConflictException;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.CalendarFeedEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.LessonEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.RosterExportEntity;
import no.ranselpost.persistence.entity.StaffAccountEntity;
import no.ranselpost.persistence.entity.SubjectGroupEntity;
import no.ranselpost.timetable.api.CalendarFeed;
import no.ranselpost.timetable.api.FeedContent;
import no.ranselpost.timetable.api.Lesson;
import no.ranselpost.timetable.api.LessonRequest;
import no.ranselpost.timetable.api.RosterExport;
import no.ranselpost.timetable.api.TimetableActions;
import no.ranselpost.timetable.api.TimetableService;
import no.ranselpost.timetable.api.Week;

/**
 * The timetable on the database. Access is asked of the access policy on every call, outside any
 * transaction; every change is audited in its transaction and staff reads of a pupil's week are
 * recorded. A feed answers on its token alone: the token's account is read afresh (its grants of
 * today, its children of today) on every request, so a revoked token, an ended custody or a
 * disabled account shows at once.
 */
@Component(service = TimetableService.class, configurationPid = TimetableSettings.PID)
@Designate(ocd = TimetableSettings.class)
public class JpaTimetableService implements TimetableService {

    private static final Logger LOG = LoggerFactory.getLogger(JpaTimetableService.class);
    static final String FEED_PATH = "/api/v1/timetable/feeds/";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CURRENT_ON = "e.startDate <= :to and (e.endDate is null or e.endDate >= :from)";

    private final Transactions tx;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final OsloClock clock;
    private final EffectiveGrants grants;
    private volatile TimetableSettings settings;
    private ScheduledExecutorService schedule;

    @Activate
    public JpaTimetableService(@Reference Transactions tx, @Reference AccessPolicy access, @Reference AuditTrail audit,
                               @Reference OsloClock clock, @Reference EffectiveGrants grants) {
        this.tx = tx;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.grants = grants;
    }

    @Activate
    @Modified
    void configure(TimetableSettings settings) {
        this.settings = settings;
        stop();
        if (settings.exportIntervalHours() > 0) {
            schedule = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ranselpost-oneroster-export");
                t.setDaemon(true);
                return t;
            });
            long hours = settings.exportIntervalHours();
            schedule.scheduleWithFixedDelay(() -> {
                try {
                    export(Actor.systemJob("oneroster-export"), "SCHEDULE");
                } catch (RuntimeException e) {
                    LOG.warn("The scheduled OneRoster export failed ({}); it runs again in {} hours", e.getClass().getSimpleName(), hours);
                }
            }, hours, hours, TimeUnit.HOURS);
        }
    }

    @Deactivate
    synchronized void stop() {
        if (schedule != null) {
            schedule.shutdownNow();
            schedule = null;
        }
    }

    static String newUid() {
        return UUID.randomUUID() + "@ranselpost";
    }

    // ------------------------------------------------------------------ weeks

    @Override
    public Week pupilWeek(AuthenticatedPrincipal principal, long childId, LocalDate day) {
        if (access.mayEver(principal, TimetableActions.PUPIL_READ) && tx.inTransaction(em -> em.find(PersonEntity.class, childId) == null)) {
            throw new NoSuchObjectException("No pupil " + childId);
        }
        access.require(principal, TimetableActions.PUPIL_READ, Target.child(childId));
        LocalDate monday = monday(day);
        Week week = tx.inTransaction(em -> {
            boolean hidden = principal.kind() == AccountKind.GUARDIAN && !sharesProtection(em, principal.personId(), childId);
            List<LessonEntity> lessons = hidden ? List.of() : pupilLessons(em, childId, monday, monday.plusDays(6));
            return week("pupil", childId, monday, lessons);
        });
        if (principal.kind() == AccountKind.STAFF) {
            audit.read(Actor.of(principal), TimetableActions.PUPIL_READ, "child", List.of(childId), null);
        }
        return week;
    }

    @Override
    public Week teacherWeek(AuthenticatedPrincipal principal, long teacherPersonId, LocalDate day) {
        if (access.mayEver(principal, TimetableActions.TEACHER_READ)
                && tx.inTransaction(em -> em.find(PersonEntity.class, teacherPersonId) == null)) {
            throw new NoSuchObjectException("No teacher " + teacherPersonId);
        }
        access.require(principal, TimetableActions.TEACHER_READ, TimetableAccessDeclaration.teacher(teacherPersonId));
        LocalDate monday = monday(day);
        return tx.inTransaction(em -> week("teacher", teacherPersonId, monday, teacherLessons(em, teacherPersonId, monday, monday.plusDays(6))));
    }

    @Override
    public Week groupWeek(AuthenticatedPrincipal principal, long groupId, LocalDate day) {
        requireGroup(principal, TimetableActions.GROUP_READ, groupId);
        LocalDate monday = monday(day);
        return tx.inTransaction(em -> week("group", groupId, monday, em.createQuery("select l from LessonEntity l where l.group.id = :g"
                        + " and l.validFrom <= :to and l.validTo >= :from", LessonEntity.class)
                .setParameter("g", groupId).setParameter("from", monday).setParameter("to", monday.plusDays(6)).getResultList()));
    }

    @Override
    public List<Lesson> groupLessons(AuthenticatedPrincipal principal, long groupId) {
        requireGroup(principal, TimetableActions.GROUP_READ, groupId);
        return tx.inTransaction(em -> em.createQuery("select l from LessonEntity l where l.group.id = :g order by l.weekday, l.startTime, l.id",
                LessonEntity.class).setParameter("g", groupId).getResultList().stream().map(JpaTimetableService::view).toList());
    }

    static LocalDate monday(LocalDate day) {
        return (day == null ? LocalDate.now(CalendarWriter.OSLO) : day).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static List<LessonEntity> pupilLessons(EntityManager em, long childId, LocalDate from, LocalDate to) {
        return em.createQuery("select distinct l from LessonEntity l, EnrolmentEntity e where e.child.id = :c and e.group = l.group and "
                        + CURRENT_ON + " and l.validFrom <= :to and l.validTo >= :from", LessonEntity.class)
                .setParameter("c", childId).setParameter("from", from).setParameter("to", to).getResultList();
    }

    private static List<LessonEntity> teacherLessons(EntityManager em, long personId, LocalDate from, LocalDate to) {
        return em.createQuery("select l from LessonEntity l where l.teacher.id = :p and l.validFrom <= :to and l.validTo >= :from",
                LessonEntity.class).setParameter("p", personId).setParameter("from", from).setParameter("to", to).getResultList();
    }

    /**
     * Whether a guardian may see where the child is: always, unless the child has a strengt
     * fortrolig address and the guardian does not share it (ACCESS.md: then the child's name only).
     */
    private static boolean sharesProtection(EntityManager em, Long guardianPersonId, long childId) {
        PersonEntity child = em.find(PersonEntity.class, childId);
        if (child == null || child.getAddressProtection() != AddressProtection.STRICTLY_CONFIDENTIAL) {
            return true;
        }
        PersonEntity guardian = guardianPersonId == null ? null : em.find(PersonEntity.class, guardianPersonId);
        return guardian != null && guardian.getAddressProtection() == AddressProtection.STRICTLY_CONFIDENTIAL;
    }

    private static Week week(String of, long id, LocalDate monday, List<LessonEntity> lessons) {
        List<Week.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            LocalDate date = monday.plusDays(i);
            for (LessonEntity l : lessons) {
                if (l.getWeekday() == date.getDayOfWeek().getValue() && !date.isBefore(l.getValidFrom()) && !date.isAfter(l.getValidTo())
                        && !LessonRules.parseDates(l.getCancelledDates()).contains(date)) {
                    ZonedDateTime starts = ZonedDateTime.of(date, l.getStartTime(), CalendarWriter.OSLO);
                    ZonedDateTime ends = ZonedDateTime.of(date, l.getEndTime(), CalendarWriter.OSLO);
                    entries.add(new Week.Entry(date, l.getStartTime(), l.getEndTime(), starts.toOffsetDateTime(), ends.toOffsetDateTime(), l.getId(),
                            l.getSubjectCode(), l.getSubjectName(), l.getGroup().getCode(), l.getGroup().getName(), l.getRoom(),
                            teacherName(l)));
                }
            }
        }
        entries.sort(Comparator.comparing(Week.Entry::startsAt).thenComparing(Week.Entry::lessonId));
        int week = monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        int year = monday.get(IsoFields.WEEK_BASED_YEAR);
        return new Week(of, id, year, week, monday, monday.plusDays(6), CalendarWriter.OSLO_ID, entries);
    }

    private static String teacherName(LessonEntity l) {
        PersonEntity t = l.getTeacher();
        if (t == null) {
            return null;
        }
        String given = t.getGivenName() == null ? "" : t.getGivenName();
        String family = t.getFamilyName() == null ? "" : t.getFamilyName();
        return (given + " " + family).strip();
    }

    static Lesson view(LessonEntity l) {
        return new Lesson(l.getId(), l.getUnit().getId(), l.getGroup().getId(), l.getGroup().getCode(), l.getGroup().getName(), l.getSubjectCode(),
                l.getSubjectName(), l.getTeacher() == null ? null : l.getTeacher().getId(), teacherName(l), l.getRoom(),
                DayOfWeek.of(l.getWeekday()), l.getStartTime(), l.getEndTime(), l.getValidFrom(), l.getValidTo(),
                LessonRules.parseDates(l.getCancelledDates()), l.getSourceId(), l.getSequence());
    }

    private void requireGroup(AuthenticatedPrincipal principal, String action, long groupId) {
        if (access.mayEver(principal, action) && tx.inTransaction(em -> em.find(GroupEntity.class, groupId) == null)) {
            throw new NoSuchObjectException("No group " + groupId);
        }
        access.require(principal, action, Target.group(groupId));
    }

    // ------------------------------------------------------------------ lessons by hand

    @Override
    public Lesson createLesson(AuthenticatedPrincipal principal, LessonRequest request) {
        if (request == null || request.groupId() == null) {
            throw new InvalidRequestException("'groupId' is required");
        }
        requireGroup(principal, TimetableActions.LESSON_WRITE, request.groupId());
        checkRequest(request);
        return tx.inTransaction(em -> {
            GroupEntity group = em.find(GroupEntity.class, request.groupId());
            requireNoSource(em, group);
            PersonEntity teacher = teacher(em, group, request.teacherPersonId());
            int weekday = request.weekday().getValue();
            LessonEntity clash = LessonRules.overlap(em, group.getId(), teacher == null ? null : teacher.getId(), weekday, request.start(),
                    request.end(), request.validFrom(), request.validTo(), null, l -> true);
            if (clash != null) {
                throw new ConflictException(null, "The lesson overlaps lesson " + clash.getId() + " of the group or the teacher");
            }
            OffsetDateTime now = clock.nowUtc();
            LessonEntity l = new LessonEntity();
            l.setUnit(group.getUnit());
            l.setGroup(group);
            l.setCalendarUid(newUid());
            l.setCreatedAt(now);
            l.setUpdatedAt(now);
            TimetableRecords.fill(l, text(request.subjectCode(), "subjectCode", 50), text(request.subjectName(), "subjectName", 200), teacher,
                    optionalText(request.room(), "room", 50), weekday, request.start(), request.end(), request.validFrom(), request.validTo(),
                    LessonRules.joinDates(cancelled(request)));
            em.persist(l);
            em.flush();
            audit.change(em, Actor.of(principal), "timetable.lesson.created", "lesson", l.getId(), group.getUnit().getId(), null);
            return view(l);
        });
    }

    @Override
    public Lesson updateLesson(AuthenticatedPrincipal principal, long lessonId, LessonRequest request) {
        long groupId = lessonGroup(principal, lessonId);
        requireGroup(principal, TimetableActions.LESSON_WRITE, groupId);
        if (request == null) {
            throw new InvalidRequestException("A lesson is required");
        }
        if (request.groupId() != null && request.groupId() != groupId) {
            throw new InvalidRequestException("A lesson stays in its group: remove it and enter a new one");
        }
        checkRequest(request);
        return tx.inTransaction(em -> {
            LessonEntity l = em.find(LessonEntity.class, lessonId);
            if (l.getSourceId() != null) {
                throw new ConflictException(l.getSourceId(), "The lesson comes from the source '" + l.getSourceId() + "': change it there");
            }
            PersonEntity teacher = teacher(em, l.getGroup(), request.teacherPersonId());
            int weekday = request.weekday().getValue();
            LessonEntity clash = LessonRules.overlap(em, l.getGroup().getId(), teacher == null ? null : teacher.getId(), weekday, request.start(),
                    request.end(), request.validFrom(), request.validTo(), l.getId(), x -> true);
            if (clash != null) {
                throw new ConflictException(null, "The lesson overlaps lesson " + clash.getId() + " of the group or the teacher");
            }
            TimetableRecords.fill(l, text(request.subjectCode(), "subjectCode", 50), text(request.subjectName(), "subjectName", 200), teacher,
                    optionalText(request.room(), "room", 50), weekday, request.start(), request.end(), request.validFrom(), request.validTo(),
                    LessonRules.joinDates(cancelled(request)));
            l.setSequence(l.getSequence() + 1);
            l.setUpdatedAt(clock.nowUtc());
            audit.change(em, Actor.of(principal), "timetable.lesson.updated", "lesson", l.getId(), l.getUnit().getId(), null);
            return view(l);
        });
    }

    @Override
    public void deleteLesson(AuthenticatedPrincipal principal, long lessonId) {
        long groupId = lessonGroup(principal, lessonId);
        requireGroup(principal, TimetableActions.LESSON_WRITE, groupId);
        tx.run(em -> {
            LessonEntity l = em.find(LessonEntity.class, lessonId);
            if (l.getSourceId() != null) {
                throw new ConflictException(l.getSourceId(), "The lesson comes from the source '" + l.getSourceId() + "': remove it there");
            }
            audit.change(em, Actor.of(principal), "timetable.lesson.removed", "lesson", l.getId(), l.getUnit().getId(), null);
            em.remove(l);
        });
    }

    private long lessonGroup(AuthenticatedPrincipal principal, long lessonId) {
        Long groupId = tx.inTransaction(em -> {
            LessonEntity l = em.find(LessonEntity.class, lessonId);
            return l == null ? null : l.getGroup().getId();
        });
        if (groupId == null) {
            if (!access.mayEver(principal, TimetableActions.LESSON_WRITE)) {
                access.require(principal, TimetableActions.LESSON_WRITE, Target.NONE);
            }
            throw new NoSuchObjectException("No lesson " + lessonId);
        }
        return groupId;
    }

    /** Where a source owns the group's timetable, it alone changes it. */
    private static void requireNoSource(EntityManager em, GroupEntity group) {
        List<String> sources = em.createQuery("select distinct l.sourceId from LessonEntity l where l.group.id = :g and l.sourceId is not null",
                String.class).setParameter("g", group.getId()).getResultList();
        if (sources.isEmpty()) {
            sources = em.createQuery("select s.sourceId from SubjectGroupEntity s where s.group.id = :g and s.sourceId is not null", String.class)
                    .setParameter("g", group.getId()).getResultList();
        }
        if (!sources.isEmpty()) {
            throw new ConflictException(sources.get(0), "The group's timetable comes from the source '" + sources.get(0) + "': change it there");
        }
    }

    private static PersonEntity teacher(EntityManager em, GroupEntity group, Long personId) {
        if (personId == null) {
            return null;
        }
        boolean employed = !em.createQuery("select e.id from EmploymentEntity e where e.person.id = :p and e.unit.id = :u", Long.class)
                .setParameter("p", personId).setParameter("u", group.getUnit().getId()).setMaxResults(1).getResultList().isEmpty();
        if (!employed) {
            throw new InvalidRequestException("'teacherPersonId' is not employed at the group's unit");
        }
        return em.find(PersonEntity.class, personId);
    }

    private static void checkRequest(LessonRequest r) {
        if (r.weekday() == null) {
            throw new InvalidRequestException("'weekday' is required (MONDAY to SUNDAY)");
        }
        LessonRules.require(LessonRules.invalid(r.weekday().getValue(), r.start(), r.end(), r.validFrom(), r.validTo(), cancelled(r)));
        text(r.subjectCode(), "subjectCode", 50);
        text(r.subjectName(), "subjectName", 200);
        optionalText(r.room(), "room", 50);
    }

    private static List<LocalDate> cancelled(LessonRequest r) {
        return r.cancelledDates() == null ? List.of() : r.cancelledDates().stream().filter(java.util.Objects::nonNull).toList();
    }

    private static String text(String v, String name, int max) {
        if (v == null || v.isBlank()) {
            throw new InvalidRequestException("'" + name + "' is required");
        }
        return optionalText(v, name, max);
    }

    private static String optionalText(String v, String name, int max) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String s = v.strip();
        if (s.length() > max || s.chars().anyMatch(c -> c < 0x20)) {
            throw new InvalidRequestException("'" + name + "' is at most " + max + " characters on one line");
        }
        return s;
    }

    // ------------------------------------------------------------------ feeds

    @Override
    public CalendarFeed createFeed(AuthenticatedPrincipal principal) {
        access.require(principal, TimetableActions.FEED_MANAGE, Target.NONE);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return tx.inTransaction(em -> {
            OffsetDateTime now = clock.nowUtc();
            for (CalendarFeedEntity old : current(em, principal.accountId())) {
                old.setRevokedAt(now);
                audit.change(em, Actor.of(principal), "timetable.feed.revoked", "calendar-feed", old.getId(), null, "renewed");
            }
            CalendarFeedEntity f = new CalendarFeedEntity();
            f.setAccountId(principal.accountId());
            f.setAccountKind(principal.kind().name());
            f.setTokenHash(sha256(token));
            f.setCreatedAt(now);
            em.persist(f);
            em.flush();
            audit.change(em, Actor.of(principal), "timetable.feed.created", "calendar-feed", f.getId(), null, null);
            return new CalendarFeed(f.getId(), now, token, FEED_PATH + token + ".ics");
        });
    }

    @Override
    public Optional<CalendarFeed> currentFeed(AuthenticatedPrincipal principal) {
        access.require(principal, TimetableActions.FEED_MANAGE, Target.NONE);
        return tx.inTransaction(em -> current(em, principal.accountId()).stream().findFirst()
                .map(f -> new CalendarFeed(f.getId(), f.getCreatedAt(), null, null)));
    }

    @Override
    public void revokeFeed(AuthenticatedPrincipal principal) {
        access.require(principal, TimetableActions.FEED_MANAGE, Target.NONE);
        // idempotent: revoking when there is no feed changes nothing
        tx.run(em -> {
            for (CalendarFeedEntity f : current(em, principal.accountId())) {
                f.setRevokedAt(clock.nowUtc());
                audit.change(em, Actor.of(principal), "timetable.feed.revoked", "calendar-feed", f.getId(), null, null);
            }
        });
    }

    private static List<CalendarFeedEntity> current(EntityManager em, long accountId) {
        return em.createQuery("select f from CalendarFeedEntity f where f.accountId = :a and f.revokedAt is null order by f.id desc",
                CalendarFeedEntity.class).setParameter("a", accountId).getResultList();
    }

    @Override
    public Optional<FeedContent> feed(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        String hash = sha256(token);
        // the account as it is now: its kind, its grants of today
        Optional<AuthenticatedPrincipal> owner = tx.inTransaction(em -> {
            List<CalendarFeedEntity> found = em.createQuery("select f from CalendarFeedEntity f where f.tokenHash = :h and f.revokedAt is null",
                    CalendarFeedEntity.class).setParameter("h", hash).getResultList();
            if (found.isEmpty()) {
                return Optional.<AuthenticatedPrincipal>empty();
            }
            StaffAccountEntity a = em.find(StaffAccountEntity.class, found.get(0).getAccountId());
            if (a == null || a.isDisabled() || !a.getKind().name().equals(found.get(0).getAccountKind()) || a.getPerson() == null) {
                return Optional.<AuthenticatedPrincipal>empty();
            }
            List<RoleGrant> stored = a.getGrants().stream()
                    .map(g -> new RoleGrant(g.getRole(), g.getUnitId(), g.getGroupId(), g.getValidFrom(), g.getValidTo(), g.getSourceId()))
                    .toList();
            AuthenticatedPrincipal.Assurance assurance = a.getKind() == AccountKind.GUARDIAN
                    ? AuthenticatedPrincipal.Assurance.IDPORTEN_LOA_SUBSTANTIAL : AuthenticatedPrincipal.Assurance.PASSWORD;
            return Optional.of(grants.principal(em, new EffectiveGrants.Account(a.getId(), a.getKind(), a.getUsername(), a.getDisplayName(),
                    a.getPerson().getId(), stored), 0, assurance));
        });
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        AuthenticatedPrincipal p = owner.get();
        LocalDate today = clock.today();
        List<CalendarWriter.Event> events = new ArrayList<>();
        String name;
        if (p.kind() == AccountKind.GUARDIAN) {
            name = "Timeplan";
            List<Long> children = tx.inTransaction(em -> em.createQuery("select distinct g.child.id from GuardianshipEntity g where"
                            + " g.guardian.id = :p and g.current = true and g.responsibility <> :unknown order by g.child.id", Long.class)
                    .setParameter("p", p.personId()).setParameter("unknown", ParentalResponsibility.UKJENT).getResultList());
            for (Long child : children) {
                // the same decision as the pupil's week, on the account as it is today
                if (!access.decide(p, TimetableActions.PUPIL_READ, Target.child(child)).allowed()) {
                    continue;
                }
                tx.run(em -> {
                    if (!sharesProtection(em, p.personId(), child)) {
                        return;
                    }
                    PersonEntity c = em.find(PersonEntity.class, child);
                    String given = c.getGivenName() == null ? "" : c.getGivenName();
                    for (LessonEntity l : pupilLessons(em, child, today.minusWeeks(4), today.plusYears(1))) {
                        events.add(event(l, l.getCalendarUid().replace("@", "-p" + child + "@"), given));
                    }
                });
            }
        } else if (p.kind() == AccountKind.STAFF && p.personId() != null
                && access.decide(p, TimetableActions.TEACHER_READ, TimetableAccessDeclaration.teacher(p.personId())).allowed()) {
            name = "Timeplan (undervisning)";
            tx.run(em -> teacherLessons(em, p.personId(), today.minusWeeks(4), today.plusYears(1))
                    .forEach(l -> events.add(event(l, l.getCalendarUid(), null))));
        } else {
            return Optional.empty();
        }
        events.sort(Comparator.comparing(CalendarWriter.Event::uid));
        String text = CalendarWriter.write(name, events);
        return Optional.of(new FeedContent(text, "\"" + sha256(text) + "\""));
    }

    /** What the feed says of a lesson: subject, group, room, teacher; for a guardian the child's given name to tell siblings apart. */
    private static CalendarWriter.Event event(LessonEntity l, String uid, String childGivenName) {
        String summary = l.getSubjectName() + " (" + l.getGroup().getName() + ")" + (childGivenName == null || childGivenName.isBlank() ? ""
                : " – " + childGivenName);
        String teacher = teacherName(l);
        String description = teacher == null || teacher.isBlank() ? null : "Lærer: " + teacher;
        return new CalendarWriter.Event(uid, l.getSequence(), l.getUpdatedAt().toInstant(), summary, l.getRoom(), description,
                DayOfWeek.of(l.getWeekday()), l.getStartTime(), l.getEndTime(), l.getValidFrom(), l.getValidTo(),
                LessonRules.parseDates(l.getCancelledDates()));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ the OneRoster export

    @Override
    public RosterExport runExport(AuthenticatedPrincipal principal) {
        access.require(principal, TimetableActions.EXPORT_RUN, Target.NONE);
        return export(Actor.of(principal), "ON_DEMAND");
    }

    private RosterExport export(Actor actor, String trigger) {
        TimetableSettings s = settings;
        OneRosterExport.Result result = tx.inTransaction(em -> OneRosterExport.build(em, clock.today(), clock.nowUtc(),
                OneRosterExport.Protected.valueOf(s == null ? "NAME_ONLY" : s.strictlyConfidentialExport()),
                s == null || s.exportNationalIds()));
        return tx.inTransaction(em -> {
            RosterExportEntity e = new RosterExportEntity();
            e.setCreatedAt(clock.nowUtc());
            e.setTriggerKind(trigger);
            e.setUserCount(result.users());
            e.setContent(result.zip());
            e.setSize(result.zip().length);
            e.setSha256(HexFormat.of().formatHex(digest(result.zip())));
            em.persist(e);
            em.flush();
            audit.change(em, actor, "timetable.export.created", "roster-export", e.getId(), null, trigger.toLowerCase(java.util.Locale.ROOT));
            int keep = s == null ? 10 : Math.max(1, s.exportsKept());
            List<RosterExportEntity> old = em.createQuery("select r from RosterExportEntity r order by r.id desc", RosterExportEntity.class)
                    .setFirstResult(keep).getResultList();
            for (RosterExportEntity o : old) {
                em.remove(o);
            }
            LOG.info("OneRoster export {} made ({}): {} users, {} bytes", e.getId(), trigger, result.users(), e.getSize());
            return toExport(e);
        });
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RosterExport toExport(RosterExportEntity e) {
        return new RosterExport(e.getId(), e.getCreatedAt(), e.getTriggerKind(), e.getUserCount(), e.getSize(), e.getSha256());
    }

    @Override
    public byte[] latestExport(AuthenticatedPrincipal principal) {
        access.require(principal, TimetableActions.EXPORT_READ, TimetableAccessDeclaration.EXPORT);
        Object[] found = tx.inTransaction(em -> em.createQuery("select r from RosterExportEntity r order by r.id desc", RosterExportEntity.class)
                .setMaxResults(1).getResultList().stream().findFirst().map(r -> new Object[] {r.getId(), r.getContent()}).orElse(null));
        if (found == null) {
            throw new NoSuchObjectException("No OneRoster export has been made yet");
        }
        // the export holds pupils' data: its reading is recorded like any read of child data
        audit.read(Actor.of(principal), TimetableActions.EXPORT_READ, "roster-export", List.of((Long) found[0]), null);
        return (byte[]) found[1];
    }

    @Override
    public List<RosterExport> exports(AuthenticatedPrincipal principal) {
        access.require(principal, TimetableActions.EXPORT_READ, TimetableAccessDeclaration.EXPORT);
        return tx.inTransaction(em -> em.createQuery("select r from RosterExportEntity r order by r.id desc", RosterExportEntity.class)
                .setMaxResults(100).getResultList().stream().map(JpaTimetableService::toExport).toList());
    }

    static Set<String> anonymousPaths() {
        return Set.of(FEED_PATH + "*");
    }
}
