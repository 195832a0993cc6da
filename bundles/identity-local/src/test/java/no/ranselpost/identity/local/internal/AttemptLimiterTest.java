package no.ranselpost.identity.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;


class AttemptLimiterTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T08:00:00Z"));
    private final AttemptLimiter limiter = new AttemptLimiter(TestAccounts.clock(now::get), 2, Duration.ofMinutes(1));

    @Test
    void slidesWithTheInjectedClockAndRecordsTheFirstRefusalOfAWindowOnly() {
        assertTrue(limiter.tryAcquire("k").allowed());
        now.set(now.get().plusMillis(30_500));
        assertTrue(limiter.tryAcquire("k").allowed());
        AttemptLimiter.Attempt first = limiter.tryAcquire("k");
        assertFalse(first.allowed());
        assertTrue(first.firstRefusalInWindow());
        assertEquals(30, first.retryAfterSeconds(), "29.5 s rounded up");
        assertFalse(limiter.tryAcquire("k").firstRefusalInWindow());
        assertTrue(limiter.tryAcquire("other").allowed(), "keys are counted apart");
        now.set(now.get().plusMillis(29_500));
        assertTrue(limiter.tryAcquire("k").allowed(), "the first attempt has left the window");
    }

    @Test
    void aReleasedSlotIsFreeAgainAndARefusedAttemptReleasesNothing() {
        AttemptLimiter.Attempt a = limiter.tryAcquire("k");
        limiter.tryAcquire("k");
        AttemptLimiter.Attempt refused = limiter.tryAcquire("k");
        limiter.release(refused);
        assertFalse(limiter.tryAcquire("k").allowed());
        limiter.release(a);
        assertTrue(limiter.tryAcquire("k").allowed());
    }

    @Test
    void idleKeysAreDroppedOncePerWindow() {
        for (int i = 0; i < 100; i++) {
            limiter.tryAcquire("name-" + i);
        }
        assertEquals(100, limiter.size());
        now.set(now.get().plusSeconds(61));
        limiter.tryAcquire("fresh");
        assertEquals(1, limiter.size());
    }

    @Test
    void addressKeys() {
        assertEquals("192.0.2.1", AttemptLimiter.addressKey(" 192.0.2.1 "));
        assertEquals("20010db800010002::/64", AttemptLimiter.addressKey("2001:db8:1:2::10"));
        assertEquals("20010db800010002::/64", AttemptLimiter.addressKey("[2001:0db8:0001:0002:ffff::1]"));
        assertEquals("192.0.2.1", AttemptLimiter.addressKey("::ffff:192.0.2.1"), "an IPv4 client on a dual stack");
    }
}
