package no.ranselpost.itests.blackbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Guardians through the fake ID-porten: configures the distribution for it (before its first
 * start) and walks a browser's code flow the way a browser would, following each redirect by
 * hand so the test sees every hop.
 */
final class IdPortenSignIn {

    /** The matrix's guardians signed in through ID-porten, at each level. */
    static final String LOA_SUBSTANTIAL = "GUARDIAN_LOA_SUBSTANTIAL";
    static final String LOA_HIGH = "GUARDIAN_LOA_HIGH";

    static final HttpClient NO_REDIRECTS = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What a browser holds after the callback. */
    record BrowserSession(String token, String csrf, HttpResponse<String> callback, String callbackUrl) {
        String cookieHeader() {
            return "rp_session=" + token + "; rp_csrf=" + csrf;
        }
    }

    private IdPortenSignIn() {
    }

    /** Starts the fake and writes etc/no.ranselpost.identity.idporten.cfg for it. */
    static FakeIdPorten configure(RanselpostProcess ranselpost) throws Exception {
        String callback = ranselpost.baseUrl() + "/auth/idporten/callback";
        FakeIdPorten fake = FakeIdPorten.start(callback);
        Files.writeString(ranselpost.home().resolve("etc/no.ranselpost.identity.idporten.cfg"), """
                issuer = %s
                clientId = %s
                .clientSecret = %s
                redirectUri = %s
                postLogoutRedirectUri = %s
                tokenAudience = %s
                jwksMinRefreshSeconds = 0
                """.formatted(fake.issuer(), FakeIdPorten.CLIENT_ID, FakeIdPorten.CLIENT_SECRET, callback,
                ranselpost.baseUrl().replaceFirst("/api/v1$", "/"), FakeIdPorten.API_AUDIENCE));
        return fake;
    }

    /** The synthetic national ids the demo wrote for this (data/demo-idporten.txt): role → pid. */
    static Map<String, String> demoPersons(Path home) throws IOException {
        Path file = home.resolve("data/demo-idporten.txt");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Map<String, String> out = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.trim().split("\\s+");
                out.put(f[0], f[1]);
            }
        }
        return out;
    }

    /** The two ID-porten guardians of the matrix sign in: substantial through the browser flow, high as an app. */
    static void registerMatrixGuardians(Api api, FakeIdPorten fake, Path home) throws IOException {
        api.signer(LOA_SUBSTANTIAL, () -> codeFlow(api.baseUrl(), fake, demoPersons(home).get("GUARDIAN"), "idporten-loa-substantial", null)
                .token());
        api.signer(LOA_HIGH, () -> exchange(api, fake.sign(fake.accessTokenClaims(demoPersons(home).get("GUARDIAN"), "idporten-loa-high")
                .build())));
    }

    /** An app's exchange: its bearer token, or an exception naming the answer. */
    static String exchange(Api api, String accessToken) throws IOException, InterruptedException {
        HttpResponse<String> r = api.send("POST", "/auth/idporten/token", null, "{\"accessToken\": \"" + accessToken + "\"}");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("The exchange answered " + r.statusCode() + ": " + r.body());
        }
        return Api.JSON.readTree(r.body()).get("token").asText();
    }

    /** The browser's code flow, each redirect by hand; fails unless the callback set a session. */
    static BrowserSession codeFlow(String baseUrl, FakeIdPorten fake, String pid, String acr, String level) throws Exception {
        BrowserSession s = attempt(baseUrl, fake, pid, acr, level);
        if (s.token() == null) {
            throw new IllegalStateException("The callback answered " + s.callback().statusCode() + ": " + s.callback().body());
        }
        return s;
    }

    /** The code flow up to and including the callback, whatever it answers. */
    static BrowserSession attempt(String baseUrl, FakeIdPorten fake, String pid, String acr, String level) throws Exception {
        fake.nextSignIn(pid, acr);
        HttpResponse<String> login = get(baseUrl + "/auth/idporten/login" + (level == null ? "" : "?level=" + level));
        if (login.statusCode() != 303) {
            throw new IllegalStateException("login answered " + login.statusCode() + ": " + login.body());
        }
        HttpResponse<String> authorize = get(login.headers().firstValue("Location").orElseThrow());
        if (authorize.statusCode() != 302) {
            throw new IllegalStateException("the fake's authorize answered " + authorize.statusCode() + ": " + authorize.body());
        }
        String callbackUrl = authorize.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> callback = get(callbackUrl);
        String token = null;
        String csrf = null;
        for (String c : callback.headers().allValues("Set-Cookie")) {
            String value = c.substring(c.indexOf('=') + 1, c.indexOf(';'));
            if (c.startsWith("rp_session=") && !value.isEmpty()) {
                token = value;
            } else if (c.startsWith("rp_csrf=") && !value.isEmpty()) {
                csrf = value;
            }
        }
        return new BrowserSession(token, csrf, callback, callbackUrl);
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> withCookie(String method, String url, BrowserSession s, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Cookie", s.cookieHeader());
        headers.forEach(b::header);
        b.method(method, HttpRequest.BodyPublishers.noBody());
        return NO_REDIRECTS.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> roles() {
        return List.of(LOA_SUBSTANTIAL, LOA_HIGH);
    }
}
