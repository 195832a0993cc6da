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
            // scalar rows, not entities: a fan-out resolves thousands in the send's own transaction
            Map<Long, Object[]> persons = new HashMap<>();
            em.createQuery("select p.id, p.deceased, p.contactReserved, p.email, p.mobile from PersonEntity p where p.id in :p", Object[].class)
                    .setParameter("p", chunk).getResultList().forEach(r -> persons.put((Long) r[0], r));
            Map<Long, Object[]> registrations = new HashMap<>();
            em.createQuery("select r.person.id, r.registerStatus, r.notificationStatus, r.language, r.emailUpdatedAt, r.emailVerifiedAt,"
                            + " r.mobileUpdatedAt, r.mobileVerifiedAt from ContactRegistrationEntity r where r.person.id in :p", Object[].class)
                    .setParameter("p", chunk).getResultList().forEach(r -> registrations.put((Long) r[0], r));
            Map<Long, NoticeSettingsEntity> settings = new HashMap<>();
            em.createQuery("select s from NoticeSettingsEntity s where s.personId in :p", NoticeSettingsEntity.class)
                    .setParameter("p", chunk).getResultList().forEach(s -> settings.put(s.getPersonId(), s));
            for (long id : chunk) {
                Object[] p = persons.get(id);
                Object[] r = registrations.get(id);
                Contact c = p == null ? null : contact(Boolean.TRUE.equals(p[1]), Boolean.TRUE.equals(p[2]), (String) p[3], (String) p[4],
                        r == null ? null : new Registration((String) r[1], (String) r[2], (String) r[3], (OffsetDateTime) r[4], (OffsetDateTime) r[5],
                                (OffsetDateTime) r[6], (OffsetDateTime) r[7]), settings.get(id), now);
                if (c != null) {
                    out.put(id, c);
                }
            }
        }
        return out;
    }

    /** What the contact register said (a registration's columns). */
    record Registration(String status, String notificationStatus, String language, OffsetDateTime emailUpdated, OffsetDateTime emailVerified,
                        OffsetDateTime mobileUpdated, OffsetDateTime mobileVerified) {
        static Registration of(ContactRegistrationEntity r) {
            return r == null ? null : new Registration(r.getRegisterStatus(), r.getNotificationStatus(), r.getLanguage(), r.getEmailUpdatedAt(),
                    r.getEmailVerifiedAt(), r.getMobileUpdatedAt(), r.getMobileVerifiedAt());
        }
    }

    static Contact contact(PersonEntity p, ContactRegistrationEntity r, NoticeSettingsEntity s, OffsetDateTime now) {
        return p == null ? null : contact(p.isDeceased(), p.isContactReserved(), p.getEmail(), p.getMobile(), Registration.of(r), s, now);
    }

    static Contact contact(boolean deceased, boolean reserved, String personEmail, String personMobile, Registration r, NoticeSettingsEntity s,
                           OffsetDateTime now) {
        if (deceased) {
            return null;
        }
        Set<String> off = s == null || s.getCategoriesOff() == null || s.getCategoriesOff().isBlank() ? Set.of()
                : new HashSet<>(Arrays.asList(s.getCategoriesOff().split(",")));
        String own = s == null ? null : s.getLanguage();
        if (r != null) {
            if (reserved || !"ACTIVE".equals(r.status()) || "CANNOT_BE_NOTIFIED".equals(r.notificationStatus())) {
                return null;
            }
            String email = blank(personEmail) || ContactRegistrationEntity.stale(r.emailUpdated(), r.emailVerified(), now) ? null : personEmail;
            String mobile = blank(personMobile) || ContactRegistrationEntity.stale(r.mobileUpdated(), r.mobileVerified(), now) ? null : personMobile;
            Contact c = new Contact(email, mobile, NoticeTexts.language(own != null ? own : r.language()), off, "KRR");
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
