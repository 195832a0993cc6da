package no.ranselpost.benchmarks;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The LEADER reading its department's children ({@code GET /groups/{id}/children}) against the
 * cheapest authenticated call ({@code GET /auth/me}), both with the leader's bearer token: the
 * ratio shows what the group read costs beyond authentication and the REST stack.
 */
public final class StaffGroupReadBenchmark implements Benchmark {

    static final String ROLE = "LEADER";

    @Override
    public String id() {
        return "staff-group-read";
    }

    @Override
    public String title() {
        return "staff group read vs bare authenticated call";
    }

    @Override
    public List<LoadRun.Result> run(Context context) throws Exception {
        String auth = context.api().bearer(ROLE);
        JsonNode me = context.api().getJson("/auth/me", auth);
        JsonNode groupId = me.path("roles").path(0).path("groupId");
        if (!groupId.canConvertToLong()) {
            throw new IllegalStateException(ROLE + " has no roles[0].groupId in /auth/me: " + me);
        }
        String path = "/groups/" + groupId.asLong() + "/children";
        JsonNode children = context.api().getJson(path, auth);
        int count = children.isArray() ? children.size() : children.path("items").size();
        System.out.println("[benchmark] " + ROLE + " group " + groupId.asLong() + " has " + count + " children");

        LoadRun.Result baseline = context.load("GET /auth/me", "/auth/me", auth).run();
        LoadRun.Result group = context.load("GET /groups/{id}/children (" + count + ")", path, auth).run();
        return List.of(baseline, group);
    }
}
