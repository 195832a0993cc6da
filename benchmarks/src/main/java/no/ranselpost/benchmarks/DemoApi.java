package no.ranselpost.benchmarks;


import no.ranselpost.identity.local.internal.Totp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The running Ranselpost as the demo accounts of data/demo-accounts.txt: signs a role in once
 * (with a TOTP code where the role has a secret) and keeps its bearer token.
 */
public final class DemoApi {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** One line of data/demo-accounts.txt: role, user, password and (admins only) the TOTP secret. */
    public record Account(String role, String username, String password, String totpSecret) {
    }

    private final String baseUrl;
    private final Path accountsFile;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new HashMap<>();
    /** The last TOTP step used per role: a code is accepted only once. */
    private final Map<String, Long> lastTotpStep = new HashMap<>();

    public DemoApi(String baseUrl, Path accountsFile) {
        this.baseUrl = baseUrl;
        this.accountsFile = accountsFile;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Map<String, Account> accounts() throws IOException {
        Map<String, Account> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(accountsFile)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3) {
                out.put(f[0], new Account(f[0], f[1], f[2], f.length > 3 ? f[3] : null));
            }
        }
        return out;
    }

    /**
     * Signs the role in, waiting (up to the timeout) until the accounts file lists it and the
     * sign-in succeeds. Retries on 5xx and connection errors; gives up after three rejections
     * (401/403), well before five failures would lock the account.
     */
    public synchronized String signIn(String role, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int rejections = 0;
        String last = "the accounts file does not list " + role;
        while (System.nanoTime() < deadline) {
            Account a = Files.exists(accountsFile) ? accounts().get(role) : null;
            if (a != null) {
                try {
                    HttpResponse<String> r = login(a);
                    if (r.statusCode() == 200) {
                        String token = JSON.readTree(r.body()).path("token").asText(null);
                        if (token == null) {
                            throw new IllegalStateException("Sign-in as " + role + " answered without a token: " + r.body());
                        }
                        tokens.put(role, token);
                        return token;
                    }
                    last = "sign-in as " + role + " answered " + r.statusCode() + ": " + r.body();
                    if ((r.statusCode() == 401 || r.statusCode() == 403) && ++rejections >= 3) {
                        throw new IllegalStateException("Gave up: " + last);
                    }
                } catch (IOException e) {
                    last = "sign-in as " + role + " failed: " + e;
                }
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("No sign-in as " + role + " within " + timeout + ": " + last);
    }

    /** The role's token, signing in once. */
    public synchronized String token(String role) throws IOException, InterruptedException {
        String t = tokens.get(role);
        return t != null ? t : signIn(role, Duration.ofSeconds(60));
    }

    public String bearer(String role) throws IOException, InterruptedException {
        return "Bearer " + token(role);
    }

    private HttpResponse<String> login(Account a) throws IOException, InterruptedException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("username", a.username());
        body.put("password", a.password());
        if (a.totpSecret() != null) {
            body.put("totp", Totp.code(a.totpSecret(), nextTotpStep(a.role())));
        }
        return send("POST", "/auth/login", null, JSON.writeValueAsString(body));
    }

    /** The current step, or (if this role used it already) waits for the next one. */
    private long nextTotpStep(String role) throws InterruptedException {
        long step = Totp.step(System.currentTimeMillis() / 1000);
        Long used = lastTotpStep.get(role);
        while (used != null && step <= used) {
            Thread.sleep(500);
            step = Totp.step(System.currentTimeMillis() / 1000);
        }
        lastTotpStep.put(role, step);
        return step;
    }

    /** GET as JSON, failing on anything but 200. */
    public JsonNode getJson(String path, String authorization) throws IOException, InterruptedException {
        HttpResponse<String> r = send("GET", path, authorization, null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    public HttpResponse<String> send(String method, String path, String authorization, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
