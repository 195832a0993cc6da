package no.ranselpost.registry.freg.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import no.ranselpost.persistence.api.Transactions;

/**
 * Whom Ranselpost follows in FREG, read from the database: the children with a current
 * enrolment (in the followed units, or anywhere when none are configured), and the adults
 * linked to them as current holders of responsibility or verges.
 */
final class FollowedPeople {

    private static final int IN_CHUNK = 100;

    private final Transactions tx;
    private final List<String> units;
    private final no.ranselpost.core.api.time.OsloClock clock;

    FollowedPeople(Transactions tx, List<String> units, no.ranselpost.core.api.time.OsloClock clock) {
        this.tx = tx;
        this.units = units;
        this.clock = clock;
    }

    /**
     * A chunk of exactly {@link #IN_CHUNK} values (padded with its last one, which changes no
     * answer): every query of a kind has one SQL text, compiled once by the database.
     */
    private static <T> List<T> padded(List<T> chunk) {
        List<T> out = new ArrayList<>(chunk);
        while (!out.isEmpty() && out.size() < IN_CHUNK) {
            out.add(out.get(out.size() - 1));
        }
        return out;
    }

    /** Internal person ids by national id (for the retry list, which names no national id). */
    Map<String, Long> idsOf(Collection<String> nationalIds) {
        Map<String, Long> out = new HashMap<>();
        List<String> all = new ArrayList<>(nationalIds);
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            List<String> chunk = padded(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
            tx.run(em -> em.createQuery("select p.nationalId, p.id from PersonEntity p where p.nationalId in :ids", Object[].class)
                    .setParameter("ids", chunk).getResultList().forEach(r -> out.put((String) r[0], (Long) r[1])));
        }
        return out;
    }

    /** National ids by internal person id. */
    Set<String> nationalIdsOf(Collection<Long> personIds) {
        Set<String> out = new LinkedHashSet<>();
        List<Long> all = new ArrayList<>(personIds);
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            List<Long> chunk = padded(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
            tx.run(em -> out.addAll(em.createQuery("select p.nationalId from PersonEntity p where p.id in :ids", String.class)
                    .setParameter("ids", chunk).getResultList()));
        }
        return out;
    }

    private String enrolledToday(String extra) {
        return "select distinct e.child.nationalId from EnrolmentEntity e where e.startDate <= :today "
                + "and (e.endDate is null or e.endDate >= :today)" + (units.isEmpty() ? "" : " and e.unit.orgNumber in :units") + extra;
    }

    private TypedQuery<String> bind(TypedQuery<String> q) {
        q.setParameter("today", clock.today());
        if (!units.isEmpty()) {
            q.setParameter("units", units);
        }
        return q;
    }

    /** The followed children's national ids, sorted. */
    Set<String> children() {
        return tx.inTransaction(em -> new TreeSet<>(bind(em.createQuery(enrolledToday(""), String.class)).getResultList()));
    }

    /** Followed children no registry has described yet (enrolled after the snapshot). */
    Set<String> childrenNotYetDescribed() {
        return tx.inTransaction(em -> new TreeSet<>(bind(em.createQuery(enrolledToday(" and e.child.registryStatus is null"), String.class))
                .getResultList()));
    }

    /** For each of these adults, the children they are currently linked to (holder or verge). */
    Map<String, Set<String>> childrenOf(Collection<String> adults) {
        Map<String, Set<String>> result = new HashMap<>();
        List<String> all = new ArrayList<>(adults);
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            List<String> chunk = padded(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
            tx.run(em -> {
                collect(em, "select g.guardian.nationalId, g.child.nationalId from GuardianshipEntity g "
                        + "where g.current = true and g.guardian.nationalId in :ids", chunk, result);
                collect(em, "select w.verge.nationalId, w.ward.nationalId from WardshipEntity w "
                        + "where w.current = true and w.verge.nationalId in :ids", chunk, result);
            });
        }
        return result;
    }

    private static void collect(EntityManager em, String jpql, List<String> ids, Map<String, Set<String>> into) {
        for (Object[] row : em.createQuery(jpql, Object[].class).setParameter("ids", ids).getResultList()) {
            into.computeIfAbsent((String) row[0], k -> new LinkedHashSet<>()).add((String) row[1]);
        }
    }
}
