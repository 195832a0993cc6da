package no.ranselpost.itests.blackbox;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The browser suite's door to the black-box suite's helpers (package-private there): the distribution unpacked and
 * started once as a process with the fake ID-porten configured, the demo's accounts, and REST calls as a demo role.
 * It lives in the black-box package (a split package on the test class path) so that the black-box helpers stay
 * as they are.
 */
public final class BrowserFixture implements AutoCloseable {

    private final RanselpostProcess ranselpost;
    private final FakeIdPorten idporten;
    private final Api api;
    private final Duration firstStart;

    private BrowserFixture(RanselpostProcess ranselpost, FakeIdPorten idporten, Api api, Duration firstStart) {
        this.ranselpost = ranselpost;
        this.idporten = idporten;
        this.api = api;
        this.firstStart = firstStart;
    }

    /** Unpacks the tar.gz into {@code into}, configures the fake ID-porten, starts it and waits for the demo's accounts. */
    public static BrowserFixture start(Path tarGz, Path into) throws Exception {
        RanselpostProcess r = RanselpostProcess.unpack(tarGz, into);
        FakeIdPorten fake = IdPortenSignIn.configure(r);
        Duration first = r.start(Duration.ofSeconds(180));
        Path accounts = r.home().resolve("data/demo-accounts.txt");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Files.exists(accounts) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        return new BrowserFixture(r, fake, new Api(r.baseUrl(), accounts), first);
    }

    public Duration firstStart() {
        return firstStart;
    }

    /** http://localhost:port (the portal's root; the API is below /api/v1). */
    public String root() {
        return ranselpost.baseUrl().replaceFirst("/api/v1$", "");
    }

    public Path home() {
        return ranselpost.home();
    }

    public String username(String role) throws Exception {
        return api.account(role).username();
    }

    public String password(String role) throws Exception {
        return api.account(role).password();
    }

    /** The demo role's TOTP secret (base32; null for a role without a second factor). */
    public String totpSecret(String role) throws Exception {
        return api.account(role).totpSecret();
    }

    /** The code an authenticator app shows for the secret at this moment (epoch seconds): a staff sign-in's second factor. */
    public static String totpCode(String secret, long epochSeconds) {
        return no.ranselpost.identity.local.internal.Totp.code(secret, no.ranselpost.identity.local.internal.Totp.step(epochSeconds));
    }

    /** The demo's synthetic persons for ID-porten (GUARDIAN, NO_CHILDREN, ...): role → national id. */
    public Map<String, String> idportenPersons() throws Exception {
        return IdPortenSignIn.demoPersons(ranselpost.home());
    }

    /** The next sign-in at the fake ID-porten is this person, at this level (e.g. idporten-loa-substantial). */
    public void nextIdPortenSignIn(String pid, String acr) {
        idporten.nextSignIn(pid, acr);
    }

    /** A REST call as a demo role (signed in with its password, and TOTP where it has one). */
    public HttpResponse<String> rest(String method, String path, String role, String body) throws Exception {
        return api.send(method, path, api.authorization(role), body);
    }

    public JsonNode json(String method, String path, String role, String body) throws Exception {
        HttpResponse<String> r = rest(method, path, role, body);
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " as " + role + " answered " + r.statusCode() + ": " + r.body());
        }
        return Api.JSON.readTree(r.body());
    }

    @Override
    public void close() throws Exception {
        try {
            ranselpost.kill();
        } finally {
            idporten.close();
        }
    }
}
