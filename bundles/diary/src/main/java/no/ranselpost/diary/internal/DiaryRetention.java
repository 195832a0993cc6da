package no.ranselpost.diary.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import no.ranselpost.persistence.entity.DiaryPhotoEntity;
import no.ranselpost.retention.api.RetentionParticipant;
import no.ranselpost.retention.api.RetentionScope;
import no.ranselpost.storage.api.ContentStore;

/**
 * The diary's part of retention: every photo that shows a forgotten child goes, with its stored
 * content (through the binary store, in the run's transaction) and its tags; the posts stay with
 * the rest of their photos.
 */
@Component(service = RetentionParticipant.class)
public class DiaryRetention implements RetentionParticipant {

    private final ContentStore store;

    @Activate
    public DiaryRetention(@Reference(policyOption = ReferencePolicyOption.GREEDY) ContentStore store) {
        this.store = store;
    }

    @Override
    public String capability() {
        return "diary";
    }

    @Override
    public Map<String, Long> forget(EntityManager em, RetentionScope scope) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (scope.childIds().isEmpty()) {
            return counts;
        }
        List<Long> children = List.copyOf(scope.childIds());
        List<DiaryPhotoEntity> photos = em.createQuery("select distinct t.photo from DiaryPhotoTagEntity t where t.child.id in :c",
                DiaryPhotoEntity.class).setParameter("c", children).getResultList();
        if (photos.isEmpty()) {
            return counts;
        }
        List<Long> photoIds = photos.stream().map(DiaryPhotoEntity::getId).toList();
        long tags = em.createQuery("delete from DiaryPhotoTagEntity t where t.photo.id in :p").setParameter("p", photoIds).executeUpdate();
        long content = 0;
        for (DiaryPhotoEntity ph : photos) {
            if (store.delete(em, JpaDiaryService.PHOTO_KIND, ph.getContentId())) {
                content++;
            }
            em.remove(em.contains(ph) ? ph : em.merge(ph));
        }
        em.flush();
        counts.put("diary.photo", (long) photos.size());
        counts.put("diary.photo-tag", tags);
        counts.put("diary.stored-content", content);
        return counts;
    }
}
