package no.ranselpost.persistence.api;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Leases in the database for the jobs that only one node may run at a time (imports and file
 * pickup per source, the audit sealer, retention): several nodes on one database each try, one
 * holds it. A lease lives {@link #ttl()} and is renewed while its work runs; a node that dies
 * (kill -9) stops renewing, and after the time to live another node takes it. The lease
 * protocol and its table ({@code RP_LEASE}) are ShedLock's JDBC lock provider's.
 */
public interface Leases {

    /**
     * Runs {@code work} while this node holds the lease {@code name}, and releases it when the
     * work returns or throws. Empty, without running anything, when another node (or another
     * job of this node) holds it now.
     */
    <T> Optional<T> holding(String name, Function<Lease, T> work);

    /** {@link #holding} for work without a result: whether it ran. */
    default boolean run(String name, Consumer<Lease> work) {
        return holding(name, lease -> {
            work.accept(lease);
            return Boolean.TRUE;
        }).isPresent();
    }

    /** The leases held now (not yet run out), by name. */
    List<Holder> holders();

    /** This node's name as written into the leases it holds. */
    String node();

    /** How long a lease lives without renewal. */
    Duration ttl();

    /** A lease while its work runs. */
    interface Lease {
        String name();

        /**
         * False once a renewal failed: another node may hold the lease by now, so the work stops
         * before its next unit (what it committed stays; the next holder resumes from there).
         */
        boolean held();
    }

    /** Who holds a lease, since when and until when (unless renewed). */
    record Holder(String name, String node, OffsetDateTime lockedAt, OffsetDateTime until) {
    }

    /** Thrown by work that found its lease lost ({@link Lease#held()} false). */
    class LeaseLostException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public LeaseLostException(String name) {
            super("The lease '" + name + "' was lost: another node may hold it now");
        }
    }
}
