package no.ranselpost.identity.local.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import no.ranselpost.core.api.time.OsloClock;

/**
 * A sliding-window limit on sign-in attempts per key (a normalized user name, or a client
 * address), asked BEFORE the password is hashed: an attempt over the limit costs neither an
 * Argon2 hash nor an audit row (one denial per key and window is recorded by the caller).
 *
 * <p>An attempt takes a slot when it starts, so parallel guesses count at once, not when they
 * fail; a successful sign-in gives its slot back ({@link #release}), so an integration calling
 * with HTTP Basic on every request, or staff behind one address, never run into the limit by
 * succeeding. Refused attempts take no slot: a flood of them does not push the window on.
 *
 * <p>In memory, per node: with several nodes behind a balancer each node counts its own, so
 * the effective limit is the number of nodes times this one. Keys with nothing left in the
 * window are dropped once per window, so memory follows the attempts of the last minute.
 */
final class AttemptLimiter {

    /** One attempt's answer: allowed (then {@code at} is its slot) or refused. */
    record Attempt(String key, boolean allowed, long at, boolean firstRefusalInWindow, long retryAfterSeconds) {
    }

    /** The attempts of one key in the window; only ever touched inside the map's compute for that key. */
    private static final class Window {
        final ArrayDeque<Long> starts = new ArrayDeque<>();
        long lastRefusalRecorded = Long.MIN_VALUE;

        void prune(long now, long windowMillis) {
            while (!starts.isEmpty() && starts.peekFirst() <= now - windowMillis) {
                starts.pollFirst();
            }
        }

        boolean idle(long now, long windowMillis) {
            prune(now, windowMillis);
            return starts.isEmpty() && (lastRefusalRecorded == Long.MIN_VALUE || lastRefusalRecorded <= now - windowMillis);
        }
    }

    private final OsloClock clock;
    private final long windowMillis;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE);
    private volatile int limit;

    AttemptLimiter(OsloClock clock, int limit, Duration window) {
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.limit = limit;
    }

    void setLimit(int limit) {
        this.limit = limit;
    }

    /** Takes a slot for {@code key}, or refuses when the window holds {@code limit} attempts already. */
    Attempt tryAcquire(String key) {
        long now = clock.instant().toEpochMilli();
        sweep(now);
        int max = limit;
        Attempt[] answer = new Attempt[1];
        windows.compute(key, (k, w) -> {
            Window window = w == null ? new Window() : w;
            window.prune(now, windowMillis);
            if (window.starts.size() < max) {
                window.starts.addLast(now);
                answer[0] = new Attempt(k, true, now, false, 0);
            } else {
                boolean first = window.lastRefusalRecorded == Long.MIN_VALUE || window.lastRefusalRecorded <= now - windowMillis;
                if (first) {
                    window.lastRefusalRecorded = now;
                }
                long waitMillis = window.starts.peekFirst() + windowMillis - now;
                answer[0] = new Attempt(k, false, now, first, Math.max(1, (waitMillis + 999) / 1000));
            }
            return window;
        });
        return answer[0];
    }

    /** Gives an allowed attempt's slot back (it succeeded); nothing for a refused one. */
    void release(Attempt attempt) {
        if (attempt == null || !attempt.allowed()) {
            return;
        }
        windows.computeIfPresent(attempt.key(), (k, w) -> {
            w.starts.removeLastOccurrence(attempt.at());
            return w;
        });
    }

    /** Keys currently held (tests: the sweep drops idle ones). */
    int size() {
        return windows.size();
    }

    private void sweep(long now) {
        long last = lastSweep.get();
        if (last != Long.MIN_VALUE && now - last < windowMillis) {
            return;
        }
        if (!lastSweep.compareAndSet(last, now)) {
            return;
        }
        for (String key : windows.keySet()) {
            windows.computeIfPresent(key, (k, w) -> w.idle(now, windowMillis) ? null : w);
        }
    }

    /**
     * The key of a client address: an IPv4 address as it is, an IPv6 address by its /64 (one
     * subscriber usually holds a whole /64, so counting single addresses would not limit anyone).
     */
    static String addressKey(String address) {
        String a = address.strip();
        if (a.indexOf(':') >= 0) {
            // an IPv6 literal (a host name never holds ':'), so no name lookup happens here
            try {
                String literal = a.startsWith("[") && a.endsWith("]") ? a.substring(1, a.length() - 1) : a;
                InetAddress parsed = InetAddress.getByName(literal);
                if (parsed instanceof Inet6Address) {
                    byte[] bytes = parsed.getAddress();
                    return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
                }
                return parsed.getHostAddress();
            } catch (UnknownHostException | RuntimeException e) {
                return a;
            }
        }
        return a;
    }
}
