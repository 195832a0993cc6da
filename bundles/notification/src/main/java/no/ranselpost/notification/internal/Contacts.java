package no.ranselpost.notification.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;

import no.ranselpost.persistence.entity.ContactRegistrationEntity;
import no.ranselpost.persistence.entity.NoticeSettingsEntity;
import no.ranselpost.persistence.entity.PersonEntity;

/**
 * Where a person can be notified. With a contact register entry (KRR, Vigilo-style) only its data:
 * none for a person reserved, not ACTIVE there or who cannot be notified; an e-mail or mobile not
 * updated or verified in 18 months is not used. Without one (Visma-style) the guardian's own
 * e-mail and mobile, once confirmed by a code. An unknown or deceased person has none.
 */
final class Contacts {

    /** Where and how to reach one person (email or mobile may be null), and what they turned off. */
    record Contact(String email, String mobile, String language, Set<String> off, String source) {
        boolean any() {
            return email != null || mobile != null;
        }
    }

    private Contacts() {
    }

    static Map<Long, Contact> resolve(EntityManager em, Collection<Long> personIds, OffsetDateTime now) {
        Map<Long, Contact> out = new HashMap<>();
        List<Long> ids = new ArrayList<>(new HashSet<>(personIds));
        for (int i = 0; i < ids.size(); i += 500) {
            List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + 500));
            Map<Long, PersonEntity> persons = new HashMap<>();
            em.createQuery("select p from PersonEntity p where p.id in :p", PersonEntity.class).setParameter("p", chunk).getResultList()
                    .forEach(p -> persons.put(p.getId(), p));
            Map<Long, ContactRegistrationEntity> registrations = new HashMap<>();
            em.createQuery("select r from ContactRegistrationEntity r where r.person.id in :p", ContactRegistrationEntity.class)
                    .setParameter("p", chunk).getResultList().forEach(r -> registrations.put(r.getPerson().getId(), r));
            Map<Long, NoticeSettingsEntity> settings = new HashMap<>();
            em.createQuery("select s from NoticeSettingsEntity s where s.personId in :p", NoticeSettingsEntity.class)
                    .setParameter("p", chunk).getResultList().forEach(s -> settings.put(s.getPersonId(), s));
            for (long id : chunk) {
                Contact c = contact(persons.get(id), registrations.get(id), settings.get(id), now);
                if (c != null) {
                    out.put(id, c);
                }
            }
        }
        return out;
    }

    static Contact contact(PersonEntity p, ContactRegistrationEntity r, NoticeSettingsEntity s, OffsetDateTime now) {
        if (p == null || p.isDeceased()) {
            return null;
        }
        Set<String> off = s == null || s.getCategoriesOff() == null || s.getCategoriesOff().isBlank() ? Set.of()
                : new HashSet<>(Arrays.asList(s.getCategoriesOff().split(",")));
        String own = s == null ? null : s.getLanguage();
        if (r != null) {
            if (p.isContactReserved() || !"ACTIVE".equals(r.getRegisterStatus()) || "CANNOT_BE_NOTIFIED".equals(r.getNotificationStatus())) {
                return null;
            }
            String email = blank(p.getEmail()) || r.emailStale(now) ? null : p.getEmail();
            String mobile = blank(p.getMobile()) || r.mobileStale(now) ? null : p.getMobile();
            Contact c = new Contact(email, mobile, NoticeTexts.language(own != null ? own : r.getLanguage()), off, "KRR");
            return c.any() ? c : null;
        }
        if (s == null) {
            return null;
        }
        String email = s.getEmailConfirmedAt() == null || blank(s.getEmail()) ? null : s.getEmail();
        String mobile = s.getMobileConfirmedAt() == null || blank(s.getMobile()) ? null : s.getMobile();
        Contact c = new Contact(email, mobile, NoticeTexts.language(own), off, "OWN");
        return c.any() ? c : null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
