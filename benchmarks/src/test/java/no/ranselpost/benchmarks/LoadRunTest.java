package no.ranselpost.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LoadRunTest {

    @Test
    void percentilesAreNearestRank() {
        long[] ms = new long[100];
        for (int i = 0; i < 100; i++) {
            ms[i] = (i + 1) * 1_000_000L;
        }
        assertEquals(50.0, LoadRun.percentileMs(ms, 0.50));
        assertEquals(99.0, LoadRun.percentileMs(ms, 0.99));
        assertEquals(7.0, LoadRun.percentileMs(new long[] {7_000_000L}, 0.99));
    }
}
