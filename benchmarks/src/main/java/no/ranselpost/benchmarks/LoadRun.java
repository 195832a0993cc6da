package no.ranselpost.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * A closed-loop load on one request: {@code connections} workers, each a thread with its own
 * HttpClient (so its own HTTP/1.1 keep-alive connection), send the request back to back for the
 * warm-up and then the measured duration. Only requests that start and end inside the measured
 * window count towards throughput and latency; a non-2xx answer or an I/O error in either phase
 * counts as a failure.
 */
public final class LoadRun {

    /** What one load run measured. Latencies in milliseconds. */
    public record Result(String label, String method, String path, int connections, double seconds,
                         long requests, double throughput, double p50Ms, double p99Ms, double maxMs,
                         long non2xx, long errors, Map<Integer, Long> statuses, List<String> failureSamples) {

        public boolean failed() {
            return requests == 0 || non2xx > 0 || errors > 0;
        }

        /** Why the run failed, or null. */
        public String failure() {
            if (!failed()) {
                return null;
            }
            StringBuilder b = new StringBuilder(label).append(": ");
            if (requests == 0) {
                b.append("no request completed in the measured window; ");
            }
            if (non2xx > 0) {
                b.append(non2xx).append(" non-2xx answers ").append(statuses).append("; ");
            }
            if (errors > 0) {
                b.append(errors).append(" I/O errors; ");
            }
            if (!failureSamples.isEmpty()) {
                b.append("first: ").append(String.join(" | ", failureSamples));
            }
            return b.toString();
        }
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final int SAMPLES = 3;

    private final String label;
    private final String path;
    private final String method;
    /** The request of each iteration of a worker: one request always, or a mix. */
    private final java.util.function.IntFunction<HttpRequest> requests;
    private final int connections;
    private final Duration warmup;
    private final Duration measure;

    /** A GET of {@code baseUrl + path} with the given Authorization header (or none if null). */
    public LoadRun(String label, String baseUrl, String path, String authorization, Settings settings) {
        this.label = label;
        this.path = path;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpRequest request = b.build();
        this.requests = i -> request;
        this.method = "GET";
        this.connections = settings.connections();
        this.warmup = settings.warmup();
        this.measure = settings.measure();
    }

    /**
     * A mixed load: each worker's i-th request is {@code requests.apply(i)} (so a worker can
     * alternate a POST and a GET); latencies and statuses are counted over all of them.
     */
    public LoadRun(String label, String method, String path, java.util.function.IntFunction<HttpRequest> requests, Settings settings) {
        this.label = label;
        this.path = path;
        this.method = method;
        this.requests = requests;
        this.connections = settings.connections();
        this.warmup = settings.warmup();
        this.measure = settings.measure();
    }

    /** A request of a mixed load: {@code method} on {@code baseUrl + path}, a JSON body or none. */
    public static HttpRequest request(String baseUrl, String method, String path, String authorization, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").header("Authorization", authorization);
        if (jsonBody != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    public Result run() throws InterruptedException {
        System.out.println("[benchmark] " + label + ": " + connections + " connections, " + warmup.toSeconds()
                + " s warm-up, " + measure.toSeconds() + " s measured");
        Worker[] workers = new Worker[connections];
        CountDownLatch ready = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < connections; i++) {
            workers[i] = new Worker(ready, go);
            workers[i].thread = new Thread(workers[i], "benchmark-worker-" + i);
            workers[i].thread.setDaemon(true);
            workers[i].thread.start();
        }
        ready.await();
        long t0 = System.nanoTime();
        long measureStart = t0 + warmup.toNanos();
        long measureEnd = measureStart + measure.toNanos();
        for (Worker w : workers) {
            w.measureStart = measureStart;
            w.measureEnd = measureEnd;
        }
        go.countDown();
        for (Worker w : workers) {
            long left = measureEnd + REQUEST_TIMEOUT.toNanos() + 5_000_000_000L - System.nanoTime();
            w.thread.join(Math.max(1, left / 1_000_000));
            if (w.thread.isAlive()) {
                w.thread.interrupt();
                w.thread.join(5000);
            }
        }
        return collect(workers);
    }

    private Result collect(Worker[] workers) {
        int n = 0;
        long non2xx = 0;
        long errors = 0;
        Map<Integer, Long> statuses = new TreeMap<>();
        List<String> samples = new ArrayList<>();
        for (Worker w : workers) {
            n += w.count;
            non2xx += w.non2xx;
            errors += w.errors;
            w.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
            for (String s : w.samples) {
                if (samples.size() < SAMPLES) {
                    samples.add(s);
                }
            }
        }
        long[] all = new long[n];
        int at = 0;
        for (Worker w : workers) {
            System.arraycopy(w.latencies, 0, all, at, w.count);
            at += w.count;
        }
        Arrays.sort(all);
        double seconds = measure.toNanos() / 1e9;
        return new Result(label, method, path, connections, seconds, n, n / seconds,
                percentileMs(all, 0.50), percentileMs(all, 0.99), n == 0 ? Double.NaN : all[n - 1] / 1e6,
                non2xx, errors, Collections.unmodifiableMap(statuses), List.copyOf(samples));
    }

    /** Nearest-rank percentile of sorted nanosecond latencies, in ms (NaN if there are none). */
    static double percentileMs(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sortedNanos.length);
        return sortedNanos[Math.min(sortedNanos.length, Math.max(1, rank)) - 1] / 1e6;
    }

    private final class Worker implements Runnable {
        private final CountDownLatch ready;
        private final CountDownLatch go;
        Thread thread;
        volatile long measureStart;
        volatile long measureEnd;
        long[] latencies = new long[4096];
        int count;
        int iteration;
        long non2xx;
        long errors;
        final Map<Integer, Long> statuses = new LinkedHashMap<>();
        final List<String> samples = new ArrayList<>();

        Worker(CountDownLatch ready, CountDownLatch go) {
            this.ready = ready;
            this.go = go;
        }

        @Override
        public void run() {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            ready.countDown();
            try {
                go.await();
                long start = measureStart;
                long end = measureEnd;
                while (true) {
                    long s = System.nanoTime();
                    if (s >= end) {
                        return;
                    }
                    try {
                        HttpResponse<byte[]> r = client.send(requests.apply(iteration++), HttpResponse.BodyHandlers.ofByteArray());
                        long e = System.nanoTime();
                        int status = r.statusCode();
                        statuses.merge(status, 1L, Long::sum);
                        if (status < 200 || status > 299) {
                            non2xx++;
                            if (samples.size() < SAMPLES) {
                                String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
                                samples.add(status + " " + body.substring(0, Math.min(300, body.length())));
                            }
                        } else if (s >= start && e <= end) {
                            if (count == latencies.length) {
                                latencies = Arrays.copyOf(latencies, count * 2);
                            }
                            latencies[count++] = e - s;
                        }
                    } catch (IOException ex) {
                        errors++;
                        if (samples.size() < SAMPLES) {
                            samples.add(ex.toString());
                        }
                    }
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
