package no.ranselpost.messaging.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import no.ranselpost.messaging.api.MessagingActions;
import no.ranselpost.persistence.entity.MessageAttachmentEntity;
import no.ranselpost.retention.api.RetentionParticipant;
import no.ranselpost.retention.api.RetentionScope;
import no.ranselpost.storage.api.ContentStore;

/**
 * Messaging's part of retention: every thread about a forgotten child (or private to a forgotten
 * adult) goes with its messages, participants and read marks; a send left with no thread goes
 * with its attachments (their content through the binary store); elsewhere the forgotten
 * guardians' accounts stop being participants and their read marks go.
 */
@Component(service = RetentionParticipant.class)
public class MessagingRetention implements RetentionParticipant {

    private final ContentStore store;

    @Activate
    public MessagingRetention(@Reference(policyOption = ReferencePolicyOption.GREEDY) ContentStore store) {
        this.store = store;
    }

    @Override
    public String capability() {
        return "messaging";
    }

    @Override
    public Map<String, Long> forget(EntityManager em, RetentionScope scope) {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<Long> children = List.copyOf(scope.childIds());
        List<Long> persons = List.copyOf(scope.everyone());
        List<Long> accounts = List.copyOf(scope.accountIds());
        if (!children.isEmpty() || !persons.isEmpty()) {
            List<Object[]> threads = em.createQuery("select t.id, t.sendId from MessageThreadEntity t where t.childId in :c or t.privateFor in :p",
                            Object[].class)
                    .setParameter("c", children.isEmpty() ? List.of(-1L) : children)
                    .setParameter("p", persons.isEmpty() ? List.of(-1L) : persons)
                    .getResultList();
            List<Long> threadIds = threads.stream().map(r -> (Long) r[0]).toList();
            List<Long> sends = threads.stream().map(r -> (Long) r[1]).filter(java.util.Objects::nonNull).distinct().toList();
            if (!threadIds.isEmpty()) {
                counts.put("messaging.message", (long) em.createQuery("delete from MessageEntity m where m.threadId in :t")
                        .setParameter("t", threadIds).executeUpdate());
                counts.put("messaging.participant", (long) em.createQuery("delete from ThreadParticipantEntity p where p.threadId in :t")
                        .setParameter("t", threadIds).executeUpdate());
                counts.put("messaging.read-mark", (long) em.createQuery("delete from MessageReadEntity r where r.threadId in :t")
                        .setParameter("t", threadIds).executeUpdate());
                counts.put("messaging.thread", (long) em.createQuery("delete from MessageThreadEntity t where t.id in :t")
                        .setParameter("t", threadIds).executeUpdate());
            }
            // sends (and their attachments) that no thread is left of
            List<Long> orphans = sends.isEmpty() ? List.of() : em.createQuery("select s.id from MessageSendEntity s where s.id in :s "
                    + "and not exists (select t.id from MessageThreadEntity t where t.sendId = s.id)", Long.class)
                    .setParameter("s", sends).getResultList();
            if (!orphans.isEmpty()) {
                long attachments = 0;
                for (MessageAttachmentEntity a : em.createQuery("select a from MessageAttachmentEntity a where a.sendId in :s",
                        MessageAttachmentEntity.class).setParameter("s", orphans).getResultList()) {
                    store.delete(em, MessagingActions.ATTACHMENT_OWNER, a.getContentId());
                    em.remove(a);
                    attachments++;
                }
                counts.put("messaging.attachment", attachments);
                counts.put("messaging.send", (long) em.createQuery("delete from MessageSendEntity s where s.id in :s")
                        .setParameter("s", orphans).executeUpdate());
            }
            if (!persons.isEmpty()) {
                counts.merge("messaging.participant", (long) em.createQuery("delete from ThreadParticipantEntity p where p.personId in :p")
                        .setParameter("p", persons).executeUpdate(), Long::sum);
            }
        }
        if (!accounts.isEmpty()) {
            counts.merge("messaging.participant", (long) em.createQuery("delete from ThreadParticipantEntity p where p.accountId in :a")
                    .setParameter("a", accounts).executeUpdate(), Long::sum);
            counts.merge("messaging.read-mark", (long) em.createQuery("delete from MessageReadEntity r where r.accountId in :a")
                    .setParameter("a", accounts).executeUpdate(), Long::sum);
        }
        em.flush();
        return counts;
    }
}
