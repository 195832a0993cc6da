package no.ranselpost.benchmarks;

import java.util.List;

/**
 * One benchmark: a few load runs against the running distribution, the first of which is its
 * baseline. The report gives every later run's throughput as a ratio of the baseline's, measured
 * in the same run on the same machine: ratios are the figures of merit, never absolute times,
 * and no benchmark fails for being slow. Add one by implementing this and listing it in
 * {@link Main#benchmarks()}.
 */
public interface Benchmark {

    /** A stable key for the JSON results, e.g. "staff-group-read". */
    String id();

    /** The table's heading, e.g. "staff group read vs bare authenticated call". */
    String title();

    /** Runs the loads; the first result is the baseline. */
    List<LoadRun.Result> run(Context context) throws Exception;

    /** What a benchmark gets: the running distribution, its demo accounts, the run's sizing. */
    record Context(Distribution distribution, DemoApi api, Settings settings) {

        /** A closed-loop GET load on {@code path} (relative to /api/v1) sized by the settings. */
        public LoadRun load(String label, String path, String authorization) {
            return new LoadRun(label, api.baseUrl(), path, authorization, settings);
        }
    }
}
