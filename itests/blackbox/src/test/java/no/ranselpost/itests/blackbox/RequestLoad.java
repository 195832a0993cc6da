package no.ranselpost.itests.blackbox;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady load of signed-in reads from a few client threads, kept up while something changes
 * the running server (a feature coming or going): every answer that is not the expected 200 is
 * counted with its status and the first bodies kept, so a test can say "zero failed requests".
 */
final class RequestLoad implements AutoCloseable {

    private final Api api;
    private final List<String[]> requests;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final List<String> examples = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();

    /** Each request is {path, authorization}; clients cycle through them. */
    RequestLoad(Api api, List<String[]> requests, int clients) {
        this.api = api;
        this.requests = requests;
        for (int i = 0; i < clients; i++) {
            int first = i;
            Thread t = new Thread(() -> loop(first), "request-load-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void loop(int next) {
        while (running.get()) {
            String[] request = requests.get(next++ % requests.size());
            try {
                HttpResponse<String> r = api.send("GET", request[0], request[1], null);
                if (r.statusCode() == 200) {
                    ok.incrementAndGet();
                } else {
                    fail(request[0] + " " + r.statusCode(), r.body());
                }
            } catch (Exception e) {
                if (running.get()) {
                    fail(request[0] + " " + e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                }
            }
        }
    }

    private void fail(String key, String body) {
        failures.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        if (examples.size() < 5) {
            examples.add(key + ": " + (body.length() > 300 ? body.substring(0, 300) : body));
        }
    }

    long succeeded() {
        return ok.get();
    }

    /** Failed requests by path and status (empty when none failed). */
    Map<String, Long> failures() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        failures.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    List<String> examples() {
        return List.copyOf(examples);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
