package no.ranselpost.itests.paxexam;

/**
 * Ends the test JVM when Surefire's own exit got stuck. After the suite, Surefire's forked JVM
 * says goodbye to Maven and waits for its acknowledgement; it starts a "last ditch" thread that
 * should halt the JVM 5 s later (forkedProcessExitTimeoutInSeconds). We have seen that exit hang
 * for good after a passing suite (the acknowledgement never came, the last-ditch thread parked,
 * Maven waiting for the process forever), which would hang CI. This daemon thread only acts once
 * that last-ditch thread has existed for 30 s: by then the results are reported and Surefire itself
 * meant the JVM to be gone, so it halts with the status Surefire would have used (0: test failures
 * travel in the report stream, not in the exit status). It never ends a running suite.
 */
final class ForkExitWatchdog {

    private static final String LAST_DITCH = "surefire-forkedjvm-last-ditch-daemon-shutdown-thread";
    private static volatile boolean started;

    private ForkExitWatchdog() {
    }

    static synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        Thread watchdog = new Thread(() -> {
            long seenSince = 0;
            while (true) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    return;
                }
                boolean exiting = Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(LAST_DITCH));
                if (!exiting) {
                    seenSince = 0;
                } else if (seenSince == 0) {
                    seenSince = System.nanoTime();
                } else if (System.nanoTime() - seenSince > 30_000_000_000L) {
                    System.err.println("[paxexam] Surefire's exit has hung for 30 s after the suite: halting the test JVM");
                    Runtime.getRuntime().halt(0);
                }
            }
        }, "ranselpost-fork-exit-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
