package no.ranselpost.persistence.internal;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.core.DerbyDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Brings the schema of the DataSource {@code ranselpost} up to the migration set of this build
 * (Liquibase, {@code db/changelog/ranselpost.xml} in this bundle), before anything uses the
 * persistence unit: {@link JpaTransactions} waits for this service. A database that cannot be
 * migrated keeps Ranselpost from starting, with the reason in the log.
 */
@Component(service = SchemaMigrations.class, immediate = true)
public class SchemaMigrations {

    public static final String CHANGELOG = "db/changelog/ranselpost.xml";
    /** The tag after the changeSets of the first release's schema. */
    public static final String FOUNDATION = "foundation";
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    @Activate
    public SchemaMigrations(@Reference(target = "(osgi.jndi.service.name=ranselpost)") DataSource dataSource) {
        migrate(dataSource, null);
    }

    /** Ranselpost's tables are there, Liquibase's history is not. */
    private static boolean createdWithoutMigrations(Connection c) throws SQLException {
        return hasTable(c, "RP_PERSON") && !hasTable(c, "DATABASECHANGELOG");
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        java.sql.DatabaseMetaData md = c.getMetaData();
        for (String n : new String[] {name, name.toLowerCase(java.util.Locale.ROOT)}) {
            try (java.sql.ResultSet rs = md.getTables(null, null, n, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Migrates to the newest changeSet, or to a tag (tests of upgrades); answers how many
     * changeSets ran.
     */
    public static int migrate(DataSource dataSource, String toTag) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(SchemaMigrations.class.getClassLoader());
        try (Connection c = dataSource.getConnection()) {
            Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            if (db instanceof DerbyDatabase derby) {
                // the pool owns the embedded database: never shut it down under it
                derby.setShutdownEmbeddedDerby(false);
            }
            @SuppressWarnings("deprecation")
            Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(SchemaMigrations.class.getClassLoader()), db);
            // the summary goes to the log, not to the console
            liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
            if (createdWithoutMigrations(c)) {
                // the foundation's releases let OpenJPA create the tables: they are the foundation's changeSets
                LOG.warn("The database has Ranselpost's tables but no migration history: adopting it as the foundation's schema");
                liquibase.changeLogSync(FOUNDATION, new Contexts(), new LabelExpression());
            }
            int pending = liquibase.listUnrunChangeSets(new Contexts(), new LabelExpression()).size();
            if (toTag == null) {
                liquibase.update(new Contexts(), new LabelExpression());
            } else {
                liquibase.update(toTag, new Contexts(), new LabelExpression());
            }
            int after = liquibase.listUnrunChangeSets(new Contexts(), new LabelExpression()).size();
            int ran = pending - after;
            LOG.info("Schema of {} migrated: {} changeSet(s) applied, {} pending", db.getDatabaseProductName(), ran, after);
            return ran;
        } catch (SQLException | LiquibaseException e) {
            LOG.error("The database could not be migrated; Ranselpost does not start on it", e);
            throw new IllegalStateException("Schema migration failed: " + e.getMessage(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
