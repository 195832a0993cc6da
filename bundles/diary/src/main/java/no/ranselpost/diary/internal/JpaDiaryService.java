package no.ranselpost.diary.internal;

import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.ChildScope;
import no.ranselpost.access.api.Reach;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.consent.api.ConsentCheck;
import no.ranselpost.consent.api.ConsentUse;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.UnsupportedContentTypeException;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.diary.api.DiaryActions;
import no.ranselpost.diary.api.DiaryService;
import no.ranselpost.diary.api.NewPlan;
import no.ranselpost.diary.api.NewPost;
import no.ranselpost.diary.api.Photo;
import no.ranselpost.diary.api.Plan;
import no.ranselpost.diary.api.PlanPeriod;
import no.ranselpost.diary.api.Post;
import no.ranselpost.diary.api.PostKind;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.DiaryPhotoEntity;
import no.ranselpost.persistence.entity.DiaryPhotoTagEntity;
import no.ranselpost.persistence.entity.DiaryPostEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.PlanEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.storage.api.ContentStore;
import no.ranselpost.storage.api.ContentStream;
import no.ranselpost.storage.api.ContentType;
import no.ranselpost.storage.api.StoredContent;

/**
 * The diary on the database, its photos and plans in the binary store. Consent is enforced when a
 * photo is served, not when it is posted: every view of a post and every request for a photo asks
 * the consent check afresh for every child the photo shows (an untagged photo shows every child
 * of the group, or of the unit for news), so a withdrawal hides the photo from the next request on,
 * its direct URL included. A child with strengt fortrolig address keeps a photo from everyone but
 * the staff of its groups and unit and those of its custodians who share the protection. Access is
 * asked outside the database transactions.
 */
@Component(service = DiaryService.class, configurationPid = "no.ranselpost.diary")
public class JpaDiaryService implements DiaryService {

    static final String PHOTO_KIND = "diary.photo";
    static final String PLAN_KIND = "diary.plan";
    private static final String CURRENT = "e.startDate <= :d and (e.endDate is null or e.endDate >= :d)";
    private static final String API = "/api/v1/diary";

    private final Transactions tx;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final OsloClock clock;
    private final ConsentCheck consent;
    private final ContentStore store;
    private volatile String postsLabel;

    @Activate
    public JpaDiaryService(@Reference Transactions tx, @Reference AccessPolicy access, @Reference AuditTrail audit, @Reference OsloClock clock,
                           @Reference ConsentCheck consent, @Reference(policyOption = ReferencePolicyOption.GREEDY) ContentStore store) {
        this.tx = tx;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.consent = consent;
        this.store = store;
    }

    /** {@code postsLabel}: what the deployment calls posts ("nyheter" Vigilo-style, "dagbok" Visma-style); empty: by the post's kind. */
    @Activate
    @Modified
    void configure(Map<String, Object> properties) {
        Object v = properties == null ? null : properties.get("postsLabel");
        String s = v == null ? "" : String.valueOf(v).strip();
        postsLabel = s.isEmpty() ? null : s;
    }

    private String label(PostKind kind) {
        return postsLabel != null ? postsLabel : kind == PostKind.NEWS ? "nyheter" : "dagbok";
    }

    // ---- writing

    /** Where a post or plan goes: its unit and group (null: unit-wide), and the target its write is decided on. */
    private record Audience(long unitId, Long groupId, Target target) {
    }

    private Audience audience(AuthenticatedPrincipal principal, String action, boolean unitWide, Long unitId, Long groupId) {
        if (unitWide) {
            if (unitId == null || groupId != null) {
                throw new InvalidRequestException("A unit-wide post or plan names 'unitId' and no 'groupId'");
            }
            Target t = Target.of(DiaryAccessDeclaration.UNIT_AUDIENCE, unitId);
            if (access.mayEver(principal, action) && tx.inTransaction(em -> em.find(UnitEntity.class, unitId) == null)) {
                throw new NoSuchObjectException("No unit " + unitId);
            }
            access.require(principal, action, t);
            return new Audience(unitId, null, t);
        }
        if (groupId == null) {
            throw new InvalidRequestException("A group's post or plan names 'groupId'");
        }
        Long unit = tx.inTransaction(em -> {
            GroupEntity g = em.find(GroupEntity.class, groupId);
            return g == null ? null : g.getUnit().getId();
        });
        if (unit == null && access.mayEver(principal, action)) {
            throw new NoSuchObjectException("No group " + groupId);
        }
        access.require(principal, action, Target.group(groupId));
        if (unitId != null && !unitId.equals(unit)) {
            throw new InvalidRequestException("'unitId' is not the group's unit");
        }
        return new Audience(unit, groupId, Target.group(groupId));
    }

    private static String line(String s, String field, int max) {
        String t = s == null ? "" : s.strip();
        if (t.isEmpty() || t.length() > max || t.chars().anyMatch(c -> c < 0x20)) {
            throw new InvalidRequestException("'" + field + "' is 1 to " + max + " characters on one line");
        }
        return t;
    }

    @Override
    public Post createPost(AuthenticatedPrincipal principal, NewPost post) {
        if (post == null || post.kind() == null) {
            throw new InvalidRequestException("'kind' is NEWS (the unit's news) or DIARY (a group's diary)");
        }
        String title = line(post.title(), "title", 200);
        String text = post.text() == null ? "" : post.text().strip();
        if (text.length() > 4000 || text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
            throw new InvalidRequestException("'text' is at most 4000 characters");
        }
        Audience a = audience(principal, DiaryActions.POST_WRITE, post.kind() == PostKind.NEWS, post.unitId(), post.groupId());
        long id = tx.inTransaction(em -> {
            DiaryPostEntity p = new DiaryPostEntity();
            p.setKind(post.kind().name());
            p.setUnit(em.find(UnitEntity.class, a.unitId()));
            p.setGroup(a.groupId() == null ? null : em.find(GroupEntity.class, a.groupId()));
            p.setTitle(title);
            p.setBody(text);
            p.setAuthorAccount(principal.accountId());
            p.setCreatedAt(clock.nowUtc());
            em.persist(p);
            em.flush();
            audit.change(em, Actor.of(principal), DiaryActions.POST_WRITE, "diary-post", p.getId(), a.unitId(), "created");
            return p.getId();
        });
        return views(principal, List.of(id)).get(0);
    }

    @Override
    public Photo addPhoto(AuthenticatedPrincipal principal, long postId, List<Long> taggedChildIds, InputStream content) {
        requireOwned(principal, DiaryActions.POST_WRITE, DiaryAccessDeclaration.POST, postId);
        Set<Long> tags = new LinkedHashSet<>(taggedChildIds == null ? List.of() : taggedChildIds);
        if (tags.size() > 100) {
            throw new InvalidRequestException("A photo is tagged with at most 100 children");
        }
        LocalDate today = clock.today();
        long photoId = tx.inTransaction(em -> {
            DiaryPostEntity post = em.find(DiaryPostEntity.class, postId);
            if (!tags.isEmpty()) {
                Set<Long> there = new HashSet<>(audienceChildren(em, post.getUnit().getId(), post.getGroup() == null ? null : post.getGroup().getId(),
                        today));
                if (!there.containsAll(tags)) {
                    throw new InvalidRequestException("A photo is tagged with children of the post's group (or unit) only");
                }
            }
            StoredContent c = store.store(em, PHOTO_KIND, content);
            if (c.type().kind() != ContentType.Kind.IMAGE) {
                throw new UnsupportedContentTypeException("A photo is a JPEG or PNG image (decided from the content)");
            }
            DiaryPhotoEntity ph = new DiaryPhotoEntity();
            ph.setPost(post);
            ph.setContentId(c.id());
            ph.setCreatedAt(clock.nowUtc());
            em.persist(ph);
            for (long child : tags) {
                DiaryPhotoTagEntity t = new DiaryPhotoTagEntity();
                t.setPhoto(ph);
                t.setChild(em.find(PersonEntity.class, child));
                em.persist(t);
            }
            em.flush();
            audit.change(em, Actor.of(principal), DiaryActions.POST_WRITE, "diary-photo", ph.getId(), new ArrayList<>(tags),
                    post.getUnit().getId(), "photo-added");
            return ph.getId();
        });
        return views(principal, List.of(postId)).get(0).photos().stream().filter(p -> p.id() == photoId).findFirst()
                .orElseThrow(() -> new IllegalStateException("the author sees the photo"));
    }

    @Override
    public void deletePost(AuthenticatedPrincipal principal, long postId) {
        requireOwned(principal, DiaryActions.POST_WRITE, DiaryAccessDeclaration.POST, postId);
        tx.run(em -> {
            DiaryPostEntity post = em.find(DiaryPostEntity.class, postId);
            List<DiaryPhotoEntity> photos = em.createQuery("select p from DiaryPhotoEntity p where p.post.id = :p", DiaryPhotoEntity.class)
                    .setParameter("p", postId).getResultList();
            em.createQuery("delete from DiaryPhotoTagEntity t where t.photo.id in (select p.id from DiaryPhotoEntity p where p.post.id = :p)")
                    .setParameter("p", postId).executeUpdate();
            for (DiaryPhotoEntity ph : photos) {
                store.delete(em, PHOTO_KIND, ph.getContentId());
                em.remove(ph);
            }
            em.remove(post);
            em.flush();
            audit.change(em, Actor.of(principal), DiaryActions.POST_WRITE, "diary-post", postId, post.getUnit().getId(), "removed");
        });
    }

    // ---- reading

    @Override
    public List<Post> posts(AuthenticatedPrincipal principal, Long unitId, Long groupId) {
        access.requireAnyRole(principal, DiaryActions.POST_READ);
        Reach reach = access.reach(principal, DiaryActions.POST_READ);
        ChildScope scope = access.childScope(principal, DiaryActions.POST_READ);
        List<Long> ids = tx.inTransaction(em -> visible(em, "DiaryPostEntity", "p.createdAt desc, p.id desc", reach, scope, unitId, groupId, 200));
        List<Post> out = views(principal, ids);
        recordStaffRead(principal, DiaryActions.POST_READ, "diary-post", ids);
        return out;
    }

    @Override
    public Post post(AuthenticatedPrincipal principal, long postId) {
        requireOwned(principal, DiaryActions.POST_READ, DiaryAccessDeclaration.POST, postId);
        Post p = views(principal, List.of(postId)).get(0);
        recordStaffRead(principal, DiaryActions.POST_READ, "diary-post", List.of(postId));
        return p;
    }

    @Override
    public ContentStream openPhoto(AuthenticatedPrincipal principal, long photoId, boolean thumbnail) {
        Long postId = tx.inTransaction(em -> {
            DiaryPhotoEntity ph = em.find(DiaryPhotoEntity.class, photoId);
            return ph == null ? null : ph.getPost().getId();
        });
        if (postId == null) {
            access.requireAnyRole(principal, DiaryActions.POST_READ);
            throw new NoSuchObjectException("No photo " + photoId);
        }
        access.require(principal, DiaryActions.POST_READ, Target.of(DiaryAccessDeclaration.POST, postId));
        PostData data = tx.inTransaction(em -> load(em, List.of(postId))).get(0);
        PhotoData photo = data.photos().stream().filter(p -> p.id() == photoId).findFirst().orElseThrow();
        Set<Long> lacking = lacking(principal, List.of(data));
        if (!maysee(principal, data, photo, lacking, new HashMap<>())) {
            // consent withdrawn (or never given), or a protected child: recorded as a denial, answered as if there were no such photo
            audit.denial(Actor.of(principal), DiaryActions.POST_READ, "diary-photo", List.of(photoId), data.unitId(),
                    shown(data, photo).stream().anyMatch(lacking::contains) ? "consent-lacking" : "protected-child");
            throw new NoSuchObjectException("No photo " + photoId);
        }
        if (principal.kind() == AccountKind.STAFF) {
            audit.read(Actor.of(principal), DiaryActions.POST_READ, "child", shown(data, photo), data.unitId());
        }
        return thumbnail ? store.openThumbnail(PHOTO_KIND, photo.contentId()) : store.open(PHOTO_KIND, photo.contentId());
    }

    private record PhotoData(long id, long contentId, String contentType, Integer width, Integer height, List<Long> tags) {
    }

    private record PostData(DiaryPostEntity post, long unitId, Long groupId, List<PhotoData> photos, List<Long> audience,
                            Set<Long> strictlyProtected) {
    }

    private List<PostData> load(EntityManager em, List<Long> postIds) {
        LocalDate today = clock.today();
        List<PostData> out = new ArrayList<>();
        Map<String, List<Long>> audiences = new HashMap<>();
        for (long id : postIds) {
            DiaryPostEntity p = em.find(DiaryPostEntity.class, id);
            if (p == null) {
                continue;
            }
            Long group = p.getGroup() == null ? null : p.getGroup().getId();
            List<Long> audience = audiences.computeIfAbsent(p.getUnit().getId() + ":" + group,
                    k -> audienceChildren(em, p.getUnit().getId(), group, today));
            Map<Long, List<Long>> tags = new HashMap<>();
            for (Object[] row : em.createQuery("select t.photo.id, t.child.id from DiaryPhotoTagEntity t where t.photo.post.id = :p", Object[].class)
                    .setParameter("p", id).getResultList()) {
                tags.computeIfAbsent(((Number) row[0]).longValue(), k -> new ArrayList<>()).add(((Number) row[1]).longValue());
            }
            List<PhotoData> photos = new ArrayList<>();
            Set<Long> shown = new HashSet<>();
            for (DiaryPhotoEntity ph : em.createQuery("select p from DiaryPhotoEntity p where p.post.id = :p order by p.id", DiaryPhotoEntity.class)
                    .setParameter("p", id).getResultList()) {
                StoredContent c = store.find(PHOTO_KIND, ph.getContentId()).orElse(null);
                List<Long> t = tags.getOrDefault(ph.getId(), List.of());
                shown.addAll(t.isEmpty() ? audience : t);
                photos.add(new PhotoData(ph.getId(), ph.getContentId(), c == null ? null : c.type().mediaType(), c == null ? null : c.width(),
                        c == null ? null : c.height(), t));
            }
            out.add(new PostData(p, p.getUnit().getId(), group, photos, audience, strictlyProtected(em, shown)));
        }
        return out;
    }

    /** The children among these with strengt fortrolig address (or a protection still pending: fail closed). */
    private static Set<Long> strictlyProtected(EntityManager em, Collection<Long> children) {
        Set<Long> out = new HashSet<>();
        List<Long> ids = new ArrayList<>(children);
        for (int i = 0; i < ids.size(); i += 500) {
            out.addAll(em.createQuery("select p.id from PersonEntity p where p.id in :ids and (p.addressProtection = :strict or p.protectionPending = true)",
                            Long.class).setParameter("ids", ids.subList(i, Math.min(ids.size(), i + 500)))
                    .setParameter("strict", AddressProtection.STRICTLY_CONFIDENTIAL).getResultList());
        }
        return out;
    }

    private static List<Long> audienceChildren(EntityManager em, long unitId, Long groupId, LocalDate today) {
        return em.createQuery("select distinct e.child.id from EnrolmentEntity e where " + (groupId != null ? "e.group.id = :g" : "e.unit.id = :g")
                + " and " + CURRENT, Long.class).setParameter("g", groupId != null ? groupId : unitId).setParameter("d", today).getResultList();
    }

    /** The children a photo shows: its tags, or (untagged) every child of the group or unit. */
    private static List<Long> shown(PostData post, PhotoData photo) {
        return photo.tags().isEmpty() ? post.audience() : photo.tags();
    }

    /** For a guardian: the children of these posts' photos without the diary's photo consent (one question for all). */
    private Set<Long> lacking(AuthenticatedPrincipal principal, List<PostData> posts) {
        if (principal.kind() == AccountKind.STAFF) {
            return Set.of();
        }
        Set<Long> children = new LinkedHashSet<>();
        posts.forEach(p -> p.photos().forEach(ph -> children.addAll(shown(p, ph))));
        return consent.lacking(children, ConsentUse.DIARY_PHOTOS);
    }

    /**
     * Whether the reader may see the photo now. Staff: unless it shows a protected child of
     * another group. Anyone else (a guardian): every child it shows has the consent, and any
     * protected child in it is the guardian's own and the guardian shares the protection.
     */
    private boolean maysee(AuthenticatedPrincipal principal, PostData post, PhotoData photo, Set<Long> lacking, Map<Long, Boolean> protectedSeen) {
        List<Long> shown = shown(post, photo);
        if (principal.kind() != AccountKind.STAFF) {
            if (principal.kind() != AccountKind.GUARDIAN || shown.isEmpty() || shown.stream().anyMatch(lacking::contains)) {
                return false;
            }
        }
        for (long child : shown) {
            if (post.strictlyProtected().contains(child) && !protectedSeen.computeIfAbsent(child, c -> mayseeProtected(principal, c))) {
                return false;
            }
        }
        return true;
    }

    private boolean mayseeProtected(AuthenticatedPrincipal principal, long child) {
        if (!access.decide(principal, DiaryActions.PROTECTED_CHILD_IN_PHOTO, Target.child(child)).allowed()) {
            return false;
        }
        if (principal.kind() == AccountKind.STAFF) {
            return true;
        }
        // a custodian of the child: only one who shares the protection
        return principal.personId() != null && tx.inTransaction(em -> {
            PersonEntity g = em.find(PersonEntity.class, principal.personId());
            return g != null && g.getAddressProtection() == AddressProtection.STRICTLY_CONFIDENTIAL;
        });
    }

    private List<Post> views(AuthenticatedPrincipal principal, List<Long> postIds) {
        if (postIds.isEmpty()) {
            return List.of();
        }
        List<PostData> data = tx.inTransaction(em -> load(em, postIds));
        Set<Long> lacking = lacking(principal, data);
        Map<Long, Boolean> protectedSeen = new HashMap<>();
        boolean staff = principal.kind() == AccountKind.STAFF;
        List<Post> out = new ArrayList<>();
        for (PostData d : data) {
            List<Photo> photos = new ArrayList<>();
            int withheld = 0;
            for (PhotoData ph : d.photos()) {
                if (maysee(principal, d, ph, lacking, protectedSeen)) {
                    photos.add(new Photo(ph.id(), d.post().getId(), ph.contentType(), ph.width(), ph.height(), staff ? ph.tags() : null,
                            API + "/photos/" + ph.id(), API + "/photos/" + ph.id() + "/thumbnail"));
                } else {
                    withheld++;
                }
            }
            DiaryPostEntity p = d.post();
            PostKind kind = PostKind.valueOf(p.getKind());
            out.add(new Post(p.getId(), kind, label(kind), d.unitId(), d.groupId(), p.getTitle(), p.getBody(), p.getCreatedAt(), photos, withheld));
        }
        return out;
    }

    // ---- plans

    @Override
    public Plan publishPlan(AuthenticatedPrincipal principal, NewPlan plan, InputStream document) {
        if (plan == null || plan.period() == null) {
            throw new InvalidRequestException("'period' is YEAR, MONTH or WEEK");
        }
        String title = line(plan.title(), "title", 200);
        if (plan.startsOn() == null) {
            throw new InvalidRequestException("'startsOn' is the first day the plan covers (ISO date)");
        }
        Audience a = audience(principal, DiaryActions.PLAN_WRITE, plan.groupId() == null, plan.unitId(), plan.groupId());
        long id = tx.inTransaction(em -> {
            StoredContent c = store.store(em, PLAN_KIND, document);
            PlanEntity p = new PlanEntity();
            p.setUnit(em.find(UnitEntity.class, a.unitId()));
            p.setGroup(a.groupId() == null ? null : em.find(GroupEntity.class, a.groupId()));
            p.setPeriod(plan.period().name());
            p.setStartsOn(plan.startsOn());
            p.setTitle(title);
            p.setContentId(c.id());
            p.setAuthorAccount(principal.accountId());
            p.setCreatedAt(clock.nowUtc());
            em.persist(p);
            em.flush();
            audit.change(em, Actor.of(principal), DiaryActions.PLAN_WRITE, "diary-plan", p.getId(), a.unitId(), "published");
            return p.getId();
        });
        return tx.inTransaction(em -> planView(em.find(PlanEntity.class, id)));
    }

    @Override
    public List<Plan> plans(AuthenticatedPrincipal principal, Long unitId, Long groupId) {
        access.requireAnyRole(principal, DiaryActions.PLAN_READ);
        Reach reach = access.reach(principal, DiaryActions.PLAN_READ);
        ChildScope scope = access.childScope(principal, DiaryActions.PLAN_READ);
        return tx.inTransaction(em -> {
            List<Long> ids = visible(em, "PlanEntity", "p.startsOn desc, p.id desc", reach, scope, unitId, groupId, 200);
            List<Plan> out = new ArrayList<>();
            for (long id : ids) {
                out.add(planView(em.find(PlanEntity.class, id)));
            }
            return out;
        });
    }

    @Override
    public ContentStream openPlan(AuthenticatedPrincipal principal, long planId) {
        requireOwned(principal, DiaryActions.PLAN_READ, DiaryAccessDeclaration.PLAN, planId);
        long content = tx.inTransaction(em -> em.find(PlanEntity.class, planId).getContentId());
        return store.open(PLAN_KIND, content);
    }

    private Plan planView(PlanEntity p) {
        StoredContent c = store.find(PLAN_KIND, p.getContentId()).orElse(null);
        return new Plan(p.getId(), PlanPeriod.valueOf(p.getPeriod()), p.getUnit().getId(), p.getGroup() == null ? null : p.getGroup().getId(),
                p.getStartsOn(), p.getTitle(), c == null ? null : c.type().mediaType(), c == null ? 0 : c.size(), p.getCreatedAt(),
                API + "/plans/" + p.getId() + "/document");
    }

    // ---- lists filtered in the database

    /**
     * The ids of the posts (or plans) the reader reaches, newest first: those of the reader's units,
     * of the reader's groups and their units' unit-wide ones, and (a guardian) those of the groups
     * and units of their own children where the guardian's access is active at that unit.
     */
    private List<Long> visible(EntityManager em, String entity, String order, Reach reach, ChildScope scope, Long unitId, Long groupId, int max) {
        List<String> parts = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (reach.kommune()) {
            parts.add("1 = 1");
        }
        if (!reach.units().isEmpty()) {
            parts.add("p.unit.id in :rUnits");
            params.put("rUnits", new ArrayList<>(reach.units()));
        }
        if (!reach.groups().isEmpty()) {
            List<Long> groupUnits = em.createQuery("select distinct g.unit.id from GroupEntity g where g.id in :g", Long.class)
                    .setParameter("g", new ArrayList<>(reach.groups())).getResultList();
            parts.add("p.group.id in :rGroups");
            params.put("rGroups", new ArrayList<>(reach.groups()));
            if (!groupUnits.isEmpty()) {
                parts.add("(p.group is null and p.unit.id in :rGroupUnits)");
                params.put("rGroupUnits", groupUnits);
            }
        }
        if (reach.ownChildren()) {
            String enrolled = "en.startDate <= :d and (en.endDate is null or en.endDate >= :d)";
            parts.add("(exists (select ua0.id from GuardianUnitAccessEntity ua0 where ua0.person.id = :scopePerson and ua0.unit = p.unit"
                    + " and ua0.state = :scopeActive) and ("
                    + "(p.group is null and exists (select en.id from EnrolmentEntity en, PersonEntity c where en.child = c and en.unit = p.unit and "
                    + enrolled + " and " + scope.predicate() + "))"
                    + " or (p.group is not null and exists (select en.id from EnrolmentEntity en, PersonEntity c where en.child = c and en.group = p.group and "
                    + enrolled + " and " + scope.predicate() + "))))");
            params.putAll(scope.parameters());
            params.put("d", clock.today());
        }
        if (parts.isEmpty()) {
            return List.of();
        }
        String where = "(" + String.join(" or ", parts) + ")";
        if (unitId != null) {
            where += " and p.unit.id = :fUnit";
            params.put("fUnit", unitId);
        }
        if (groupId != null) {
            where += " and (p.group.id = :fGroup or (p.group is null and p.unit.id = (select g2.unit.id from GroupEntity g2 where g2.id = :fGroup)))";
            params.put("fGroup", groupId);
        }
        TypedQuery<Long> q = em.createQuery("select p.id from " + entity + " p where " + where + " order by " + order, Long.class);
        params.forEach(q::setParameter);
        return q.setMaxResults(max).getResultList();
    }

    // ---- helpers

    private void requireOwned(AuthenticatedPrincipal principal, String action, String kind, long id) {
        Class<?> type = DiaryAccessDeclaration.POST.equals(kind) ? DiaryPostEntity.class : PlanEntity.class;
        if (access.mayEver(principal, action) && tx.inTransaction(em -> em.find(type, id) == null)) {
            throw new NoSuchObjectException("No such " + (type == PlanEntity.class ? "plan " : "post ") + id);
        }
        access.require(principal, action, Target.of(kind, id));
    }

    private void recordStaffRead(AuthenticatedPrincipal principal, String action, String objectType, List<Long> ids) {
        if (principal.kind() == AccountKind.STAFF && !ids.isEmpty()) {
            audit.read(Actor.of(principal), action, objectType, ids, null);
        }
    }
}
