package no.ranselpost.messaging.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.ChildScope;
import no.ranselpost.access.api.Reach;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.ConflictException;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.PayloadTooLargeException;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.messaging.api.InboxPage;
import no.ranselpost.messaging.api.MessageView;
import no.ranselpost.messaging.api.MessagingActions;
import no.ranselpost.messaging.api.MessagingService;
import no.ranselpost.messaging.api.MessagingTexts;
import no.ranselpost.messaging.api.NewMessage;
import no.ranselpost.messaging.api.Preflight;
import no.ranselpost.messaging.api.Receipts;
import no.ranselpost.messaging.api.Recipients;
import no.ranselpost.messaging.api.Sent;
import no.ranselpost.messaging.api.ThreadKind;
import no.ranselpost.messaging.api.ThreadModel;
import no.ranselpost.messaging.api.ThreadSummary;
import no.ranselpost.messaging.api.ThreadView;
import no.ranselpost.messaging.api.UploadedAttachment;
import no.ranselpost.notification.api.NoticeCategories;
import no.ranselpost.notification.api.NotificationOutbox;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.MessageAttachmentEntity;
import no.ranselpost.persistence.entity.MessageEntity;
import no.ranselpost.persistence.entity.MessageReadEntity;
import no.ranselpost.persistence.entity.MessageSendEntity;
import no.ranselpost.persistence.entity.MessageThreadEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.StaffAccountEntity;
import no.ranselpost.persistence.entity.ThreadParticipantEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.storage.api.ContentStore;
import no.ranselpost.storage.api.ContentStream;
import no.ranselpost.storage.api.ServingHeaders;

/**
 * Messaging on the database. Access is asked of the access policy with the acting principal on
 * every call, before any transaction opens; recipients are resolved in the send's own
 * transaction from the relations of that moment, and the whole send (every thread, message and
 * participant, and its audit record) commits or none of it does. Nothing of a message's text,
 * subject or anyone's name is ever logged.
 */
@Component(service = MessagingService.class, configurationPid = "no.ranselpost.messaging")
@Designate(ocd = MessagingSettings.class)
public class JpaMessagingService implements MessagingService {

    private static final Logger LOG = LoggerFactory.getLogger(JpaMessagingService.class);
    static final String ACTIVE = "ACTIVE";
    static final String WITHDRAWN = "WITHDRAWN";
    static final String REDACTED = "REDACTED";
    static final Set<String> REDACTION_REASONS = Set.of("sensitive-health", "sensitive-family", "sensitive-other", "other-child-named",
            "wrong-recipient");
    private static final int MAX_ATTACHMENTS = 10;
    private static final int MAX_PAGE = 100;
    private static final String CURRENT = "e.startDate <= :today and (e.endDate is null or e.endDate >= :today)";
    private final Transactions tx;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final OsloClock clock;
    private final ContentStore store;
    private volatile MessagingSettings settings;
    private volatile ThreadModel model = ThreadModel.MESSAGE;
    /** The notification outbox, when notifications run: a send writes its notices in its own transaction. */
    private volatile NotificationOutbox outbox;

    @Activate
    public JpaMessagingService(@Reference Transactions tx, @Reference AccessPolicy access, @Reference AuditTrail audit,
                               @Reference OsloClock clock, @Reference(policyOption = ReferencePolicyOption.GREEDY) ContentStore store,
                               MessagingSettings settings) {
        this.tx = tx;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.store = store;
        modified(settings);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void setOutbox(NotificationOutbox o) {
        this.outbox = o;
    }

    public void unsetOutbox(NotificationOutbox o) {
        if (this.outbox == o) {
            this.outbox = null;
        }
    }

    @Modified
    void modified(MessagingSettings s) {
        this.settings = s;
        String m = s == null || s.threadModel() == null ? "MESSAGE" : s.threadModel().strip().toUpperCase(Locale.ROOT);
        this.model = "CONVERSATION".equals(m) ? ThreadModel.CONVERSATION : ThreadModel.MESSAGE;
        LOG.info("Messaging runs the {} thread model", model);
    }

    @Override
    public ThreadModel model() {
        return model;
    }

    @Override
    public long maxAttachmentBytes() {
        return settings.maxAttachmentBytes();
    }

    @Override
    public int withdrawMinutes() {
        return settings.withdrawMinutes();
    }

    // ---- planning a send

    /** A guardian who can receive: by person, and whether their address is protected (they get a thread of their own). */
    record Guardian(long personId, boolean protectedAddress) {
    }

    /** One thread a send goes into: a new one, or (conversations) an existing one found at send time. */
    record ThreadPlan(ThreadKind kind, long unitId, Long groupId, Long childId, Long privateFor, List<Long> guardians, List<Long> staff) {
        String key() {
            return kind + ":" + unitId + ":" + groupId + ":" + childId + ":" + privateFor + ":" + new TreeSet<>(guardians) + ":" + new TreeSet<>(staff);
        }
    }

    /** What a send reaches. */
    record Plan(String scopeKind, Long scopeId, long unitId, List<ThreadPlan> threads, Set<Long> children, boolean wide) {
        int families() {
            // a family is a child's: a protected guardian's thread of their own is the same family
            return (int) threads.stream().map(ThreadPlan::childId).filter(c -> c != null).distinct().count();
        }

        int guardians() {
            return (int) threads.stream().flatMap(t -> t.guardians().stream()).distinct().count();
        }

        int staff() {
            return (int) threads.stream().flatMap(t -> t.staff().stream()).distinct().count();
        }

        String token(long accountId) {
            StringBuilder b = new StringBuilder().append(accountId).append('|').append(scopeKind).append('|').append(scopeId);
            threads.stream().map(ThreadPlan::key).sorted().forEach(k -> b.append('|').append(k));
            try {
                byte[] h = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
                return Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, 22);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean staff(AuthenticatedPrincipal p) {
        return p.kind() == AccountKind.STAFF;
    }

    private static boolean guardian(AuthenticatedPrincipal p) {
        return p.kind() == AccountKind.GUARDIAN && p.personId() != null;
    }

    private static void validate(NewMessage m, boolean needText, boolean reply) {
        if (m == null) {
            throw new InvalidRequestException("A message names 'recipients' and 'text'");
        }
        if (needText || m.text() != null) {
            if (m.text() == null || m.text().isBlank()) {
                throw new InvalidRequestException("'text' is required and may not be blank");
            }
            if (m.text().length() > MessagingTexts.MAX_TEXT) {
                throw new InvalidRequestException("'text' may be at most " + MessagingTexts.MAX_TEXT + " characters");
            }
        }
        if (m.subject() != null && m.subject().length() > MessagingTexts.MAX_SUBJECT) {
            throw new InvalidRequestException("'subject' may be at most " + MessagingTexts.MAX_SUBJECT + " characters");
        }
        if (m.subject() != null && m.subject().chars().anyMatch(c -> c < 0x20)) {
            throw new InvalidRequestException("'subject' is one line without control characters");
        }
        if (m.attachmentIds().size() > MAX_ATTACHMENTS) {
            throw new InvalidRequestException("A message carries at most " + MAX_ATTACHMENTS + " attachments");
        }
        if (reply && (m.recipients() != null || m.announcement() || m.sensitive())) {
            throw new InvalidRequestException("A reply goes to the thread's participants: it names no 'recipients' and is neither an announcement"
                    + " nor marked sensitive (start a new message for that)");
        }
    }

    /** Decides (outside any transaction) and plans whom a new message reaches. */
    private Plan plan(AuthenticatedPrincipal p, NewMessage m) {
        Recipients r = m.recipients();
        if (r == null) {
            throw new InvalidRequestException("'recipients' is required");
        }
        if (guardian(p)) {
            return guardianPlan(p, m, r);
        }
        if (!staff(p)) {
            access.requireAnyRole(p, MessagingActions.WRITE_FAMILY);
        }
        int named = (r.families().isEmpty() ? 0 : 1) + (r.groupId() == null ? 0 : 1) + (r.unitId() == null || !r.staffAccountIds().isEmpty() ? 0 : 1)
                + (r.staffAccountIds().isEmpty() ? 0 : 1);
        if (named != 1 || r.aboutChildId() != null || !r.alsoGuardianIds().isEmpty()) {
            throw new InvalidRequestException("Staff name exactly one of 'families', 'groupId', 'unitId' or 'staffAccountIds' (with 'unitId' when"
                    + " they work at several units); 'aboutChildId' and 'alsoGuardianIds' are for guardians");
        }
        if (m.sensitive() || m.urgent()) {
            access.requireAnyRole(p, MessagingActions.MARK);
        }
        if (m.sensitive() && (r.families().size() != 1 || m.announcement())) {
            throw new InvalidRequestException("A sensitive message goes to one family only, and is not an announcement");
        }
        if (!r.staffAccountIds().isEmpty()) {
            return staffThreadPlan(p, m, r);
        }
        ThreadKind kind = m.announcement() ? ThreadKind.ANNOUNCEMENT
                : model == ThreadModel.CONVERSATION && !m.sensitive() ? ThreadKind.CONVERSATION : ThreadKind.MESSAGE;
        if (r.groupId() != null) {
            long g = r.groupId();
            if (access.mayEver(p, MessagingActions.WRITE_GROUP) && tx.inTransaction(em -> em.find(GroupEntity.class, g) == null)) {
                throw new NoSuchObjectException("No group " + g);
            }
            access.require(p, MessagingActions.WRITE_GROUP, Target.group(g));
            return tx.inTransaction(em -> {
                long unit = em.find(GroupEntity.class, g).getUnit().getId();
                Map<Long, Long> groupOf = childGroups(em, "e.group.id = :scope", g, unit);
                return familyPlan(em, "GROUP", g, unit, kind, groupOf, Map.of(), true);
            });
        }
        if (r.unitId() != null) {
            long u = r.unitId();
            if (access.mayEver(p, MessagingActions.WRITE_UNIT) && tx.inTransaction(em -> em.find(UnitEntity.class, u) == null)) {
                throw new NoSuchObjectException("No unit " + u);
            }
            access.require(p, MessagingActions.WRITE_UNIT, Target.unit(u));
            return tx.inTransaction(em -> {
                Map<Long, Long> groupOf = childGroups(em, "e.unit.id = :scope", u, u);
                // a unit-wide message is the unit admins' side: its threads sit in no group's inbox, but conversations stay the child's
                if (kind != ThreadKind.CONVERSATION) {
                    groupOf.replaceAll((c, gr) -> null);
                }
                return familyPlan(em, "UNIT", u, u, kind, groupOf, Map.of(), true);
            });
        }
        if (r.families().size() > settings.maxFamilies()) {
            throw new InvalidRequestException("A send names at most " + settings.maxFamilies() + " families; write to the group or the unit instead");
        }
        Set<Long> seen = new HashSet<>();
        for (Recipients.Family f : r.families()) {
            if (!seen.add(f.childId())) {
                throw new InvalidRequestException("Child " + f.childId() + " is named twice");
            }
            access.require(p, MessagingActions.WRITE_FAMILY, Target.child(f.childId()));
        }
        Reach reach = access.reach(p, MessagingActions.WRITE_FAMILY);
        Plan familiesPlan = tx.inTransaction(em -> {
            Map<Long, Long> groupOf = new LinkedHashMap<>();
            Long unit = null;
            for (Recipients.Family f : r.families()) {
                List<EnrolmentEntity> es = em.createQuery("select e from EnrolmentEntity e where e.child.id = :c and " + CURRENT
                        + " order by e.unit.id, e.id", EnrolmentEntity.class).setParameter("c", f.childId()).setParameter("today", clock.today())
                        .getResultList();
                EnrolmentEntity chosen = es.stream().filter(e -> e.getGroup() != null && reach.groups().contains(e.getGroup().getId())).findFirst()
                        .orElseGet(() -> es.stream().filter(e -> reach.units().contains(e.getUnit().getId())).findFirst().orElse(null));
                if (chosen == null) {
                    throw new AccessDeniedException(MessagingActions.WRITE_FAMILY, "not-in-scope");
                }
                if (unit != null && unit != chosen.getUnit().getId()) {
                    throw new InvalidRequestException("One send goes to families of one unit");
                }
                unit = chosen.getUnit().getId();
                // the thread sits in the group's inbox when a group's staff member writes; a unit admin's stays on the unit admins' side
                boolean viaGroup = chosen.getGroup() != null && reach.groups().contains(chosen.getGroup().getId());
                groupOf.put(f.childId(), viaGroup || kind == ThreadKind.CONVERSATION ? chosen.getGroup() == null ? null : chosen.getGroup().getId() : null);
            }
            Map<Long, List<Long>> limits = new HashMap<>();
            r.families().stream().filter(f -> !f.guardianIds().isEmpty()).forEach(f -> limits.put(f.childId(), f.guardianIds()));
            Plan plan = familyPlan(em, "FAMILIES", null, unit, kind, groupOf, limits, false);
            if (plan.threads().isEmpty()) {
                throw new ConflictException("messaging", r.families().size() == 1
                        ? "None of the chosen guardians can receive messages about this child (no responsibility, not activated at the unit, or blocked)"
                        : "None of the chosen families can receive messages");
            }
            return plan;
        });
        return m.sensitive() ? familiesPlan : withOtherAdults(familiesPlan, r, kind);
    }

    /**
     * Adults registered by the custodians' consent for a family's child each get a thread of their own,
     * where the access policy says they receive (the kommune's setting and rights, the registration
     * holding today); never for a sensitive message, never beyond the families named one by one.
     */
    private Plan withOtherAdults(Plan plan, Recipients r, ThreadKind kind) {
        Set<Long> limited = new HashSet<>();
        r.families().stream().filter(f -> !f.guardianIds().isEmpty()).forEach(f -> limited.add(f.childId()));
        List<Object[]> candidates = tx.inTransaction(em -> em.createQuery("select o.childId, o.adultId from OtherAdultEntity o where o.childId in :c"
                        + " and o.unitId = :u and o.endedAt is null order by o.childId, o.adultId", Object[].class)
                .setParameter("c", new ArrayList<>(plan.children())).setParameter("u", plan.unitId()).getResultList());
        if (candidates.isEmpty()) {
            return plan;
        }
        Map<Long, Long> groupOf = new HashMap<>();
        plan.threads().forEach(t -> groupOf.putIfAbsent(t.childId(), t.groupId()));
        List<ThreadPlan> threads = new ArrayList<>(plan.threads());
        for (Object[] c : candidates) {
            long child = (Long) c[0];
            long adult = (Long) c[1];
            if (limited.contains(child) || !groupOf.containsKey(child)) {
                continue;
            }
            AuthenticatedPrincipal asAdult = new AuthenticatedPrincipal(0, AccountKind.GUARDIAN, "other-adult", "other-adult", adult,
                    List.of(no.ranselpost.core.api.identity.RoleGrant.kommuneWide(Role.GUARDIAN)), 0, null);
            if (access.decide(asAdult, MessagingActions.OTHER_ADULT_RECEIVE, Target.child(child)).allowed()) {
                threads.add(new ThreadPlan(kind == ThreadKind.CONVERSATION ? ThreadKind.MESSAGE : kind, plan.unitId(), groupOf.get(child), child, null,
                        List.of(adult), List.of()));
            }
        }
        return new Plan(plan.scopeKind(), plan.scopeId(), plan.unitId(), threads, plan.children(), plan.wide());
    }

    /** The current group (or null) of each child enrolled today where the predicate says, at the unit. */
    private Map<Long, Long> childGroups(EntityManager em, String predicate, long scope, long unit) {
        Map<Long, Long> out = new LinkedHashMap<>();
        for (Object[] row : em.createQuery("select e.child.id, e.group.id from EnrolmentEntity e where " + predicate + " and e.unit.id = :unit and "
                        + CURRENT + " order by e.child.id, e.id", Object[].class).setParameter("scope", scope).setParameter("unit", unit)
                .setParameter("today", clock.today()).getResultList()) {
            out.putIfAbsent((Long) row[0], (Long) row[1]);
        }
        return out;
    }

    /** Families split into threads: the guardians without address protection together, each protected guardian alone. */
    private Plan familyPlan(EntityManager em, String scopeKind, Long scopeId, long unit, ThreadKind kind, Map<Long, Long> groupOf,
                            Map<Long, List<Long>> limits, boolean wide) {
        Map<Long, List<Guardian>> eligible = eligible(em, unit, groupOf.keySet(), scopeKind, scopeId);
        List<ThreadPlan> threads = new ArrayList<>();
        for (Map.Entry<Long, Long> child : groupOf.entrySet()) {
            List<Guardian> gs = eligible.getOrDefault(child.getKey(), List.of());
            List<Long> limit = limits.get(child.getKey());
            if (limit != null) {
                gs = gs.stream().filter(g -> limit.contains(g.personId())).toList();
            }
            List<Long> together = gs.stream().filter(g -> !g.protectedAddress()).map(Guardian::personId).sorted().toList();
            if (!together.isEmpty()) {
                threads.add(new ThreadPlan(kind, unit, child.getValue(), child.getKey(), null, together, List.of()));
            }
            gs.stream().filter(Guardian::protectedAddress).sorted(Comparator.comparingLong(Guardian::personId))
                    .forEach(g -> threads.add(new ThreadPlan(kind, unit, child.getValue(), child.getKey(),
                            kind == ThreadKind.CONVERSATION ? g.personId() : null, List.of(g.personId()), List.of())));
        }
        return new Plan(scopeKind, scopeId, unit, threads, new LinkedHashSet<>(groupOf.keySet()), wide);
    }

    /**
     * The guardians who can receive about each child at the unit today: current responsibility
     * (not ukjent), access activated at the unit, not blocked for the child, alive. Each step is one
     * indexed query over the recipients (in chunks), joined here: Derby plans the one-query form of
     * this as nested loops over the whole kommune.
     */
    private Map<Long, List<Guardian>> eligible(EntityManager em, long unit, Set<Long> children, String scopeKind, Long scopeId) {
        Map<Long, List<Guardian>> out = new HashMap<>();
        if (children.isEmpty()) {
            return out;
        }
        List<Long> childIds = new ArrayList<>(children);
        List<Object[]> links = new ArrayList<>();
        List<Object[]> blocks = new ArrayList<>();
        for (List<Long> chunk : chunks(childIds)) {
            links.addAll(em.createQuery("select gs.child.id, gs.guardian.id from GuardianshipEntity gs where gs.child.id in :c and gs.current = true"
                    + " and gs.responsibility <> :unknown", Object[].class).setParameter("c", chunk).setParameter("unknown", ParentalResponsibility.UKJENT)
                    .getResultList());
            blocks.addAll(em.createQuery("select b.child.id, b.guardian.id from GuardianBlockEntity b where b.child.id in :c and b.liftedAt is null",
                    Object[].class).setParameter("c", chunk).getResultList());
        }
        Set<String> blocked = new HashSet<>();
        blocks.forEach(b -> blocked.add(b[0] + ":" + b[1]));
        List<Long> adults = links.stream().map(l -> (Long) l[1]).distinct().toList();
        Set<Long> active = new HashSet<>();
        Map<Long, Boolean> protectedAddress = new HashMap<>();
        for (List<Long> chunk : chunks(adults)) {
            active.addAll(em.createQuery("select ua.person.id from GuardianUnitAccessEntity ua where ua.unit.id = :u and ua.state = :active"
                    + " and ua.person.id in :p", Long.class).setParameter("u", unit).setParameter("active", AccountState.ACTIVE).setParameter("p", chunk)
                    .getResultList());
            for (Object[] row : em.createQuery("select p.id, p.addressProtection, p.deceased from PersonEntity p where p.id in :p", Object[].class)
                    .setParameter("p", chunk).getResultList()) {
                if (!Boolean.TRUE.equals(row[2])) {
                    protectedAddress.put((Long) row[0], row[1] != AddressProtection.NONE);
                }
            }
        }
        Set<String> seen = new HashSet<>();
        for (Object[] l : links) {
            long child = (Long) l[0];
            long person = (Long) l[1];
            if (active.contains(person) && protectedAddress.containsKey(person) && !blocked.contains(child + ":" + person) && seen.add(child + ":" + person)) {
                out.computeIfAbsent(child, c -> new ArrayList<>()).add(new Guardian(person, protectedAddress.get(person)));
            }
        }
        return out;
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 500) {
            out.add(all.subList(i, Math.min(all.size(), i + 500)));
        }
        return out;
    }

    /** Staff to staff of one unit: one thread among them. */
    private Plan staffThreadPlan(AuthenticatedPrincipal p, NewMessage m, Recipients r) {
        if (m.announcement() || m.sensitive()) {
            throw new InvalidRequestException("A message among staff is neither an announcement nor marked sensitive");
        }
        Set<Long> units = p.grants().stream().map(g -> g.unitId()).filter(u -> u != null).collect(Collectors.toCollection(TreeSet::new));
        Long unit = r.unitId() != null ? r.unitId() : units.size() == 1 ? units.iterator().next() : null;
        if (unit == null) {
            throw new InvalidRequestException("Name the unit ('unitId') whose staff the message goes to");
        }
        access.require(p, MessagingActions.WRITE_STAFF, Target.unit(unit));
        long u = unit;
        return tx.inTransaction(em -> {
            List<Long> staff = new ArrayList<>();
            for (long id : new TreeSet<>(r.staffAccountIds())) {
                if (id == p.accountId()) {
                    continue;
                }
                if (!worksAt(em, id, u, null)) {
                    throw new InvalidRequestException("Account " + id + " is not staff of unit " + u);
                }
                staff.add(id);
            }
            if (staff.isEmpty()) {
                throw new InvalidRequestException("Name at least one other staff member");
            }
            return new Plan("STAFF", u, u, List.of(new ThreadPlan(ThreadKind.STAFF, u, null, null, null, List.of(), staff)), Set.of(), false);
        });
    }

    /** Whether a staff account (not disabled) holds a grant today at the unit, or in the group when one is named. */
    private boolean worksAt(EntityManager em, long accountId, long unit, Long group) {
        StaffAccountEntity a = em.find(StaffAccountEntity.class, accountId);
        if (a == null || a.isDisabled() || a.getKind() != AccountKind.STAFF) {
            return false;
        }
        java.time.LocalDate today = clock.today();
        boolean granted = a.getGrants().stream().anyMatch(g -> g.getRole() != Role.SHARED_ACCOUNT && g.getRole() != Role.OWNER
                && g.getRole() != Role.SYSTEM_ADMIN && g.getRole() != Role.INTEGRATION
                && (g.getValidFrom() == null || !g.getValidFrom().isAfter(today)) && (g.getValidTo() == null || !g.getValidTo().isBefore(today))
                && (group == null ? g.getUnitId() != null && g.getUnitId() == unit
                : (g.getGroupId() != null && g.getGroupId().longValue() == group) || (g.getRole() == Role.UNIT_ADMIN && g.getUnitId() != null
                && g.getUnitId() == unit)));
        if (granted || a.getPerson() == null || group != null) {
            return granted;
        }
        return !em.createQuery("select e.id from EmploymentEntity e where e.person.id = :p and e.unit.id = :u and e.startDate <= :today"
                        + " and (e.endDate is null or e.endDate >= :today)", Long.class).setParameter("p", a.getPerson().getId())
                .setParameter("u", unit).setParameter("today", today).setMaxResults(1).getResultList().isEmpty();
    }

    /** A guardian writes about one of their children: to the staff of its group, or to one of them. */
    private Plan guardianPlan(AuthenticatedPrincipal p, NewMessage m, Recipients r) {
        if (r.aboutChildId() == null || !r.families().isEmpty() || r.unitId() != null || r.staffAccountIds().size() > 1) {
            throw new InvalidRequestException("A guardian names 'aboutChildId' and writes to the staff of the child's group ('groupId', by default"
                    + " the child's group) or to one staff member there ('staffAccountIds', one id); the other guardian only in 'alsoGuardianIds'");
        }
        if (m.announcement() || m.sensitive() || m.urgent()) {
            throw new InvalidRequestException("Only staff send announcements and mark messages sensitive or urgent");
        }
        long child = r.aboutChildId();
        access.require(p, MessagingActions.WRITE_ABOUT_CHILD, Target.child(child));
        long me = p.personId();
        return tx.inTransaction(em -> {
            List<EnrolmentEntity> es = em.createQuery("select e from EnrolmentEntity e where e.child.id = :c and " + CURRENT
                    + " and exists (select ua.id from GuardianUnitAccessEntity ua where ua.person.id = :me and ua.unit = e.unit and ua.state = :active)"
                    + " order by e.unit.id, e.id", EnrolmentEntity.class).setParameter("c", child).setParameter("today", clock.today())
                    .setParameter("me", me).setParameter("active", AccountState.ACTIVE).getResultList();
            EnrolmentEntity e = es.stream().filter(x -> x.getGroup() != null && (r.groupId() == null || x.getGroup().getId() == r.groupId()))
                    .findFirst().orElseThrow(() -> new InvalidRequestException(r.groupId() == null ? "The child is in no group you can write to"
                            : "Group " + r.groupId() + " is not the child's group"));
            long unit = e.getUnit().getId();
            long group = e.getGroup().getId();
            Long named = r.staffAccountIds().isEmpty() ? null : r.staffAccountIds().get(0);
            if (named != null && !worksAt(em, named, unit, group)) {
                throw new InvalidRequestException("Account " + named + " is not staff of the child's group");
            }
            PersonEntity self = em.find(PersonEntity.class, me);
            boolean protectedSelf = self.getAddressProtection() != AddressProtection.NONE;
            List<Guardian> eligible = eligible(em, unit, Set.of(child), "FAMILIES", null).getOrDefault(child, List.of());
            List<Long> guardians = new ArrayList<>(List.of(me));
            for (long other : new TreeSet<>(r.alsoGuardianIds())) {
                if (other == me) {
                    continue;
                }
                if (protectedSelf) {
                    throw new InvalidRequestException("With address protection you write alone: nothing of yours reaches the other guardian");
                }
                if (model == ThreadModel.CONVERSATION && named == null) {
                    throw new InvalidRequestException("In conversations every guardian with responsibility takes part already");
                }
                if (eligible.stream().noneMatch(g -> g.personId() == other && !g.protectedAddress())) {
                    throw new InvalidRequestException("Guardian " + other + " cannot receive messages about this child");
                }
                guardians.add(other);
            }
            if (model == ThreadModel.CONVERSATION && named == null) {
                return new Plan("GUARDIAN", child, unit, List.of(new ThreadPlan(ThreadKind.CONVERSATION, unit, group, child,
                        protectedSelf ? me : null, List.of(me), List.of())), Set.of(child), false);
            }
            return new Plan("GUARDIAN", child, unit, List.of(new ThreadPlan(ThreadKind.MESSAGE, unit, named == null ? group : null, child, null,
                    List.copyOf(guardians), named == null ? List.of() : List.of(named))), Set.of(child), false);
        });
    }

    // ---- preflight and send

    @Override
    public Preflight preflight(AuthenticatedPrincipal principal, NewMessage message) {
        validate(message, false, false);
        Plan plan = plan(principal, message);
        boolean names = message.text() != null && plan.wide() && namesChild(plan, message.text());
        NotificationOutbox o = outbox;
        List<Long> guardians = plan.threads().stream().flatMap(t -> t.guardians().stream()).distinct().toList();
        Integer notNotifiable = o == null ? null : guardians.isEmpty() ? 0 : tx.inTransaction(em -> o.notNotifiable(em, guardians));
        return new Preflight(plan.families(), plan.guardians(), plan.staff(), names, plan.token(principal.accountId()), notNotifiable);
    }

    private boolean namesChild(Plan plan, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<Long> ids = new ArrayList<>(plan.children());
        return tx.inTransaction(em -> {
            for (int i = 0; i < ids.size(); i += 500) {
                for (String given : em.createQuery("select p.givenName from PersonEntity p where p.id in :ids", String.class)
                        .setParameter("ids", ids.subList(i, Math.min(ids.size(), i + 500))).getResultList()) {
                    if (given == null) {
                        continue;
                    }
                    for (String name : given.toLowerCase(Locale.ROOT).split("[\\s-]+")) {
                        if (name.length() >= 2 && Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(name) + "(?![\\p{L}\\p{N}])",
                                Pattern.UNICODE_CASE).matcher(lower).find()) {
                            return true;
                        }
                    }
                }
            }
            return false;
        });
    }

    @Override
    public Sent send(AuthenticatedPrincipal p, NewMessage m) {
        validate(m, true, false);
        Plan plan = plan(p, m);
        if (plan.families() > 1 || plan.wide()) {
            if (m.preflight() == null || m.preflight().isBlank()) {
                throw new ConflictException("messaging", "A message to " + plan.families() + " families needs a preflight first: POST"
                        + " /api/v1/messages/preflight and quote its 'token' as 'preflight'");
            }
            if (!m.preflight().equals(plan.token(p.accountId()))) {
                throw new ConflictException("messaging", "The recipients changed since the preflight: run it again and check whom it reaches");
            }
        }
        if (plan.wide() && !m.confirmNamedChild() && namesChild(plan, m.text())) {
            throw new ConflictException("messaging", "The text names a child of the recipients; a message to a whole group or unit that names a"
                    + " child needs 'confirmNamedChild': true");
        }
        if (plan.threads().isEmpty()) {
            throw new ConflictException("messaging", "No one can receive this message");
        }
        String action = switch (plan.scopeKind()) {
            case "GROUP" -> MessagingActions.WRITE_GROUP;
            case "UNIT" -> MessagingActions.WRITE_UNIT;
            case "STAFF" -> MessagingActions.WRITE_STAFF;
            case "GUARDIAN" -> MessagingActions.WRITE_ABOUT_CHILD;
            default -> MessagingActions.WRITE_FAMILY;
        };
        OffsetDateTime now = clock.nowUtc();
        Sent sent = tx.inTransaction(em -> store(em, p, plan, m, action, now));
        LOG.info("Send {} by account {} ({}) went into {} thread(s): {} families, {} guardians, {} staff", sent.sendId(), p.accountId(),
                plan.scopeKind().toLowerCase(Locale.ROOT), sent.threadIds().size(), sent.families(), sent.guardians(), sent.staff());
        return sent;
    }

    /** Stores the whole send in the caller's transaction: every thread, message and participant, or none. */
    private Sent store(EntityManager em, AuthenticatedPrincipal p, Plan plan, NewMessage m, String action, OffsetDateTime now) {
        List<MessageAttachmentEntity> attachments = claimAttachments(em, p, m.attachmentIds());
        MessageSendEntity send = new MessageSendEntity();
        send.setSenderAccount(p.accountId());
        send.setSenderKind(guardian(p) ? "GUARDIAN" : "STAFF");
        send.setScopeKind(plan.scopeKind());
        send.setScopeId(plan.scopeId());
        send.setUnitId(plan.unitId());
        send.setFamilies(plan.families());
        send.setGuardians(plan.guardians());
        send.setUrgent(m.urgent());
        send.setSensitive(m.sensitive());
        send.setCreatedAt(now);
        em.persist(send);
        em.flush();
        long sendId = send.getId();
        attachments.forEach(a -> a.setSendId(sendId));
        Map<String, MessageThreadEntity> conversations = existingConversations(em, plan);
        Map<Long, Set<Long>> present = presentGuardians(em, conversations);
        // one id per new thread, per message and per participant, allocated from the persistence unit's sequence in one step
        List<ThreadPlan> plans = plan.threads();
        Map<String, Long> threadOf = new LinkedHashMap<>();
        List<Long> threadIds = new ArrayList<>();
        List<Object[]> newThreads = new ArrayList<>();
        List<Object[]> touched = new ArrayList<>();
        List<Object[]> participants = new ArrayList<>();
        List<Object[]> messages = new ArrayList<>();
        List<NotificationOutbox.Recipient> noticed = new ArrayList<>();
        Ids ids = new Ids(em, plans.size() * 2 + plans.stream().mapToInt(t -> t.guardians().size() + t.staff().size() + 1).sum());
        for (ThreadPlan tp : plans) {
            boolean conversation = tp.kind() == ThreadKind.CONVERSATION;
            String key = conversationKey(tp.childId(), tp.unitId(), tp.privateFor());
            MessageThreadEntity existing = conversation ? conversations.get(key) : null;
            Long reused = conversation ? threadOf.get(key) : null;
            long threadId;
            long messageId = ids.next();
            boolean fresh = existing == null && reused == null;
            if (existing != null) {
                threadId = existing.getId();
                touched.add(new Object[] {messageId, threadId});
            } else if (reused != null) {
                threadId = reused;
            } else {
                threadId = ids.next();
                newThreads.add(new Object[] {threadId, tp, messageId});
                if (conversation) {
                    threadOf.put(key, threadId);
                }
            }
            threadIds.add(threadId);
            Set<Long> already = present.computeIfAbsent(threadId, k -> new HashSet<>());
            for (long g : tp.guardians()) {
                if (already.add(g)) {
                    participants.add(new Object[] {ids.next(), threadId, null, g, "GUARDIAN"});
                }
            }
            List<Long> staffSide = new ArrayList<>(tp.staff());
            if (staff(p) && !conversation && fresh) {
                staffSide.add(0, p.accountId());
            }
            for (long a : staffSide) {
                if (already.add(-a)) {
                    participants.add(new Object[] {ids.next(), threadId, a, null, "STAFF"});
                }
            }
            messages.add(new Object[] {messageId, threadId});
            if (staff(p)) {
                tp.guardians().forEach(g -> noticed.add(new NotificationOutbox.Recipient(g, threadId, messageId)));
            }
        }
        String senderKind = send.getSenderKind();
        Long senderPerson = guardian(p) ? p.personId() : null;
        boolean postgres = "PostgreSQL".equals(tx.databaseProductName());
        try {
            java.sql.Connection c = em.unwrap(java.sql.Connection.class);
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO RP_MSG_THREAD (ID, THREAD_KIND, UNIT_ID, GROUP_ID, CHILD_ID,"
                    + " PRIVATE_FOR, SEND_ID, SUBJECT, SENSITIVE, REPLY_ALLOWED, CREATED_BY, CREATED_AT, LAST_MESSAGE_ID, LAST_MESSAGE_AT,"
                    + " LAST_SENDER_ACCOUNT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Object[] row : newThreads) {
                    ThreadPlan tp = (ThreadPlan) row[1];
                    boolean conversation = tp.kind() == ThreadKind.CONVERSATION;
                    ps.setLong(1, (Long) row[0]);
                    ps.setString(2, tp.kind().name());
                    ps.setLong(3, tp.unitId());
                    setLong(ps, 4, tp.groupId());
                    setLong(ps, 5, tp.childId());
                    setLong(ps, 6, tp.privateFor());
                    setLong(ps, 7, conversation ? null : sendId);
                    ps.setString(8, conversation ? null : blankToNull(m.subject()));
                    ps.setBoolean(9, m.sensitive());
                    ps.setBoolean(10, tp.kind() != ThreadKind.ANNOUNCEMENT);
                    ps.setLong(11, p.accountId());
                    timestamp(ps, 12, now, postgres);
                    ps.setLong(13, (Long) row[2]);
                    timestamp(ps, 14, now, postgres);
                    ps.setLong(15, p.accountId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (java.sql.PreparedStatement ps = c.prepareStatement("UPDATE RP_MSG_THREAD SET LAST_MESSAGE_ID = ?, LAST_MESSAGE_AT = ?,"
                    + " LAST_SENDER_ACCOUNT = ? WHERE ID = ?")) {
                for (Object[] row : touched) {
                    ps.setLong(1, (Long) row[0]);
                    timestamp(ps, 2, now, postgres);
                    ps.setLong(3, p.accountId());
                    ps.setLong(4, (Long) row[1]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO RP_MSG_PARTICIPANT (ID, THREAD_ID, ACCOUNT_ID, PERSON_ID,"
                    + " PARTICIPANT_KIND) VALUES (?, ?, ?, ?, ?)")) {
                for (Object[] row : participants) {
                    ps.setLong(1, (Long) row[0]);
                    ps.setLong(2, (Long) row[1]);
                    setLong(ps, 3, (Long) row[2]);
                    setLong(ps, 4, (Long) row[3]);
                    ps.setString(5, (String) row[4]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO RP_MSG_MESSAGE (ID, THREAD_ID, SEND_ID, SENDER_ACCOUNT, SENDER_KIND,"
                    + " SENDER_PERSON, BODY, STATE, URGENT, SENSITIVE, CREATED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Object[] row : messages) {
                    ps.setLong(1, (Long) row[0]);
                    ps.setLong(2, (Long) row[1]);
                    ps.setLong(3, sendId);
                    ps.setLong(4, p.accountId());
                    ps.setString(5, senderKind);
                    setLong(ps, 6, senderPerson);
                    ps.setString(7, m.text());
                    ps.setString(8, ACTIVE);
                    ps.setBoolean(9, m.urgent());
                    ps.setBoolean(10, m.sensitive());
                    timestamp(ps, 11, now, postgres);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        } catch (java.sql.SQLException e) {
            throw new PersistenceException("Storing send " + sendId + " failed", e);
        }
        // what the persistence context holds of the conversations it read is stale now
        conversations.values().forEach(em::detach);
        threadIds = threadIds.stream().distinct().toList();
        NotificationOutbox o = outbox;
        if (o != null && !noticed.isEmpty()) {
            // the notices commit with the send, or neither does
            o.enqueue(em, sendId, m.announcement() ? NoticeCategories.ANNOUNCEMENT : NoticeCategories.MESSAGE, m.urgent(), noticed);
        }
        audit.change(em, Actor.of(p), action, "messaging.send", sendId, plan.children(), plan.unitId(),
                plan.scopeKind().toLowerCase(Locale.ROOT) + (m.sensitive() ? "+sensitive" : "") + (m.urgent() ? "+urgent" : "")
                        + (m.announcement() ? "+announcement" : ""));
        return new Sent(sendId, threadIds, plan.families(), plan.guardians(), plan.staff());
    }

    private static void setLong(java.sql.PreparedStatement ps, int i, Long v) throws java.sql.SQLException {
        if (v == null) {
            ps.setNull(i, java.sql.Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    /** As the persistence unit writes an OffsetDateTime: PostgreSQL keeps it with its offset, Derby as the instant's timestamp. */
    private static void timestamp(java.sql.PreparedStatement ps, int i, OffsetDateTime t, boolean postgres) throws java.sql.SQLException {
        if (postgres) {
            ps.setObject(i, t);
        } else {
            ps.setTimestamp(i, java.sql.Timestamp.from(t.toInstant()));
        }
    }

    /** Ids from the persistence unit's own sequence (the one every entity's id comes from), allocated in one step. */
    private static final class Ids {
        private final org.apache.openjpa.persistence.Generator generator;

        Ids(EntityManager em, int count) {
            generator = em.unwrap(org.apache.openjpa.persistence.OpenJPAEntityManager.class).getFieldGenerator(MessageEntity.class, "id");
            generator.allocate(count);
        }

        long next() {
            return ((Number) generator.next()).longValue();
        }
    }

    private static String conversationKey(Long child, long unit, Long privateFor) {
        return child + ":" + unit + ":" + privateFor;
    }

    private Map<String, MessageThreadEntity> existingConversations(EntityManager em, Plan plan) {
        Map<String, MessageThreadEntity> out = new HashMap<>();
        if (plan.threads().stream().noneMatch(t -> t.kind() == ThreadKind.CONVERSATION)) {
            return out;
        }
        List<Long> children = plan.threads().stream().map(ThreadPlan::childId).distinct().toList();
        for (int i = 0; i < children.size(); i += 500) {
            for (MessageThreadEntity t : em.createQuery("select t from MessageThreadEntity t where t.kind = :k and t.unitId = :u and t.childId in :c",
                            MessageThreadEntity.class).setParameter("k", ThreadKind.CONVERSATION.name()).setParameter("u", plan.unitId())
                    .setParameter("c", children.subList(i, Math.min(children.size(), i + 500))).getResultList()) {
                out.put(conversationKey(t.getChildId(), t.getUnitId(), t.getPrivateFor()), t);
            }
        }
        return out;
    }

    /** Who already takes part in the existing conversations (guardians by person; staff as negative account ids). */
    private static Map<Long, Set<Long>> presentGuardians(EntityManager em, Map<String, MessageThreadEntity> conversations) {
        Map<Long, Set<Long>> out = new HashMap<>();
        List<Long> existing = conversations.values().stream().map(MessageThreadEntity::getId).distinct().toList();
        for (int i = 0; i < existing.size(); i += 500) {
            for (ThreadParticipantEntity pe : em.createQuery("select p from ThreadParticipantEntity p where p.threadId in :t",
                    ThreadParticipantEntity.class).setParameter("t", existing.subList(i, Math.min(existing.size(), i + 500))).getResultList()) {
                out.computeIfAbsent(pe.getThreadId(), k -> new HashSet<>()).add(pe.getPersonId() != null ? pe.getPersonId() : -pe.getAccountId());
            }
        }
        return out;
    }

    private List<MessageAttachmentEntity> claimAttachments(EntityManager em, AuthenticatedPrincipal p, List<Long> ids) {
        List<MessageAttachmentEntity> out = new ArrayList<>();
        for (long id : new LinkedHashSet<>(ids)) {
            MessageAttachmentEntity a = em.find(MessageAttachmentEntity.class, id);
            if (a == null || a.getUploadedBy() != p.accountId() || a.getSendId() != null) {
                throw new InvalidRequestException("Attachment " + id + " is not one you uploaded for a message not yet sent");
            }
            out.add(a);
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    // ---- replies

    @Override
    public Sent reply(AuthenticatedPrincipal p, long threadId, NewMessage m) {
        validate(m, true, true);
        requireThread(p, MessagingActions.REPLY, threadId);
        ThreadFacts facts = facts(threadId);
        if (facts.sensitive()) {
            access.require(p, MessagingActions.SENSITIVE_READ, Target.of(MessagingActions.THREAD_RELATION, threadId));
        }
        if (!facts.replyAllowed()) {
            throw new ConflictException("messaging", "An announcement cannot be replied to");
        }
        if (guardian(p) && facts.privateFor() == null && ThreadKind.CONVERSATION.name().equals(facts.kind()) && protectedPerson(p.personId())) {
            throw new ConflictException("messaging", "With address protection you write in your own conversation");
        }
        if (m.urgent()) {
            access.requireAnyRole(p, MessagingActions.MARK);
        }
        OffsetDateTime now = clock.nowUtc();
        Sent sent = tx.inTransaction(em -> {
            List<MessageAttachmentEntity> attachments = claimAttachments(em, p, m.attachmentIds());
            MessageThreadEntity t = em.find(MessageThreadEntity.class, threadId);
            MessageSendEntity send = new MessageSendEntity();
            send.setSenderAccount(p.accountId());
            send.setSenderKind(guardian(p) ? "GUARDIAN" : "STAFF");
            send.setScopeKind("REPLY");
            send.setScopeId(threadId);
            send.setUnitId(t.getUnitId());
            send.setFamilies(t.getChildId() == null ? 0 : 1);
            send.setUrgent(m.urgent());
            send.setCreatedAt(now);
            em.persist(send);
            em.flush();
            attachments.forEach(a -> a.setSendId(send.getId()));
            MessageEntity msg = new MessageEntity();
            msg.setThreadId(threadId);
            msg.setSendId(send.getId());
            msg.setSenderAccount(p.accountId());
            msg.setSenderKind(send.getSenderKind());
            msg.setSenderPerson(guardian(p) ? p.personId() : null);
            msg.setBody(m.text());
            msg.setState(ACTIVE);
            msg.setUrgent(m.urgent());
            msg.setSensitive(t.isSensitive());
            msg.setCreatedAt(now);
            em.persist(msg);
            em.flush();
            t.setLastMessageId(msg.getId());
            t.setLastMessageAt(now);
            t.setLastSenderAccount(p.accountId());
            markRead(em, p, t, msg.getId(), now);
            NotificationOutbox o = outbox;
            if (o != null && staff(p)) {
                List<NotificationOutbox.Recipient> noticed = em.createQuery("select tp.personId from ThreadParticipantEntity tp where tp.threadId = :t"
                        + " and tp.personId is not null", Long.class).setParameter("t", threadId).getResultList().stream()
                        .map(g -> new NotificationOutbox.Recipient(g, threadId, msg.getId())).toList();
                o.enqueue(em, send.getId(), NoticeCategories.MESSAGE, m.urgent(), noticed);
            }
            audit.change(em, Actor.of(p), MessagingActions.REPLY, "messaging.send", send.getId(),
                    t.getChildId() == null ? List.of() : List.of(t.getChildId()), t.getUnitId(), "reply");
            return new Sent(send.getId(), List.of(threadId), t.getChildId() == null ? 0 : 1, 0, 0);
        });
        LOG.info("Reply {} by account {} in thread {}", sent.sendId(), p.accountId(), threadId);
        return sent;
    }

    private boolean protectedPerson(long personId) {
        return tx.inTransaction(em -> {
            PersonEntity pe = em.find(PersonEntity.class, personId);
            return pe != null && pe.getAddressProtection() != AddressProtection.NONE;
        });
    }

    // ---- reading

    record ThreadFacts(String kind, long unitId, Long groupId, Long childId, Long privateFor, boolean sensitive, boolean replyAllowed) {
    }

    private ThreadFacts facts(long threadId) {
        return tx.inTransaction(em -> {
            MessageThreadEntity t = em.find(MessageThreadEntity.class, threadId);
            if (t == null) {
                throw new NoSuchObjectException("No thread " + threadId);
            }
            return new ThreadFacts(t.getKind(), t.getUnitId(), t.getGroupId(), t.getChildId(), t.getPrivateFor(), t.isSensitive(), t.isReplyAllowed());
        });
    }

    /** Takes part, and the relation that made it so still holds: both asked of the access policy. */
    private void requireThread(AuthenticatedPrincipal p, String action, long threadId) {
        if (access.mayEver(p, action) && tx.inTransaction(em -> em.find(MessageThreadEntity.class, threadId) == null)) {
            throw new NoSuchObjectException("No thread " + threadId);
        }
        access.require(p, action, Target.of(MessagingActions.THREAD, threadId));
        access.require(p, MessagingActions.THREAD_RELATION_HOLDS, Target.of(MessagingActions.THREAD_RELATION, threadId));
    }

    @Override
    public ThreadView thread(AuthenticatedPrincipal p, long threadId) {
        requireThread(p, MessagingActions.THREAD_READ, threadId);
        ThreadFacts facts = facts(threadId);
        if (facts.sensitive()) {
            access.require(p, MessagingActions.SENSITIVE_READ, Target.of(MessagingActions.THREAD_RELATION, threadId));
        }
        boolean text = access.fields(p, MessagingActions.MESSAGE_VIEW, Target.of(MessagingActions.THREAD, threadId), null)
                .contains(MessagingActions.FIELD_TEXT);
        OffsetDateTime now = clock.nowUtc();
        ThreadView view = tx.inTransaction(em -> {
            MessageThreadEntity t = em.find(MessageThreadEntity.class, threadId);
            List<MessageEntity> messages = em.createQuery("select m from MessageEntity m where m.threadId = :t order by m.id", MessageEntity.class)
                    .setParameter("t", threadId).getResultList();
            Map<Long, List<MessageView.Attachment>> attachments = attachmentsOf(em, messages.stream().map(MessageEntity::getSendId).toList());
            Map<Long, String> names = new HashMap<>();
            List<MessageView> out = new ArrayList<>();
            for (MessageEntity msg : messages) {
                boolean own = msg.getSenderAccount() == p.accountId();
                out.add(new MessageView(msg.getId(), msg.getSendId(), msg.getSenderKind(), guardian(p) && !own && "GUARDIAN".equals(msg.getSenderKind())
                        ? null : msg.getSenderAccount(), senderName(em, p, msg, names), msg.getCreatedAt(), msg.getState(),
                        text && ACTIVE.equals(msg.getState()) ? msg.getBody() : null, msg.isSensitive(), msg.isUrgent(),
                        ACTIVE.equals(msg.getState()) ? attachments.getOrDefault(msg.getSendId(), List.of()) : List.of(), own));
            }
            if (text) {
                markRead(em, p, t, t.getLastMessageId(), now);
            }
            return new ThreadView(summary(t, false, true), out);
        });
        if (staff(p)) {
            audit.read(Actor.of(p), MessagingActions.THREAD_READ, "messaging.thread", List.of(threadId), facts.unitId());
        }
        return view;
    }

    /** Staff see every sender's name; a guardian sees staff names and their own, and another guardian's only when that guardian is not protected. */
    private static String senderName(EntityManager em, AuthenticatedPrincipal p, MessageEntity msg, Map<Long, String> cache) {
        if ("STAFF".equals(msg.getSenderKind())) {
            return cache.computeIfAbsent(msg.getSenderAccount(), id -> {
                StaffAccountEntity a = em.find(StaffAccountEntity.class, id);
                return a == null ? null : a.getDisplayName();
            });
        }
        if (msg.getSenderPerson() == null) {
            return null;
        }
        PersonEntity person = em.find(PersonEntity.class, msg.getSenderPerson());
        if (person == null) {
            return null;
        }
        boolean own = guardian(p) && p.personId().longValue() == person.getId();
        if (guardian(p) && !own && person.getAddressProtection() != AddressProtection.NONE) {
            return null;
        }
        return ((person.getGivenName() == null ? "" : person.getGivenName()) + " " + (person.getFamilyName() == null ? "" : person.getFamilyName())).strip();
    }

    private static Map<Long, List<MessageView.Attachment>> attachmentsOf(EntityManager em, List<Long> sendIds) {
        Map<Long, List<MessageView.Attachment>> out = new HashMap<>();
        List<Long> ids = sendIds.stream().distinct().toList();
        for (int i = 0; i < ids.size(); i += 500) {
            for (MessageAttachmentEntity a : em.createQuery("select a from MessageAttachmentEntity a where a.sendId in :s order by a.id",
                    MessageAttachmentEntity.class).setParameter("s", ids.subList(i, Math.min(ids.size(), i + 500))).getResultList()) {
                out.computeIfAbsent(a.getSendId(), k -> new ArrayList<>()).add(new MessageView.Attachment(a.getId(), a.getContentType(), a.getSizeBytes()));
            }
        }
        return out;
    }

    /** Moves the reader's read mark to the message; the first read of a thread is audited in the same transaction. */
    private void markRead(EntityManager em, AuthenticatedPrincipal p, MessageThreadEntity t, long messageId, OffsetDateTime now) {
        List<MessageReadEntity> existing = em.createQuery("select r from MessageReadEntity r where r.threadId = :t and r.accountId = :a",
                MessageReadEntity.class).setParameter("t", t.getId()).setParameter("a", p.accountId()).getResultList();
        if (existing.isEmpty()) {
            MessageReadEntity r = new MessageReadEntity();
            r.setThreadId(t.getId());
            r.setAccountId(p.accountId());
            r.setLastReadMessageId(messageId);
            r.setFirstReadAt(now);
            r.setLastReadAt(now);
            em.persist(r);
            audit.change(em, Actor.of(p), MessagingActions.THREAD_READ, "messaging.thread", t.getId(),
                    t.getChildId() == null ? List.of() : List.of(t.getChildId()), t.getUnitId(), "first-read");
        } else if (existing.get(0).getLastReadMessageId() < messageId) {
            existing.get(0).setLastReadMessageId(messageId);
            existing.get(0).setLastReadAt(now);
        }
    }

    private ThreadSummary summary(MessageThreadEntity t, boolean unread, boolean subjectVisible) {
        return new ThreadSummary(t.getId(), ThreadKind.valueOf(t.getKind()), subjectVisible ? t.getSubject() : null, t.getChildId(), t.getGroupId(),
                t.getUnitId(), t.getLastMessageAt(), unread, t.isSensitive(), t.isReplyAllowed());
    }

    // ---- inboxes

    /** The inbox's filter over thread alias t (and child alias c for guardians), decided by the access policy's reach. */
    private record Filter(String from, String where, Map<String, Object> params) {
        boolean nothing() {
            return where == null;
        }
    }

    private Filter inboxFilter(AuthenticatedPrincipal p) {
        Map<String, Object> params = new HashMap<>();
        if (guardian(p)) {
            ChildScope scope = access.childScope(p, MessagingActions.THREAD_RELATION_HOLDS);
            if ("1 = 0".equals(scope.predicate())) {
                return new Filter(null, null, params);
            }
            params.putAll(scope.parameters());
            params.put("me", p.personId());
            params.put("activeAccess", AccountState.ACTIVE);
            boolean protectedSelf = protectedPerson(p.personId());
            String takesPart = "(t.privateFor = :me or exists (select pt.id from ThreadParticipantEntity pt where pt.threadId = t.id and pt.personId = :me)"
                    + (protectedSelf ? "" : " or (t.kind = 'CONVERSATION' and t.privateFor is null)") + ")";
            return new Filter("MessageThreadEntity t, PersonEntity c", "c.id = t.childId and " + scope.predicate()
                    + " and (exists (select ua.id from GuardianUnitAccessEntity ua where ua.person.id = :me and ua.unit.id = t.unitId"
                    + " and ua.state = :activeAccess) or exists (select o.id from OtherAdultEntity o where o.adultId = :me and o.childId = t.childId"
                    + " and o.unitId = t.unitId)) and " + takesPart, params);
        }
        Reach read = access.reach(p, MessagingActions.THREAD_READ);
        if (read.kommune()) {
            return new Filter("MessageThreadEntity t", "1 = 1", params);
        }
        Reach relation = access.reach(p, MessagingActions.THREAD_RELATION_HOLDS);
        List<String> parts = new ArrayList<>();
        List<String> side = new ArrayList<>();
        if (!read.groups().isEmpty()) {
            side.add("t.groupId in :groups");
            params.put("groups", new ArrayList<>(read.groups()));
        }
        if (!read.units().isEmpty()) {
            side.add("t.unitId in :units");
            params.put("units", new ArrayList<>(read.units()));
        }
        if (!side.isEmpty()) {
            parts.add("(t.kind <> 'STAFF' and (" + String.join(" or ", side) + "))");
        }
        if (!relation.units().isEmpty()) {
            parts.add("(t.unitId in :relationUnits and exists (select pt.id from ThreadParticipantEntity pt where pt.threadId = t.id"
                    + " and pt.accountId = :account))");
            params.put("relationUnits", new ArrayList<>(relation.units()));
            params.put("account", p.accountId());
        }
        if (parts.isEmpty()) {
            return new Filter(null, null, params);
        }
        return new Filter("MessageThreadEntity t", "(" + String.join(" or ", parts) + ")", params);
    }

    private static final String UNREAD = " and t.lastSenderAccount <> :reader and not exists (select r.id from MessageReadEntity r where r.threadId = t.id"
            + " and r.accountId = :reader and r.lastReadMessageId >= t.lastMessageId)";

    @Override
    public InboxPage inbox(AuthenticatedPrincipal p, int page, int size, boolean unreadOnly) {
        access.requireAnyRole(p, MessagingActions.INBOX_READ);
        checkPage(page, size);
        Filter f = inboxFilter(p);
        if (f.nothing()) {
            return new InboxPage(List.of(), page, size, false, 0);
        }
        return page(p, f, page, size, unreadOnly);
    }

    @Override
    public long unreadCount(AuthenticatedPrincipal p) {
        access.requireAnyRole(p, MessagingActions.INBOX_READ);
        Filter f = inboxFilter(p);
        return f.nothing() ? 0 : count(p, f);
    }

    @Override
    public InboxPage groupInbox(AuthenticatedPrincipal p, long groupId, int page, int size) {
        checkPage(page, size);
        if (access.mayEver(p, MessagingActions.GROUP_INBOX_READ) && tx.inTransaction(em -> em.find(GroupEntity.class, groupId) == null)) {
            throw new NoSuchObjectException("No group " + groupId);
        }
        access.require(p, MessagingActions.GROUP_INBOX_READ, Target.group(groupId));
        Map<String, Object> params = new HashMap<>();
        params.put("inboxGroup", groupId);
        Filter f = new Filter("MessageThreadEntity t", "t.groupId = :inboxGroup and t.kind <> 'STAFF'", params);
        InboxPage out = page(p, f, page, size, false);
        audit.read(Actor.of(p), MessagingActions.GROUP_INBOX_READ, "messaging.thread", out.threads().stream().map(ThreadSummary::id).toList(), null);
        return out;
    }

    private static void checkPage(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE) {
            throw new InvalidRequestException("'page' is 0 or more and 'size' 1 to " + MAX_PAGE);
        }
    }

    private InboxPage page(AuthenticatedPrincipal p, Filter f, int page, int size, boolean unreadOnly) {
        List<MessageThreadEntity> rows = tx.inTransaction(em -> {
            TypedQuery<MessageThreadEntity> q = em.createQuery("select t from " + f.from() + " where " + f.where() + (unreadOnly ? UNREAD : "")
                    + " order by t.lastMessageId desc, t.id desc", MessageThreadEntity.class);
            f.params().forEach(q::setParameter);
            if (unreadOnly) {
                q.setParameter("reader", p.accountId());
            }
            return q.setFirstResult(page * size).setMaxResults(size + 1).getResultList();
        });
        boolean more = rows.size() > size;
        List<MessageThreadEntity> shown = more ? rows.subList(0, size) : rows;
        Map<Long, Long> read = new HashMap<>();
        if (!shown.isEmpty()) {
            tx.inTransaction(em -> em.createQuery("select r.threadId, r.lastReadMessageId from MessageReadEntity r where r.accountId = :a"
                            + " and r.threadId in :ids", Object[].class).setParameter("a", p.accountId())
                    .setParameter("ids", shown.stream().map(MessageThreadEntity::getId).toList()).getResultList())
                    .forEach(row -> read.put((Long) row[0], (Long) row[1]));
        }
        List<ThreadSummary> out = new ArrayList<>();
        for (MessageThreadEntity t : shown) {
            boolean unread = t.getLastSenderAccount() != p.accountId() && read.getOrDefault(t.getId(), 0L) < t.getLastMessageId();
            boolean subject = !t.isSensitive() || access.decide(p, MessagingActions.SENSITIVE_READ,
                    Target.of(MessagingActions.THREAD_RELATION, t.getId())).allowed();
            out.add(summary(t, unread, subject));
        }
        long unread = unreadOnly && page == 0 && !more ? out.size() : count(p, f);
        return new InboxPage(out, page, size, more, unread);
    }

    private long count(AuthenticatedPrincipal p, Filter f) {
        return tx.inTransaction(em -> {
            TypedQuery<Long> q = em.createQuery("select count(t) from " + f.from() + " where " + f.where() + UNREAD, Long.class);
            f.params().forEach(q::setParameter);
            return q.setParameter("reader", p.accountId()).getSingleResult();
        });
    }

    // ---- withdrawal and redaction

    @Override
    public void withdraw(AuthenticatedPrincipal p, long messageId) {
        long threadId = threadOf(p, MessagingActions.WITHDRAW, messageId);
        requireThread(p, MessagingActions.WITHDRAW, threadId);
        OffsetDateTime now = clock.nowUtc();
        tx.run(em -> {
            MessageEntity msg = em.find(MessageEntity.class, messageId);
            if (msg.getSenderAccount() != p.accountId()) {
                throw new ConflictException("messaging", "Only its sender withdraws a message; staff may redact it");
            }
            if (!ACTIVE.equals(msg.getState())) {
                throw new ConflictException("messaging", "The message was already " + msg.getState().toLowerCase(Locale.ROOT));
            }
            if (msg.getCreatedAt().plusMinutes(settings.withdrawMinutes()).isBefore(now)) {
                throw new ConflictException("messaging", "A message can be withdrawn only within " + settings.withdrawMinutes()
                        + " minutes of sending; ask the unit's staff to redact it");
            }
            int n = removeText(em, msg.getSendId(), WITHDRAWN, null, now);
            audit.change(em, Actor.of(p), MessagingActions.WITHDRAW, "messaging.send", msg.getSendId(), childrenOfSend(em, msg.getSendId()),
                    unitOfSend(em, msg.getSendId()), "withdrawn:" + n);
        });
        LOG.info("Message {} withdrawn by its sender, account {}", messageId, p.accountId());
    }

    @Override
    public void redact(AuthenticatedPrincipal p, long messageId, String reason) {
        if (reason == null || !REDACTION_REASONS.contains(reason)) {
            throw new InvalidRequestException("'reason' is one of " + new TreeSet<>(REDACTION_REASONS));
        }
        long threadId = threadOf(p, MessagingActions.REDACT, messageId);
        access.require(p, MessagingActions.REDACT, Target.of(MessagingActions.THREAD, threadId));
        access.require(p, MessagingActions.THREAD_RELATION_HOLDS, Target.of(MessagingActions.THREAD_RELATION, threadId));
        OffsetDateTime now = clock.nowUtc();
        tx.run(em -> {
            MessageEntity msg = em.find(MessageEntity.class, messageId);
            if (REDACTED.equals(msg.getState())) {
                throw new ConflictException("messaging", "The message was already redacted");
            }
            int n = removeText(em, msg.getSendId(), REDACTED, reason, now);
            audit.change(em, Actor.of(p), MessagingActions.REDACT, "messaging.send", msg.getSendId(), childrenOfSend(em, msg.getSendId()),
                    unitOfSend(em, msg.getSendId()), reason + ":" + n);
        });
        LOG.info("Message {} redacted by account {} ({})", messageId, p.accountId(), reason);
    }

    private long threadOf(AuthenticatedPrincipal p, String action, long messageId) {
        Long threadId = tx.inTransaction(em -> {
            MessageEntity msg = em.find(MessageEntity.class, messageId);
            return msg == null ? null : msg.getThreadId();
        });
        if (threadId == null) {
            if (access.mayEver(p, action)) {
                throw new NoSuchObjectException("No message " + messageId);
            }
            access.requireAnyRole(p, action);
            throw new NoSuchObjectException("No message " + messageId);
        }
        return threadId;
    }

    /** Removes the text of every message of the send (every family's copy) and its attachments; a placeholder remains. */
    private int removeText(EntityManager em, long sendId, String state, String reason, OffsetDateTime now) {
        List<MessageEntity> copies = em.createQuery("select m from MessageEntity m where m.sendId = :s", MessageEntity.class)
                .setParameter("s", sendId).getResultList();
        for (MessageEntity c : copies) {
            c.setBody(null);
            c.setState(state);
            c.setChangedAt(now);
            c.setChangeReason(reason);
        }
        for (MessageAttachmentEntity a : em.createQuery("select a from MessageAttachmentEntity a where a.sendId = :s", MessageAttachmentEntity.class)
                .setParameter("s", sendId).getResultList()) {
            store.delete(em, MessagingActions.ATTACHMENT_OWNER, a.getContentId());
            em.remove(a);
        }
        return copies.size();
    }

    private static List<Long> childrenOfSend(EntityManager em, long sendId) {
        return em.createQuery("select distinct t.childId from MessageThreadEntity t, MessageEntity m where m.sendId = :s and t.id = m.threadId"
                + " and t.childId is not null", Long.class).setParameter("s", sendId).getResultList();
    }

    private static Long unitOfSend(EntityManager em, long sendId) {
        MessageSendEntity s = em.find(MessageSendEntity.class, sendId);
        return s == null ? null : s.getUnitId();
    }

    // ---- receipts

    @Override
    public Receipts receipts(AuthenticatedPrincipal p, long sendId) {
        if (access.mayEver(p, MessagingActions.RECEIPTS_READ) && tx.inTransaction(em -> em.find(MessageSendEntity.class, sendId) == null)) {
            throw new NoSuchObjectException("No send " + sendId);
        }
        access.require(p, MessagingActions.RECEIPTS_READ, Target.of(MessagingActions.SEND, sendId));
        Receipts out = tx.inTransaction(em -> {
            Map<Long, Long> messageOfThread = new HashMap<>();
            Map<Long, Long> childOfThread = new HashMap<>();
            for (Object[] row : em.createQuery("select m.threadId, m.id, t.childId from MessageEntity m, MessageThreadEntity t where m.sendId = :s"
                    + " and t.id = m.threadId", Object[].class).setParameter("s", sendId).getResultList()) {
                messageOfThread.put((Long) row[0], (Long) row[1]);
                childOfThread.put((Long) row[0], (Long) row[2]);
            }
            String threads = "(select m.threadId from MessageEntity m where m.sendId = :s)";
            Map<String, OffsetDateTime> readAt = new HashMap<>();
            for (Object[] row : em.createQuery("select r.threadId, a.person.id, r.lastReadMessageId, r.lastReadAt from MessageReadEntity r,"
                    + " StaffAccountEntity a where a.id = r.accountId and a.kind = :guardian and r.threadId in " + threads, Object[].class)
                    .setParameter("s", sendId).setParameter("guardian", AccountKind.GUARDIAN).getResultList()) {
                if ((Long) row[2] >= messageOfThread.getOrDefault((Long) row[0], Long.MAX_VALUE)) {
                    readAt.put(row[0] + ":" + row[1], (OffsetDateTime) row[3]);
                }
            }
            List<Receipts.Receipt> list = new ArrayList<>();
            for (Object[] row : em.createQuery("select pt.threadId, pt.personId, pe.givenName, pe.familyName from ThreadParticipantEntity pt,"
                    + " PersonEntity pe where pe.id = pt.personId and pt.threadId in " + threads + " order by pt.threadId, pt.personId", Object[].class)
                    .setParameter("s", sendId).getResultList()) {
                long thread = (Long) row[0];
                String name = ((row[2] == null ? "" : row[2]) + " " + (row[3] == null ? "" : row[3])).strip();
                Long child = childOfThread.get(thread);
                list.add(new Receipts.Receipt(thread, child == null ? 0 : child, (Long) row[1], name, readAt.get(thread + ":" + row[1])));
            }
            return new Receipts(sendId, list.size(), (int) list.stream().filter(r -> r.readAt() != null).count(), list);
        });
        audit.read(Actor.of(p), MessagingActions.RECEIPTS_READ, "messaging.send", List.of(sendId), null);
        return out;
    }

    // ---- attachments

    @Override
    public UploadedAttachment upload(AuthenticatedPrincipal p, InputStream content) {
        access.requireAnyRole(p, MessagingActions.ATTACHMENT_UPLOAD);
        if (content == null) {
            throw new InvalidRequestException("The request body is the file");
        }
        long max = settings.maxAttachmentBytes();
        OffsetDateTime now = clock.nowUtc();
        UploadedAttachment out = tx.inTransaction(em -> {
            var stored = store.store(em, MessagingActions.ATTACHMENT_OWNER, new Bounded(content, max));
            MessageAttachmentEntity a = new MessageAttachmentEntity();
            a.setContentId(stored.id());
            a.setUploadedBy(p.accountId());
            a.setUploadedAt(now);
            a.setContentType(stored.type().mediaType());
            a.setSizeBytes(stored.size());
            em.persist(a);
            em.flush();
            audit.change(em, Actor.of(p), MessagingActions.ATTACHMENT_UPLOAD, "messaging.attachment", a.getId(), (Long) null, stored.type().name());
            return new UploadedAttachment(a.getId(), a.getContentType(), a.getSizeBytes());
        });
        LOG.info("Attachment {} uploaded by account {} ({} bytes)", out.id(), p.accountId(), out.size());
        return out;
    }

    @Override
    public Download download(AuthenticatedPrincipal p, long messageId, long attachmentId) {
        long threadId = threadOf(p, MessagingActions.ATTACHMENT_READ, messageId);
        requireThread(p, MessagingActions.ATTACHMENT_READ, threadId);
        ThreadFacts facts = facts(threadId);
        if (facts.sensitive()) {
            access.require(p, MessagingActions.SENSITIVE_READ, Target.of(MessagingActions.THREAD_RELATION, threadId));
        }
        long contentId = tx.inTransaction(em -> {
            MessageEntity msg = em.find(MessageEntity.class, messageId);
            MessageAttachmentEntity a = em.find(MessageAttachmentEntity.class, attachmentId);
            if (a == null || a.getSendId() == null || a.getSendId() != msg.getSendId() || !ACTIVE.equals(msg.getState())) {
                throw new NoSuchObjectException("No attachment " + attachmentId + " on message " + messageId);
            }
            return a.getContentId();
        });
        ContentStream c = store.open(MessagingActions.ATTACHMENT_OWNER, contentId);
        audit.read(Actor.of(p), MessagingActions.ATTACHMENT_READ, "messaging.attachment", List.of(attachmentId), facts.unitId());
        Map<String, String> headers = ServingHeaders.attachment(c.content(), "vedlegg-" + attachmentId);
        return new Download() {
            @Override
            public Map<String, String> headers() {
                return headers;
            }

            @Override
            public InputStream stream() {
                return c.stream();
            }

            @Override
            public void close() {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.debug("Closing attachment {}: {}", attachmentId, e.toString());
                }
            }
        };
    }

    /** An upload cut off at the configured size: refused (413) rather than stored in part. */
    static final class Bounded extends InputStream {
        private final InputStream in;
        private final long max;
        private long read;

        Bounded(InputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        private void count(long n) throws IOException {
            read += n;
            if (read > max) {
                throw new PayloadTooLargeException("An attachment may be at most " + max + " bytes");
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
