package no.ranselpost.retention.internal;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;

import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.StaffAccountEntity;
import no.ranselpost.retention.api.RetentionScope;

/**
 * The core's own part of a batch, after every participant has forgotten its data: the children's
 * and guardians' relations go (enrolments, guardianships, blocks, requests, access per unit,
 * overrides, health, contact registrations, former ids), their guardian accounts are emptied and
 * disabled with their sessions gone, and each person is anonymised: the row stays (ids in other
 * tables and in the audit trail keep pointing at it) without a name, national id, birth date,
 * address or contact detail.
 */
final class CoreForgetting {

    private CoreForgetting() {
    }

    static Map<String, Long> forget(EntityManager em, RetentionScope scope) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Set<Long> children = scope.childIds();
        Set<Long> persons = scope.everyone();
        Set<Long> accounts = scope.accountIds();
        if (!children.isEmpty()) {
            count(counts, "core.health", delete(em, "delete from ChildHealthEntity h where h.child.id in :ids", children));
            count(counts, "core.enrolment", delete(em, "delete from EnrolmentEntity e where e.child.id in :ids", children));
        }
        if (!persons.isEmpty()) {
            count(counts, "core.block", delete(em, "delete from GuardianBlockEntity b where b.child.id in :ids or b.guardian.id in :ids", persons));
            count(counts, "core.access-request",
                    delete(em, "delete from AccessRequestEntity r where r.child.id in :ids or r.guardian.id in :ids", persons));
            count(counts, "core.guardianship",
                    delete(em, "delete from GuardianshipEntity g where g.child.id in :ids or g.guardian.id in :ids", persons));
            count(counts, "core.wardship", delete(em, "delete from WardshipEntity w where w.ward.id in :ids or w.verge.id in :ids", persons));
            count(counts, "core.unit-access", delete(em, "delete from GuardianUnitAccessEntity a where a.person.id in :ids", persons));
            count(counts, "core.guardian-account-state", delete(em, "delete from GuardianAccountEntity a where a.person.id in :ids", persons));
            count(counts, "core.override", delete(em, "delete from FieldOverrideEntity o where o.person.id in :ids", persons));
            count(counts, "core.former-national-id", delete(em, "delete from FormerNationalIdEntity f where f.person.id in :ids", persons));
            count(counts, "core.contact-registration", delete(em, "delete from ContactRegistrationEntity c where c.person.id in :ids", persons));
            count(counts, "identity.shared-password-holder",
                    delete(em, "delete from SharedPasswordHolderEntity h where h.person.id in :ids", persons));
        }
        if (!accounts.isEmpty()) {
            count(counts, "identity.session", delete(em, "delete from SessionEntity s where s.account.id in :ids", accounts));
            count(counts, "identity.activation-code", delete(em, "delete from ActivationCodeEntity c where c.account.id in :ids", accounts));
            for (Long id : accounts) {
                StaffAccountEntity a = em.find(StaffAccountEntity.class, id);
                if (a != null) {
                    a.setUsername("anonymised." + a.getId());
                    a.setDisplayName("-");
                    a.setPasswordHash("!");
                    a.setTotpSecret(null);
                    a.setDisabled(true);
                    a.setPerson(null);
                    count(counts, "identity.guardian-account", 1);
                }
            }
        }
        OffsetDateTime now = scope.now();
        for (Long id : persons) {
            PersonEntity p = em.find(PersonEntity.class, id);
            if (p != null && p.getAnonymisedAt() == null) {
                anonymise(p, now);
                count(counts, children.contains(id) ? "core.child" : "core.guardian", 1);
            }
        }
        em.flush();
        return counts;
    }

    /** A national id no one has (11 characters, not digits): the unique column keeps its rule. */
    static String anonymousId(long id) {
        return "X" + String.format("%010d", id);
    }

    private static void anonymise(PersonEntity p, OffsetDateTime now) {
        p.setNationalId(anonymousId(p.getId()));
        p.setGivenName(null);
        p.setFamilyName(null);
        p.setBirthDate(null);
        p.setAddress(null, null, null);
        p.setEmail(null);
        p.setMobile(null);
        p.setEmailConfirmedAt(null);
        p.setMobileConfirmedAt(null);
        p.setAnonymisedAt(now);
    }

    static long delete(EntityManager em, String jpql, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return em.createQuery(jpql).setParameter("ids", List.copyOf(ids)).executeUpdate();
    }

    static void count(Map<String, Long> counts, String kind, long n) {
        if (n > 0) {
            counts.merge(kind, n, Long::sum);
        }
    }
}
