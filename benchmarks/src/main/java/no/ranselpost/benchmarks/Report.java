package no.ranselpost.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The results of one run: a labelled table on stdout and the same figures as JSON. */
public final class Report {

    /** One benchmark's results, the first its baseline. */
    public record Entry(Benchmark benchmark, List<LoadRun.Result> results) {

        LoadRun.Result baseline() {
            return results.get(0);
        }

        /** Throughput of result i over the baseline's (NaN if the baseline did nothing). */
        double ratio(int i) {
            double base = baseline().throughput();
            return base > 0 ? results.get(i).throughput() / base : Double.NaN;
        }
    }

    private final Settings settings;
    private final List<Entry> entries = new ArrayList<>();

    public Report(Settings settings) {
        this.settings = settings;
    }

    public void add(Benchmark benchmark, List<LoadRun.Result> results) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException(benchmark.id() + " returned no results");
        }
        entries.add(new Entry(benchmark, List.copyOf(results)));
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Why the run failed (a run with no requests, a non-2xx answer or an I/O error); empty if it did not. */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            for (LoadRun.Result r : e.results()) {
                if (r.failed()) {
                    out.add(e.benchmark().id() + ": " + r.failure());
                }
            }
        }
        return out;
    }

    public List<String> table() {
        List<String> lines = new ArrayList<>();
        for (Entry e : entries) {
            lines.add(String.format(Locale.ROOT, "[benchmark] %s (%d connections, %d s each%s)", e.benchmark().title(),
                    settings.connections(), settings.measure().toSeconds(), settings.smoke() ? ", smoke" : ""));
            int width = e.results().stream().mapToInt(r -> r.label().length()).max().orElse(0);
            for (int i = 0; i < e.results().size(); i++) {
                LoadRun.Result r = e.results().get(i);
                String tail = i == 0 ? "(baseline)" : String.format(Locale.ROOT, "ratio %.3f of baseline", e.ratio(i));
                String bad = r.failed() ? String.format(Locale.ROOT, "  FAILED: %d non-2xx, %d errors", r.non2xx(), r.errors()) : "";
                lines.add(String.format(Locale.ROOT, "[benchmark] %-" + width + "s  %8.1f req/s  p50 %7.2f ms  p99 %7.2f ms  %s%s",
                        r.label(), r.throughput(), r.p50Ms(), r.p99Ms(), tail, bad));
            }
        }
        return lines;
    }

    public void print() {
        table().forEach(System.out::println);
    }

    public void writeJson(Path file) throws IOException {
        ObjectNode root = DemoApi.JSON.createObjectNode();
        ObjectNode s = root.putObject("settings");
        s.put("smoke", settings.smoke());
        s.put("connections", settings.connections());
        s.put("seconds", settings.measure().toSeconds());
        s.put("warmupSeconds", settings.warmup().toSeconds());
        root.put("figureOfMerit", "ratio = throughput / baseline throughput, measured in the same run");
        ArrayNode benchmarks = root.putArray("benchmarks");
        for (Entry e : entries) {
            ObjectNode b = benchmarks.addObject();
            b.put("id", e.benchmark().id());
            b.put("title", e.benchmark().title());
            ArrayNode rs = b.putArray("results");
            for (int i = 0; i < e.results().size(); i++) {
                LoadRun.Result r = e.results().get(i);
                ObjectNode o = rs.addObject();
                o.put("label", r.label());
                o.put("method", r.method());
                o.put("path", r.path());
                o.put("baseline", i == 0);
                o.put("connections", r.connections());
                o.put("seconds", r.seconds());
                o.put("requests", r.requests());
                o.put("throughputPerSecond", round(r.throughput()));
                o.put("p50Ms", round(r.p50Ms()));
                o.put("p99Ms", round(r.p99Ms()));
                o.put("maxMs", round(r.maxMs()));
                o.put("ratioOfBaseline", round(e.ratio(i)));
                o.put("non2xx", r.non2xx());
                o.put("errors", r.errors());
                ObjectNode st = o.putObject("statuses");
                r.statuses().forEach((k, v) -> st.put(Integer.toString(k), v));
                ArrayNode fs = o.putArray("failureSamples");
                r.failureSamples().forEach(fs::add);
            }
        }
        root.put("failed", !failures().isEmpty());
        Files.createDirectories(file.toAbsolutePath().getParent());
        DemoApi.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : -1;
    }
}
