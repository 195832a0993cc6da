package no.ranselpost.persistence.internal;

import java.sql.Connection;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.persistence.api.Transactions;

/**
 * Resource-local transactions on the one persistence unit (Aries JpaTemplate cannot write
 * with OpenJPA 3.2.2 and RESOURCE_LOCAL; see STACK.md).
 */
@Component(service = Transactions.class)
public class JpaTransactions implements Transactions {

    public static final String UNIT_NAME = "ranselpost";

    private final EntityManagerFactory emf;
    private volatile String productName;

    /** In OSGi: only once the schema is migrated (the migrations service is there). */
    @Activate
    public JpaTransactions(@Reference(target = "(osgi.unit.name=" + UNIT_NAME + ")") EntityManagerFactory emf,
                           @Reference SchemaMigrations migrated) {
        this(emf);
    }

    /** Outside OSGi (tests): the caller has migrated the schema. */
    public JpaTransactions(EntityManagerFactory emf) {
        this.emf = emf;
    }

    @Override
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException | Error e) {
            if (tx.isActive()) {
                try {
                    tx.rollback();
                } catch (RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
            }
            throw e;
        } finally {
            em.close();
        }
    }

    @Override
    public String databaseProductName() {
        String name = productName;
        if (name == null) {
            name = inTransaction(em -> {
                try {
                    return em.unwrap(Connection.class).getMetaData().getDatabaseProductName();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException("Cannot read the database product name", e);
                }
            });
            productName = name;
        }
        return name;
    }
}
