package no.ranselpost.persistence.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbc.internal.AbstractJdbcStorageAccessor;
import net.javacrumbs.shedlock.support.StorageBasedLockProvider;
import no.ranselpost.persistence.api.Leases;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.LeaseEntity;

/**
 * {@link Leases} on ShedLock's JDBC lock provider (table {@code RP_LEASE}, migration 0024): a
 * lease is taken with ShedLock's conditional insert/update ({@code LOCK_UNTIL <= now}), renewed
 * with its extend ({@code LOCKED_BY = this node AND LOCK_UNTIL > now}) every third of the time
 * to live, released with its unlock. The one thing added to ShedLock is the node's name in
 * {@code LOCKED_BY} (ShedLock writes the host name, which two nodes on one host share).
 */
@Component(service = Leases.class, configurationPid = "no.ranselpost.leases", immediate = true)
@Designate(ocd = LeaseSettings.class)
public class ShedLockLeases implements Leases {

    static final String TABLE = "RP_LEASE";
    private static final Logger LOG = LoggerFactory.getLogger(ShedLockLeases.class);

    private final Transactions tx;
    private final DataSource dataSource;
    private final StorageBasedLockProvider provider;
    private final ScheduledExecutorService renewals = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "ranselpost-lease-renewal");
        t.setDaemon(true);
        return t;
    });
    private volatile Duration ttl = Duration.ofSeconds(60);
    private volatile String node = defaultNode();

    @Activate
    public ShedLockLeases(@Reference(target = "(osgi.jndi.service.name=ranselpost)") DataSource dataSource, @Reference Transactions tx) {
        this.tx = tx;
        this.dataSource = dataSource;
        this.provider = new StorageBasedLockProvider(new Accessor(dataSource)) {
        };
    }

    /** For tests: a node of the given name and time to live (as if started: what it held before is released). */
    public ShedLockLeases(DataSource dataSource, Transactions tx, String node, Duration ttl) {
        this(dataSource, tx);
        this.node = node;
        this.ttl = ttl;
        releaseLeftOver();
    }

    @Activate
    void activate(LeaseSettings settings) {
        configure(settings);
        releaseLeftOver();
    }

    @Modified
    void configure(LeaseSettings settings) {
        ttl = Duration.ofSeconds(Math.max(3, settings.ttlSeconds()));
        node = settings.nodeName().isBlank() ? defaultNode() : settings.nodeName().strip();
        LOG.info("Leases: this node is '{}', time to live {} s", node, ttl.toSeconds());
    }

    /**
     * At start this node holds no lease: one still written under its name is what it held when it
     * stopped (killed, or its database connection cut), and is released now rather than after its
     * time to live. Node names must therefore differ between nodes (the default does).
     */
    int releaseLeftOver() {
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE " + TABLE + " SET LOCK_UNTIL = ? WHERE LOCKED_BY = ? AND LOCK_UNTIL > ?")) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            s.setTimestamp(1, java.sql.Timestamp.from(now));
            s.setString(2, node);
            s.setTimestamp(3, java.sql.Timestamp.from(now));
            int released = s.executeUpdate();
            if (released > 0) {
                LOG.warn("{} lease(s) this node ('{}') held when it stopped were released at its start", released, node);
            }
            return released;
        } catch (SQLException e) {
            LOG.warn("The leases this node held before it stopped could not be released ({}); they run out by themselves", e.toString());
            return 0;
        }
    }

    @Deactivate
    void deactivate() {
        renewals.shutdownNow();
    }

    /** The host name and the Karaf installation's directory: the same after a restart, another for another node on the host. */
    private static String defaultNode() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        String base = System.getProperty("karaf.base", System.getProperty("user.dir", ""));
        String name = host + ":" + base;
        return name.length() <= 255 ? name : name.substring(name.length() - 255);
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    @Override
    public <T> Optional<T> holding(String name, Function<Lease, T> work) {
        Duration life = ttl;
        Optional<SimpleLock> taken = provider.lock(new LockConfiguration(Instant.now(), name, life, Duration.ZERO));
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        Held held = new Held(name, taken.get());
        long every = Math.max(500, life.toMillis() / 3);
        ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(() -> held.renew(life), every, every, TimeUnit.MILLISECONDS);
        LOG.debug("Lease {} taken by {}", name, node);
        try {
            return Optional.ofNullable(work.apply(held));
        } finally {
            renewal.cancel(false);
            held.release();
        }
    }

    @Override
    public List<Holder> holders() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return tx.inTransaction(em -> em.createQuery("select l from LeaseEntity l where l.lockUntil > :now order by l.name", LeaseEntity.class)
                .setParameter("now", now).getResultList().stream()
                .map(l -> new Holder(l.getName(), l.getLockedBy(), l.getLockedAt().withOffsetSameInstant(ZoneOffset.UTC),
                        l.getLockUntil().withOffsetSameInstant(ZoneOffset.UTC)))
                .toList());
    }

    private final class Held implements Lease {
        private final String name;
        private final AtomicReference<SimpleLock> lock;
        private volatile boolean lost;

        Held(String name, SimpleLock lock) {
            this.name = name;
            this.lock = new AtomicReference<>(lock);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean held() {
            return !lost;
        }

        synchronized void renew(Duration life) {
            if (lost) {
                return;
            }
            try {
                Optional<SimpleLock> next = lock.get().extend(life, Duration.ZERO);
                if (next.isPresent()) {
                    lock.set(next.get());
                } else {
                    lost = true;
                    LOG.warn("Lease {} could not be renewed by {}: it ran out, another node may hold it; its job stops", name, node);
                }
            } catch (RuntimeException e) {
                // the database did not answer this time: try again at the next beat, while the lease still lives
                LOG.warn("Lease {} not renewed this time: {}", name, e.toString());
            }
        }

        synchronized void release() {
            if (lost) {
                // never unlock what another node may hold now
                return;
            }
            try {
                lock.get().unlock();
            } catch (RuntimeException e) {
                LOG.warn("Lease {} not released ({}); it runs out by itself", name, e.toString());
            }
        }
    }

    /** ShedLock's JDBC storage over our DataSource, each statement committed on its own; LOCKED_BY is this node's name. */
    private final class Accessor extends AbstractJdbcStorageAccessor {
        private final DataSource dataSource;

        Accessor(DataSource dataSource) {
            super(TABLE);
            this.dataSource = dataSource;
        }

        @Override
        protected String getHostname() {
            return node;
        }

        @Override
        protected <T> T executeCommand(String sql, SqlFunction<PreparedStatement, T> body, BiFunction<String, SQLException, T> exceptionHandler) {
            try (Connection connection = dataSource.getConnection()) {
                boolean autoCommit = connection.getAutoCommit();
                if (!autoCommit) {
                    connection.setAutoCommit(true);
                }
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    return body.apply(statement);
                } catch (SQLException e) {
                    return exceptionHandler.apply(sql, e);
                } finally {
                    if (!autoCommit) {
                        connection.setAutoCommit(false);
                    }
                }
            } catch (SQLException e) {
                return exceptionHandler.apply(sql, e);
            }
        }
    }
}
