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
    private final JpaTransactions transactions;

    public TestDatabase() {
        this(ds -> ds);
    }

    /** With the DataSource wrapped, e.g. to count the rows the database returns. */
    public TestDatabase(UnaryOperator<DataSource> wrapper) {
        EmbeddedDataSource embedded = new EmbeddedDataSource();
        embedded.setDatabaseName("memory:ranselpost-test-" + COUNTER.incrementAndGet());
        embedded.setCreateDatabase("create");
        DataSource ds = wrapper.apply(embedded);
        Map<String, Object> props = new HashMap<>();
        props.put("javax.persistence.nonJtaDataSource", ds);
        props.put("openjpa.ConnectionFactory", ds);
        emf = Persistence.createEntityManagerFactory(JpaTransactions.UNIT_NAME, props);
        transactions = new JpaTransactions(emf);
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
