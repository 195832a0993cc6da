package no.ranselpost.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.persistence.entity.GuardianUnitAccessEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.StaffAccountEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.persistence.internal.SchemaMigrations;
import no.ranselpost.persistence.testing.SchemaDescription;
import no.ranselpost.persistence.testing.TestDatabase;

/**
 * The migrations are the schema: they must say what the entities need (the drift test), and
 * a database of an earlier release must come through an upgrade with its data.
 */
class SchemaMigrationTest {

    @Test
    void theMigratedSchemaIsExactlyWhatTheEntitiesNeed() throws Exception {
        try (TestDatabase migrated = new TestDatabase(ds -> ds, TestDatabase.Schema.MIGRATED);
             TestDatabase fromEntities = new TestDatabase(ds -> ds, TestDatabase.Schema.FROM_ENTITIES)) {
            // OpenJPA builds its schema on first use
            fromEntities.transactions().inTransaction(em -> em.createQuery("select count(p) from PersonEntity p").getSingleResult());
            String expected = SchemaDescription.describe(fromEntities.dataSource());
            String actual = SchemaDescription.describe(migrated.dataSource());
            assertTrue(expected.contains("== RP_PERSON") && expected.contains("== RP_SEQUENCE"), expected);
            assertEquals(expected, actual, "an entity and the migrations disagree: add a migration (db/changelog) for the change");
        }
    }

    @Test
    void aSecondMigrationChangesNothing() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertEquals(0, SchemaMigrations.migrate(db.dataSource(), null));
        }
    }

    @Test
    void aDatabaseOfTheFoundationIsUpgradedWithItsData() throws Exception {
        upgrade(false);
    }

    /** The foundation's releases let OpenJPA create the tables: such a database has no migration history and is adopted. */
    @Test
    void aDatabaseTheFoundationsOpenJpaMadeIsAdoptedAndUpgraded() throws Exception {
        upgrade(true);
    }

    private void upgrade(boolean withoutHistory) throws Exception {
        DataSource fixture = TestDatabase.newDerby();
        // the foundation's schema, then its data, made once (upgrade/foundation-data.sql)
        assertTrue(SchemaMigrations.migrate(fixture, "foundation") > 0);
        if (withoutHistory) {
            try (Connection c = fixture.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("DROP TABLE DATABASECHANGELOG");
                st.executeUpdate("DROP TABLE DATABASECHANGELOGLOCK");
            }
        }
        try (Connection c = fixture.getConnection(); Statement st = c.createStatement();
             InputStream in = getClass().getResourceAsStream("/upgrade/foundation-data.sql")) {
            for (String sql : new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    st.executeUpdate(sql.strip());
                }
            }
        }
        try (TestDatabase db = new TestDatabase(fixture, ds -> ds, TestDatabase.Schema.MIGRATED)) {
            db.transactions().run(em -> {
                PersonEntity mother = em.find(PersonEntity.class, 104L);
                assertEquals("Mona", mother.getGivenName());
                assertEquals("Skoleveien 3", mother.getStreetAddress());
                assertFalse(mother.isProtectionPending(), "the new column has its default");
                StaffAccountEntity leader = em.find(StaffAccountEntity.class, 108L);
                assertEquals(AccountKind.STAFF, leader.getKind(), "an account stored before kinds is told by its grants");
                assertEquals(1, leader.getGrants().size());
                // the person-wide activation became the unit's
                List<GuardianUnitAccessEntity> access = em.createQuery("select a from GuardianUnitAccessEntity a", GuardianUnitAccessEntity.class)
                        .getResultList();
                assertEquals(1, access.size());
                assertEquals(101L, access.get(0).getUnit().getId());
                assertEquals(AccountState.ACTIVE, access.get(0).getState());
                assertTrue(access.get(0).getId() >= 1001, "its id came from the sequence");
            });
            // new rows get ids past everything migrated
            long newId = db.transactions().inTransaction(em -> {
                UnitEntity u = new UnitEntity();
                u.setName("Ny skole");
                u.setOrgNumber("974760673");
                u.setUnitType(no.ranselpost.core.api.UnitType.SCHOOL);
                em.persist(u);
                em.flush();
                return u.getId();
            });
            long highest = db.transactions().inTransaction(em -> em.createQuery("select max(a.id) from GuardianUnitAccessEntity a", Long.class)
                    .getSingleResult());
            assertTrue(newId > highest, newId + " after " + highest);
            assertEquals(0, SchemaMigrations.migrate(db.dataSource(), null));
        }
    }
}
