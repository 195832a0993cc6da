package no.ranselpost.benchmarks;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The morning peak of daily life (about 150 absence reports a second nationally): each client
 * alternates a guardian's absence report ({@code POST /absence/reports}, a new row and its audit
 * record each) and the department's day overview as its leader reads it
 * ({@code GET /absence/groups/{id}}, access asked and the read recorded), against the bare
 * authenticated call of the same run. Goal: at least 0.3 times {@code /auth/me}, p99 within three
 * times its p99.
 */
public final class DailyLifeMixedBenchmark implements Benchmark {

    @Override
    public String id() {
        return "daily-life-mixed";
    }

    @Override
    public String title() {
        return "absence report + group day overview (mixed) vs bare authenticated call";
    }

    @Override
    public List<LoadRun.Result> run(Context context) throws Exception {
        DemoApi api = context.api();
        String leader = api.bearer(StaffGroupReadBenchmark.ROLE);
        String guardian = api.bearer("GUARDIAN");
        long groupId = api.getJson("/auth/me", leader).path("roles").path(0).path("groupId").asLong();
        long childId = -1;
        for (JsonNode c : api.getJson("/me/children", guardian)) {
            for (JsonNode p : c.path("placements")) {
                if (p.path("groupId").asLong() == groupId) {
                    childId = c.get("id").asLong();
                }
            }
        }
        if (childId < 0) {
            throw new IllegalStateException("The demo guardian has no child in the leader's group " + groupId);
        }
        String tomorrow = LocalDate.now(ZoneId.of("Europe/Oslo")).plusDays(1).toString();
        String report = "{\"childId\": " + childId + ", \"fromDate\": \"" + tomorrow + "\", \"kind\": \"SICK\"}";
        // today's overview: the reports go to tomorrow, so the overview read stays the size a morning has
        String overview = "/absence/groups/" + groupId;
        String base = api.baseUrl();
        java.net.http.HttpRequest post = LoadRun.request(base, "POST", "/absence/reports", guardian, report);
        java.net.http.HttpRequest get = LoadRun.request(base, "GET", overview, leader, null);

        LoadRun.Result baseline = context.load("GET /auth/me", "/auth/me", leader).run();
        LoadRun.Result mixed = new LoadRun("POST /absence/reports + GET /absence/groups/{id}", "MIXED", "/absence/...",
                i -> i % 2 == 0 ? post : get, context.settings()).run();
        return List.of(baseline, mixed);
    }
}
