package no.ranselpost.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;


import org.apache.openjpa.enhance.PersistenceCapable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.persistence.api.SourceRun;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.SessionEntity;
import no.ranselpost.persistence.entity.SourceRunEntity;
import no.ranselpost.persistence.entity.SourceStateEntity;
import no.ranselpost.persistence.entity.StaffAccountEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.persistence.internal.JpaSourceRunHistory;
import no.ranselpost.persistence.internal.JpaSourceStateStore;
import no.ranselpost.persistence.internal.JpaTransactions;
import no.ranselpost.persistence.testing.TestDatabase;

/** Runs the real persistence unit (build-time enhanced entities) on in-memory Derby. */
class PersistenceUnitTest {

    private static TestDatabase db;
    private static JpaTransactions tx;

    @BeforeAll
    static void start() {
        db = new TestDatabase();
        tx = db.transactions();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void entitiesAreEnhancedAtBuildTime() {
        for (Class<?> c : List.of(UnitEntity.class, PersonEntity.class, StaffAccountEntity.class, SessionEntity.class,
                SourceStateEntity.class, SourceRunEntity.class)) {
            assertTrue(PersistenceCapable.class.isAssignableFrom(c), c + " is not enhanced");
        }
    }

    @Test
    void commitsAndRollsBack() {
        long id = tx.inTransaction(em -> {
            UnitEntity u = new UnitEntity();
            u.setOrgNumber("964338531");
            u.setUnitType(UnitType.SCHOOL);
            u.setName("Eksempel skole");
            em.persist(u);
            em.flush();
            return u.getId();
        });
        assertEquals("Eksempel skole", tx.inTransaction(em -> em.find(UnitEntity.class, id).getName()));

        assertThrows(IllegalStateException.class, () -> tx.run(em -> {
            em.find(UnitEntity.class, id).setName("Changed");
            em.flush();
            throw new IllegalStateException("boom");
        }));
        assertEquals("Eksempel skole", tx.inTransaction(em -> em.find(UnitEntity.class, id).getName()));
    }

    @Test
    void theUnitKeyIsUnique() {
        tx.run(em -> {
            UnitEntity u = new UnitEntity();
            u.setOrgNumber("974760673");
            u.setUnitType(UnitType.SFO);
            u.setName("A");
            em.persist(u);
        });
        assertThrows(RuntimeException.class, () -> tx.run(em -> {
            UnitEntity u = new UnitEntity();
            u.setOrgNumber("974760673");
            u.setUnitType(UnitType.SFO);
            u.setName("B");
            em.persist(u);
        }));
        long count = tx.inTransaction(em -> em.createQuery(
                "select count(u) from UnitEntity u where u.orgNumber = '974760673'", Long.class).getSingleResult());
        assertEquals(1L, count);
    }

    @Test
    void strengtFortroligNeverKeepsAnAddress() {
        long id = tx.inTransaction(em -> {
            PersonEntity p = new PersonEntity();
            p.setNationalId("27850998855");
            p.setGivenName("Test");
            p.setFamilyName("Person");
            p.setBirthDate(LocalDate.of(2009, 5, 27));
            p.setAddress("Gate 1", "5003", "Bergen");
            em.persist(p);
            em.flush();
            p.setAddressProtection(AddressProtection.STRICTLY_CONFIDENTIAL);
            return p.getId();
        });
        PersonEntity stored = tx.inTransaction(em -> em.find(PersonEntity.class, id));
        assertEquals(AddressProtection.STRICTLY_CONFIDENTIAL, stored.getAddressProtection());
        assertNull(stored.getStreetAddress());
        assertNull(stored.getPostalCode());
        assertThrows(IllegalStateException.class, () -> stored.setAddress("Gate 2", null, null));
    }

    @Test
    void storesTimesInUtc() {
        OffsetDateTime t = OffsetDateTime.of(2026, 11, 30, 10, 15, 30, 0, ZoneOffset.UTC);
        long id = tx.inTransaction(em -> {
            SourceRunEntity r = new SourceRunEntity();
            r.setSourceId("time-test");
            r.setStatus("RUNNING");
            r.setStartedAt(t);
            em.persist(r);
            em.flush();
            return r.getId();
        });
        OffsetDateTime read = tx.inTransaction(em -> em.find(SourceRunEntity.class, id).getStartedAt());
        assertEquals(t.toInstant(), read.toInstant());
    }

    @Test
    void sourceStateIsPerSourceAndJoinsTheCallersTransaction() {
        JpaSourceStateStore store = new JpaSourceStateStore(tx);
        store.put("freg", "position", "41");
        store.put("freg", "position", "42");
        store.put("krr", "position", "7");
        assertEquals("42", store.get("freg", "position").orElseThrow());
        assertEquals(Map.of("position", "7"), store.all("krr"));

        assertThrows(IllegalStateException.class, () -> tx.run(em -> {
            store.put(em, "freg", "position", "99");
            throw new IllegalStateException("the changes this position covers failed");
        }));
        assertEquals("42", store.get("freg", "position").orElseThrow());
        store.remove("freg", "position");
        assertTrue(store.get("freg", "position").isEmpty());
    }

    @Test
    void keepsRunHistoryNewestFirst() {
        JpaSourceRunHistory history = new JpaSourceRunHistory(tx);
        SourceRun first = history.start("demo-test");
        history.finish(first.id(), SourceRun.Status.SUCCEEDED, new SourceRun.Counts(3, 0, 0, 0, 1), "ok");
        SourceRun second = history.start("demo-test");
        List<SourceRun> runs = history.history("demo-test", 10);
        assertEquals(2, runs.size());
        assertEquals(second.id(), runs.get(0).id());
        assertEquals(SourceRun.Status.RUNNING, runs.get(0).status());
        assertEquals(3, runs.get(1).created());
        assertEquals(1, runs.get(1).rejected());
    }
}
