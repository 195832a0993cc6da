package no.ranselpost.persistence.api;

import java.util.function.Consumer;
import java.util.function.Function;

import javax.persistence.EntityManager;

/**
 * The one transaction helper of Ranselpost. Every capability changes data through it, so that
 * a change and its audit record commit (or roll back) together.
 */
public interface Transactions {

    /**
     * Runs {@code work} in a new transaction with a fresh EntityManager: commits when it
     * returns, rolls back when it throws (the exception is rethrown unchanged).
     */
    <T> T inTransaction(Function<EntityManager, T> work);

    default void run(Consumer<EntityManager> work) {
        inTransaction(em -> {
            work.accept(em);
            return null;
        });
    }

    /** Which database product the DataSource is, e.g. "Apache Derby" or "PostgreSQL". */
    String databaseProductName();
}
