package no.ranselpost.persistence.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.derby.jdbc.EmbeddedDataSource;

import no.ranselpost.persistence.internal.JpaTransactions;

/**
 * The real persistence unit on a fresh in-memory Derby database, outside OSGi. Shared with the
 * other bundles' unit tests through this module's test-jar.
 */
public final class TestDatabase implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final EntityManagerFactory emf;
    private final DataSource dataSource;
    private final JpaTransactions transactions;

    public TestDatabase() {
        this(ds -> ds);
    }

    /** With the DataSource wrapped, e.g. to count the rows the database returns. */
    public TestDatabase(UnaryOperator<DataSource> wrapper) {
        this(wrapper, Schema.MIGRATED);
    }

    /** How the schema comes about: the migrations (as in production), or OpenJPA from the entities (the drift test only). */
    public enum Schema { MIGRATED, FROM_ENTITIES, NONE }

    public TestDatabase(UnaryOperator<DataSource> wrapper, Schema schema) {
        this(newDerby(), wrapper, schema);
    }

    /** A fresh in-memory Derby database. */
    public static EmbeddedDataSource newDerby() {
        EmbeddedDataSource embedded = new EmbeddedDataSource();
        embedded.setDatabaseName("memory:ranselpost-test-" + COUNTER.incrementAndGet());
        embedded.setCreateDatabase("create");
        return embedded;
    }

    /** On a given database (an upgrade test's fixture). */
    public TestDatabase(DataSource database, UnaryOperator<DataSource> wrapper, Schema schema) {
        DataSource ds = wrapper.apply(database);
        this.dataSource = ds;
        if (schema == Schema.MIGRATED) {
            no.ranselpost.persistence.internal.SchemaMigrations.migrate(ds, null);
        }
        Map<String, Object> props = new HashMap<>();
        if (schema == Schema.FROM_ENTITIES) {
            props.put("openjpa.jdbc.SynchronizeMappings", "buildSchema(ForeignKeys=true)");
        }
        props.put("javax.persistence.nonJtaDataSource", ds);
        props.put("openjpa.ConnectionFactory", ds);
        emf = Persistence.createEntityManagerFactory(JpaTransactions.UNIT_NAME, props);
        transactions = new JpaTransactions(emf);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public EntityManagerFactory emf() {
        return emf;
    }

    public JpaTransactions transactions() {
        return transactions;
    }

    @Override
    public void close() {
        emf.close();
    }
}
