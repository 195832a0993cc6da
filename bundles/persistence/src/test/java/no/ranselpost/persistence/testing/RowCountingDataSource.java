package no.ranselpost.persistence.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * Wraps a DataSource and counts every row any result set hands to the application (the
 * evidence that a list is filtered by the database, not after loading) and every statement
 * executed (the evidence that a list is read in a few queries, not a few per row).
 */
public final class RowCountingDataSource {

    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong statements = new AtomicLong();
    private final java.util.List<String> prepared = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    public DataSource wrap(DataSource target) {
        return proxy(DataSource.class, target);
    }

    public long rows() {
        return rows.get();
    }

    /** Statements executed (executeQuery, executeUpdate, execute, executeBatch) since the last reset. */
    public long statements() {
        return statements.get();
    }

    /** The SQL of every statement prepared since the last reset, in order (for a failing assertion's message). */
    public java.util.List<String> prepared() {
        synchronized (prepared) {
            return java.util.List.copyOf(prepared);
        }
    }

    public void reset() {
        rows.set(0);
        statements.set(0);
        prepared.clear();
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<T> type, Object target) {
        InvocationHandler h = (p, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (target instanceof Connection && method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                prepared.add(sql);
            }
            if (target instanceof Statement && method.getName().startsWith("execute")) {
                statements.incrementAndGet();
            }
            if (method.getName().equals("next") && target instanceof ResultSet && Boolean.TRUE.equals(result)) {
                rows.incrementAndGet();
            }
            if (result instanceof ResultSet rs) {
                return proxy(ResultSet.class, rs);
            }
            if (result instanceof Statement st && method.getReturnType().isInterface()) {
                return proxy(method.getReturnType(), st);
            }
            if (result instanceof Connection c) {
                return proxy(Connection.class, c);
            }
            return result;
        };
        return (T) Proxy.newProxyInstance(RowCountingDataSource.class.getClassLoader(), new Class<?>[] {type}, h);
    }
}
