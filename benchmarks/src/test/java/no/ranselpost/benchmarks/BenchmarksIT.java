package no.ranselpost.benchmarks;

import org.junit.jupiter.api.Test;

/** The failsafe entry point: one run of {@link Main#benchmarks()} against the built distribution. */
class BenchmarksIT {

    @Test
    void benchmarks() throws Exception {
        Main.run(Settings.fromSystemProperties(), Main.benchmarks());
    }
}
