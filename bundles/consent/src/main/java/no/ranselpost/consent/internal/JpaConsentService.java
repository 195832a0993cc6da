package no.ranselpost.consent.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.consent.api.ChildConsent;
import no.ranselpost.consent.api.ConsentActions;
import no.ranselpost.consent.api.ConsentAnswer;
import no.ranselpost.consent.api.ConsentCheck;
import no.ranselpost.consent.api.ConsentKind;
import no.ranselpost.consent.api.ConsentService;
import no.ranselpost.consent.api.ConsentUse;
import no.ranselpost.consent.api.GroupConsents;
import no.ranselpost.consent.api.NewConsentKind;
import no.ranselpost.core.api.ConflictException;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.ConsentAnswerEntity;
import no.ranselpost.persistence.entity.ConsentKindEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.PersonEntity;

/**
 * Consents on the database. Access is asked of the policy on every call, outside the database
 * transactions; every answer is a new row (the one before is marked superseded, never changed
 * otherwise), audited in its transaction. Whether a consent holds is computed from the current
 * answers and the current custodians on every call: no cache, so a withdrawal counts from the
 * next request. The setting {@code consentFromAllCustodians} is the access policy's own
 * (configuration {@code no.ranselpost.access}, ACCESS.md; default on).
 */
@Component(service = {ConsentService.class, ConsentCheck.class}, configurationPid = "no.ranselpost.access")
public class JpaConsentService implements ConsentService, ConsentCheck {

    static final String CURRENT = "e.startDate <= :d and (e.endDate is null or e.endDate >= :d)";
    static final Set<String> PUPIL_REASONS = Set.of("pupil-in-person", "pupil-in-writing");
    static final int PUPIL_AGE = 15;
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]{1,49}");
    private static final int CHUNK = 500;

    private final Transactions tx;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final OsloClock clock;
    private volatile boolean fromAllCustodians = true;

    @Activate
    public JpaConsentService(@Reference Transactions tx, @Reference AccessPolicy access, @Reference AuditTrail audit,
                             @Reference OsloClock clock) {
        this.tx = tx;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    @Activate
    @Modified
    void configure(Map<String, Object> properties) {
        Object v = properties == null ? null : properties.get("consentFromAllCustodians");
        fromAllCustodians = v == null || !String.valueOf(v).strip().equalsIgnoreCase("false");
    }

    /** For tests: the setting on or off. */
    void setFromAllCustodians(boolean on) {
        fromAllCustodians = on;
    }

    // ---- kinds

    @Override
    public ConsentKind defineKind(AuthenticatedPrincipal principal, NewConsentKind k) {
        access.require(principal, ConsentActions.KIND_MANAGE, Target.NONE);
        if (k == null || k.code() == null || !CODE.matcher(k.code()).matches()) {
            throw new InvalidRequestException("'code' is 2 to 50 characters: a-z, 0-9 and '-', starting with a letter");
        }
        if (k.use() == null || !ConsentUse.ALL.contains(k.use())) {
            throw new InvalidRequestException("'use' is one of " + ConsentUse.ALL.stream().sorted().toList());
        }
        int year = k.schoolYear() == null ? schoolYearOf(clock.today()) : k.schoolYear();
        if (year < 2000 || year > 2100) {
            throw new InvalidRequestException("'schoolYear' is the year the school year starts (1 August), e.g. 2026");
        }
        Texts t = texts(k, null);
        return tx.inTransaction(em -> create(em, principal, k.code(), k.use(), year, t));
    }

    @Override
    public ConsentKind renewKind(AuthenticatedPrincipal principal, long kindId, NewConsentKind texts) {
        access.require(principal, ConsentActions.KIND_MANAGE, Target.NONE);
        return tx.inTransaction(em -> {
            ConsentKindEntity before = em.find(ConsentKindEntity.class, kindId);
            if (before == null) {
                throw new NoSuchObjectException("No consent kind " + kindId);
            }
            Texts t = texts(texts, before);
            return create(em, principal, before.getCode(), before.getUse(), before.getSchoolYear() + 1, t);
        });
    }

    private record Texts(String nb, String nn, String en) {
    }

    private static Texts texts(NewConsentKind k, ConsentKindEntity fallback) {
        String nb = text(k == null ? null : k.textNb(), fallback == null ? null : fallback.getTextNb(), "textNb");
        String nn = text(k == null ? null : k.textNn(), fallback == null ? null : fallback.getTextNn(), "textNn");
        String en = text(k == null ? null : k.textEn(), fallback == null ? null : fallback.getTextEn(), "textEn");
        return new Texts(nb, nn, en);
    }

    private static String text(String given, String fallback, String field) {
        String s = given == null || given.isBlank() ? fallback : given.strip();
        if (s == null || s.isEmpty() || s.length() > 2000) {
            throw new InvalidRequestException("'" + field + "' is 1 to 2000 characters (the text in bokmål, nynorsk and English)");
        }
        return s;
    }

    private ConsentKind create(EntityManager em, AuthenticatedPrincipal principal, String code, String use, int year, Texts t) {
        boolean taken = !em.createQuery("select k.id from ConsentKindEntity k where (k.code = :c or k.use = :u) and k.schoolYear = :y", Long.class)
                .setParameter("c", code).setParameter("u", use).setParameter("y", year).setMaxResults(1).getResultList().isEmpty();
        if (taken) {
            throw new ConflictException("consent", "A consent kind with this code or this use is already asked for the school year " + year);
        }
        ConsentKindEntity e = new ConsentKindEntity();
        e.setCode(code);
        e.setUse(use);
        e.setSchoolYear(year);
        e.setValidFrom(LocalDate.of(year, 8, 1));
        e.setValidTo(LocalDate.of(year + 1, 7, 31));
        e.setTextNb(t.nb());
        e.setTextNn(t.nn());
        e.setTextEn(t.en());
        e.setCreatedAt(clock.nowUtc());
        em.persist(e);
        em.flush();
        audit.change(em, Actor.of(principal), ConsentActions.KIND_MANAGE, "consent-kind", e.getId(), (Long) null, "school-year-" + year);
        return view(e);
    }

    /** The school year a day belongs to: from 1 August. */
    static int schoolYearOf(LocalDate day) {
        return day.getMonthValue() >= 8 ? day.getYear() : day.getYear() - 1;
    }

    @Override
    public List<ConsentKind> kinds(AuthenticatedPrincipal principal) {
        access.require(principal, ConsentActions.KIND_READ, Target.NONE);
        return tx.inTransaction(em -> openKinds(em).stream().map(JpaConsentService::view).toList());
    }

    private List<ConsentKindEntity> openKinds(EntityManager em) {
        return em.createQuery("select k from ConsentKindEntity k where k.validTo >= :d order by k.use, k.schoolYear, k.id", ConsentKindEntity.class)
                .setParameter("d", clock.today()).getResultList();
    }

    private static ConsentKind view(ConsentKindEntity e) {
        return new ConsentKind(e.getId(), e.getCode(), e.getUse(), e.getSchoolYear(), e.getValidFrom(), e.getValidTo(), e.getTextNb(),
                e.getTextNn(), e.getTextEn());
    }

    // ---- answers

    @Override
    public ChildConsent answer(AuthenticatedPrincipal principal, long childId, long kindId, boolean given) {
        requireChild(principal, ConsentActions.ANSWER, childId);
        if (principal.kind() != AccountKind.GUARDIAN || principal.personId() == null) {
            throw new InvalidRequestException("Custodians answer for their own child; staff record a pupil's own answer");
        }
        long guardian = principal.personId();
        tx.run(em -> {
            ConsentKindEntity kind = openKind(em, kindId);
            if (!current(em, kindId, childId, true, null).isEmpty()) {
                throw new ConflictException("consent", "The pupil answers this consent for themselves; the custodians' answers no longer count");
            }
            List<ConsentAnswerEntity> before = current(em, kindId, childId, false, guardian);
            if (before.size() == 1 && before.get(0).isGiven() == given) {
                return;
            }
            OffsetDateTime now = clock.nowUtc();
            before.forEach(a -> a.setSupersededAt(now));
            ConsentAnswerEntity a = new ConsentAnswerEntity();
            a.setKind(kind);
            a.setChild(em.find(PersonEntity.class, childId));
            a.setGuardian(em.find(PersonEntity.class, guardian));
            a.setGiven(given);
            a.setAnsweredBy(principal.accountId());
            a.setAnsweredAt(now);
            em.persist(a);
            em.flush();
            audit.change(em, Actor.of(principal), ConsentActions.ANSWER, "consent-answer", a.getId(), List.of(childId, kindId), null,
                    given ? "given" : before.isEmpty() ? "refused" : "withdrawn");
        });
        return one(principal, childId, kindId);
    }

    @Override
    public ChildConsent recordPupilAnswer(AuthenticatedPrincipal principal, long childId, long kindId, boolean given, String reason) {
        requireChild(principal, ConsentActions.PUPIL_ANSWER, childId);
        if (reason == null || !PUPIL_REASONS.contains(reason)) {
            throw new InvalidRequestException("'reason' is one of " + PUPIL_REASONS.stream().sorted().toList() + ": how the pupil answered");
        }
        LocalDate today = clock.today();
        tx.run(em -> {
            ConsentKindEntity kind = openKind(em, kindId);
            PersonEntity child = em.find(PersonEntity.class, childId);
            if (child.getBirthDate() == null || child.getBirthDate().plusYears(PUPIL_AGE).isAfter(today)) {
                throw new InvalidRequestException("A pupil answers for themselves from the age of " + PUPIL_AGE + "; until then the custodians do");
            }
            List<ConsentAnswerEntity> before = current(em, kindId, childId, true, null);
            OffsetDateTime now = clock.nowUtc();
            before.forEach(a -> a.setSupersededAt(now));
            ConsentAnswerEntity a = new ConsentAnswerEntity();
            a.setKind(kind);
            a.setChild(child);
            a.setByPupil(true);
            a.setGiven(given);
            a.setReasonCode(reason);
            a.setAnsweredBy(principal.accountId());
            a.setAnsweredAt(now);
            em.persist(a);
            em.flush();
            audit.change(em, Actor.of(principal), ConsentActions.PUPIL_ANSWER, "consent-answer", a.getId(), List.of(childId, kindId), null, reason);
        });
        return one(principal, childId, kindId);
    }

    private ConsentKindEntity openKind(EntityManager em, long kindId) {
        ConsentKindEntity kind = em.find(ConsentKindEntity.class, kindId);
        if (kind == null) {
            throw new NoSuchObjectException("No consent kind " + kindId);
        }
        if (kind.getValidTo().isBefore(clock.today())) {
            throw new InvalidRequestException("The consent kind's school year is over: answer this year's kind");
        }
        return kind;
    }

    private static List<ConsentAnswerEntity> current(EntityManager em, long kindId, long childId, boolean byPupil, Long guardian) {
        javax.persistence.TypedQuery<ConsentAnswerEntity> q = em.createQuery("select a from ConsentAnswerEntity a where a.kind.id = :k"
                        + " and a.child.id = :c and a.byPupil = :p and a.supersededAt is null" + (guardian == null ? "" : " and a.guardian.id = :g"),
                ConsentAnswerEntity.class).setParameter("k", kindId).setParameter("c", childId).setParameter("p", byPupil);
        if (guardian != null) {
            q.setParameter("g", guardian);
        }
        return q.getResultList();
    }

    private ChildConsent one(AuthenticatedPrincipal principal, long childId, long kindId) {
        return readChild(principal, childId, false).stream().filter(c -> c.kindId() == kindId).findFirst()
                .orElseThrow(() -> new NoSuchObjectException("No consent kind " + kindId));
    }

    // ---- reading

    @Override
    public List<ChildConsent> child(AuthenticatedPrincipal principal, long childId) {
        requireChild(principal, ConsentActions.CHILD_READ, childId);
        return readChild(principal, childId, true);
    }

    private List<ChildConsent> readChild(AuthenticatedPrincipal principal, long childId, boolean record) {
        boolean answers = principal.kind() == AccountKind.STAFF
                && access.decide(principal, ConsentActions.ANSWERS_READ, Target.child(childId)).allowed();
        Long self = principal.kind() == AccountKind.GUARDIAN ? principal.personId() : null;
        List<ChildConsent> out = tx.inTransaction(em -> {
            List<ConsentKindEntity> kinds = openKinds(em);
            return consents(em, kinds, List.of(childId), answers, self).getOrDefault(childId, List.of());
        });
        if (record && principal.kind() == AccountKind.STAFF) {
            audit.read(Actor.of(principal), ConsentActions.CHILD_READ, "child", List.of(childId), null);
        }
        return out;
    }

    @Override
    public GroupConsents group(AuthenticatedPrincipal principal, long groupId) {
        if (access.mayEver(principal, ConsentActions.GROUP_READ) && tx.inTransaction(em -> em.find(GroupEntity.class, groupId) == null)) {
            throw new NoSuchObjectException("No group " + groupId);
        }
        access.require(principal, ConsentActions.GROUP_READ, Target.group(groupId));
        boolean answers = access.decide(principal, ConsentActions.ANSWERS_READ, Target.group(groupId)).allowed();
        LocalDate today = clock.today();
        GroupConsents out = tx.inTransaction(em -> {
            // filtered in the database: the group's children enrolled today
            List<PersonEntity> children = em.createQuery("select distinct e.child from EnrolmentEntity e where e.group.id = :g and " + CURRENT
                    + " order by e.child.familyName, e.child.givenName, e.child.id", PersonEntity.class)
                    .setParameter("g", groupId).setParameter("d", today).getResultList();
            List<ConsentKindEntity> kinds = openKinds(em);
            Map<Long, List<ChildConsent>> byChild = consents(em, kinds, children.stream().map(PersonEntity::getId).toList(), answers, null);
            List<GroupConsents.Row> rows = new ArrayList<>();
            for (PersonEntity c : children) {
                rows.add(new GroupConsents.Row(c.getId(), c.getGivenName(), c.getFamilyName(), byChild.getOrDefault(c.getId(), List.of())));
            }
            return new GroupConsents(groupId, kinds.stream().map(JpaConsentService::view).toList(), rows);
        });
        List<Long> ids = out.children().stream().map(GroupConsents.Row::childId).toList();
        if (!ids.isEmpty()) {
            audit.read(Actor.of(principal), ConsentActions.GROUP_READ, "child", ids, null);
        }
        return out;
    }

    /** The children's consents of the kinds; answers (and their history) only when asked for, the reader's own answer when a custodian. */
    private Map<Long, List<ChildConsent>> consents(EntityManager em, List<ConsentKindEntity> kinds, List<Long> childIds, boolean withAnswers,
                                                   Long self) {
        Map<Long, List<ChildConsent>> out = new HashMap<>();
        if (kinds.isEmpty() || childIds.isEmpty()) {
            return out;
        }
        List<Long> kindIds = kinds.stream().map(ConsentKindEntity::getId).toList();
        Facts facts = facts(em, kindIds, childIds, withAnswers);
        for (long child : childIds) {
            List<ChildConsent> list = new ArrayList<>();
            for (ConsentKindEntity k : kinds) {
                List<ConsentAnswerEntity> cur = facts.current(k.getId(), child);
                boolean byPupil = cur.stream().anyMatch(ConsentAnswerEntity::isByPupil);
                Boolean own = self == null ? null : cur.stream().filter(a -> !a.isByPupil() && a.getGuardian() != null
                        && a.getGuardian().getId() == self).map(ConsentAnswerEntity::isGiven).findFirst().orElse(null);
                List<ConsentAnswer> answers = withAnswers ? facts.all(k.getId(), child).stream().map(JpaConsentService::answerView).toList() : null;
                list.add(new ChildConsent(child, k.getId(), k.getCode(), k.getUse(), k.getSchoolYear(),
                        holds(cur, facts.custodians.getOrDefault(child, Set.of())), byPupil, own, answers));
            }
            out.put(child, list);
        }
        return out;
    }

    private static ConsentAnswer answerView(ConsentAnswerEntity a) {
        return new ConsentAnswer(a.getId(), a.getKind().getId(), a.getGuardian() == null ? null : a.getGuardian().getId(), a.isByPupil(),
                a.isGiven(), a.getReasonCode(), a.getAnsweredBy(), a.getAnsweredAt(), a.getSupersededAt());
    }

    /**
     * The rule: the pupil's own current answer decides where there is one; otherwise every
     * current custodian said yes (with the setting off: some custodian said yes and none said no).
     */
    boolean holds(List<ConsentAnswerEntity> current, Set<Long> custodians) {
        for (ConsentAnswerEntity a : current) {
            if (a.isByPupil()) {
                return a.isGiven();
            }
        }
        if (custodians.isEmpty()) {
            return false;
        }
        Set<Long> yes = new HashSet<>();
        Set<Long> no = new HashSet<>();
        for (ConsentAnswerEntity a : current) {
            if (a.getGuardian() != null && custodians.contains(a.getGuardian().getId())) {
                (a.isGiven() ? yes : no).add(a.getGuardian().getId());
            }
        }
        return fromAllCustodians ? yes.containsAll(custodians) : !yes.isEmpty() && no.isEmpty();
    }

    /** Current answers, all answers (when asked) and current custodians of some children, read in a few queries. */
    private static final class Facts {
        final Map<String, List<ConsentAnswerEntity>> current = new HashMap<>();
        final Map<String, List<ConsentAnswerEntity>> all = new HashMap<>();
        final Map<Long, Set<Long>> custodians = new HashMap<>();

        List<ConsentAnswerEntity> current(long kind, long child) {
            return current.getOrDefault(kind + ":" + child, List.of());
        }

        List<ConsentAnswerEntity> all(long kind, long child) {
            return all.getOrDefault(kind + ":" + child, List.of());
        }
    }

    private static Facts facts(EntityManager em, List<Long> kindIds, Collection<Long> childIds, boolean history) {
        Facts f = new Facts();
        List<Long> ids = new ArrayList<>(new LinkedHashSet<>(childIds));
        for (int i = 0; i < ids.size(); i += CHUNK) {
            List<Long> part = ids.subList(i, Math.min(ids.size(), i + CHUNK));
            em.createQuery("select a from ConsentAnswerEntity a where a.kind.id in :k and a.child.id in :c"
                            + (history ? "" : " and a.supersededAt is null") + " order by a.answeredAt, a.id", ConsentAnswerEntity.class)
                    .setParameter("k", kindIds).setParameter("c", part).getResultList().forEach(a -> {
                        String key = a.getKind().getId() + ":" + a.getChild().getId();
                        f.all.computeIfAbsent(key, x -> new ArrayList<>()).add(a);
                        if (a.getSupersededAt() == null) {
                            f.current.computeIfAbsent(key, x -> new ArrayList<>()).add(a);
                        }
                    });
            for (Object[] row : em.createQuery("select g.child.id, g.guardian.id from GuardianshipEntity g where g.child.id in :c"
                            + " and g.current = true and g.responsibility <> :unknown", Object[].class)
                    .setParameter("c", part).setParameter("unknown", ParentalResponsibility.UKJENT).getResultList()) {
                f.custodians.computeIfAbsent(((Number) row[0]).longValue(), x -> new HashSet<>()).add(((Number) row[1]).longValue());
            }
        }
        return f;
    }

    // ---- the check other capabilities ask

    @Override
    public Set<Long> lacking(Collection<Long> childIds, String use) {
        if (childIds == null || childIds.isEmpty()) {
            return Set.of();
        }
        LocalDate today = clock.today();
        return tx.inTransaction(em -> {
            List<Long> kinds = em.createQuery("select k.id from ConsentKindEntity k where k.use = :u and k.validFrom <= :d and k.validTo >= :d",
                    Long.class).setParameter("u", use).setParameter("d", today).getResultList();
            Set<Long> out = new LinkedHashSet<>(childIds);
            if (kinds.isEmpty()) {
                return out;
            }
            Facts f = facts(em, kinds, childIds, false);
            for (long child : new ArrayList<>(out)) {
                for (long k : kinds) {
                    if (holds(f.current(k, child), f.custodians.getOrDefault(child, Set.of()))) {
                        out.remove(child);
                        break;
                    }
                }
            }
            return out;
        });
    }

    // ---- helpers

    private void requireChild(AuthenticatedPrincipal principal, String action, long childId) {
        if (access.mayEver(principal, action) && tx.inTransaction(em -> em.find(PersonEntity.class, childId) == null)) {
            throw new NoSuchObjectException("No child " + childId);
        }
        access.require(principal, action, Target.child(childId));
    }
}
