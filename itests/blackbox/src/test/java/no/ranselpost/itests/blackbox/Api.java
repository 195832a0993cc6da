package no.ranselpost.itests.blackbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import no.ranselpost.identity.local.internal.Totp;

/**
 * Talks to a running Ranselpost over HTTP as the demo accounts: signs each role in once (with
 * the TOTP code an authenticator app would show, where the role needs one) and reuses its token.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One line of data/demo-accounts.txt. */
    record Account(String role, String username, String password, String totpSecret) {
    }

    private final String baseUrl;
    private final Path accountsFile;
    private final Map<String, String> tokens = new HashMap<>();
    /** Roles that sign in another way than the demo file's passwords (ID-porten's guardians). */
    private final Map<String, java.util.concurrent.Callable<String>> signers = new HashMap<>();

    String baseUrl() {
        return baseUrl;
    }

    Path accountsFile() {
        return accountsFile;
    }

    Api(String baseUrl, Path accountsFile) {
        this.baseUrl = baseUrl;
        this.accountsFile = accountsFile;
    }

    Map<String, Account> accounts() throws IOException {
        Map<String, Account> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(accountsFile)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            out.put(f[0], new Account(f[0], f[1], f[2], f.length > 3 ? f[3] : null));
        }
        return out;
    }

    Account account(String role) throws IOException {
        Account a = accounts().get(role);
        if (a == null) {
            throw new IllegalStateException("No demo account for " + role);
        }
        return a;
    }

    static String totpNow(String secret) {
        return Totp.code(secret, Totp.step(System.currentTimeMillis() / 1000));
    }

    /** Signs in (password, and TOTP where the role has a secret). */
    HttpResponse<String> login(Account a, boolean withTotp) throws IOException, InterruptedException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("username", a.username());
        body.put("password", a.password());
        if (withTotp && a.totpSecret() != null) {
            body.put("totp", totpNow(a.totpSecret()));
        }
        return send("POST", "/auth/login", null, JSON.writeValueAsString(body));
    }

    /** A role that signs in through its own means (a fresh token each call). */
    void signer(String role, java.util.concurrent.Callable<String> signIn) {
        signers.put(role, signIn);
    }

    /** A fresh token for the role (not cached). */
    String freshToken(String role) throws IOException, InterruptedException {
        java.util.concurrent.Callable<String> signer = signers.get(role);
        if (signer != null) {
            try {
                return signer.call();
            } catch (IOException | InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("Sign-in as " + role + " failed", e);
            }
        }
        HttpResponse<String> r = login(account(role), true);
        if (r.statusCode() == 401 && account(role).totpSecret() != null) {
            // a TOTP code is taken once: another sign-in of this account in the same 30 s step used it; the next step's code
            Thread.sleep(30_000 - System.currentTimeMillis() % 30_000 + 500);
            r = login(account(role), true);
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Sign-in as " + role + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).get("token").asText();
    }

    /** The role's token, signing in once (a TOTP code is accepted only once, so admins sign in once per run). */
    synchronized String token(String role) throws IOException, InterruptedException {
        String t = tokens.get(role);
        if (t == null) {
            t = freshToken(role);
            tokens.put(role, t);
        }
        return t;
    }

    /** The Authorization header value for a role: Bearer for accounts with sessions, Basic for INTEGRATION. */
    String authorization(String role) throws IOException, InterruptedException {
        if (role == null || role.equals("-")) {
            return null;
        }
        if (role.equals("INTEGRATION")) {
            Account a = account(role);
            return "Basic " + Base64.getEncoder().encodeToString((a.username() + ":" + a.password()).getBytes(StandardCharsets.UTF_8));
        }
        return "Bearer " + token(role);
    }

    JsonNode getJsonWith(String path, String authorization) throws IOException, InterruptedException {
        HttpResponse<String> r = send("GET", path, authorization, null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    JsonNode getJson(String path, String role) throws IOException, InterruptedException {
        HttpResponse<String> r = send("GET", path, authorization(role), null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " as " + role + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    HttpResponse<String> send(String method, String path, String authorization, String body) throws IOException, InterruptedException {
        return send(method, path, authorization, body, Map.of());
    }

    HttpResponse<String> send(String method, String path, String authorization, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
