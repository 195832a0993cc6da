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
 * Wraps a DataSource and counts every row any result set hands to the application: the
 * evidence that a list is filtered by the database, not after loading.
 */
public final class RowCountingDataSource {

    private final AtomicLong rows = new AtomicLong();

    public DataSource wrap(DataSource target) {
        return proxy(DataSource.class, target);
    }

    public long rows() {
        return rows.get();
    }

    public void reset() {
        rows.set(0);
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
