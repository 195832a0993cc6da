package no.ranselpost.itests.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Karaf shell over SSH with Ranselpost's accounts (issue 17): on the demo distribution, who may
 * sign in and what OWNER may do; on a fresh install started with bin/start, the whole way without
 * the foreground console: the first SYSTEM_ADMIN from the setup code, feature:install of a
 * connector, an import run, its history, a second admin, every change in the audit trail with the
 * person.
 */
final class ShellChecks {

    private ShellChecks() {
    }

    /** On the demo distribution: OWNER lists but changes nothing; EMPLOYEE and the guardian cannot sign in. */
    static void demoRoles(Api api, Path home) throws Exception {
        int port = KarafShell.sshPort(home);
        Api.Account owner = api.account("OWNER");
        // Karaf ends an SSH session after its exec channel, and a code signs in once: one sign-in per command line, each
        // on the next step's code (this step's may have signed in over REST already); a refused command ends its line
        try (KarafShell shell = KarafShell.signInWithTotp(port, owner.username(), owner.password(), owner.totpSecret(), true)) {
            assertTrue(shell.signedIn(), "OWNER signs in with password and code: " + shell.refusal());
            KarafShell.Result list = shell.exec("feature:list -i; bundle:list; feature:install ranselpost-registry-krr");
            assertTrue(list.out().contains("ranselpost-core"), "OWNER lists the installed features: " + list.all());
            assertTrue(list.out().contains("Ranselpost :: Identity"), "and the bundles: " + list.all());
            assertTrue(list.all().contains("Insufficient credentials") || list.all().contains("Command not found"),
                    "but installs none (the ACL hides the command from viewer): " + list.all());
        }
        try (KarafShell shell = KarafShell.signInWithTotp(port, owner.username(), owner.password(), owner.totpSecret(), true)) {
            assertTrue(shell.signedIn(), shell.refusal());
            KarafShell.Result r = shell.exec("ranselpost:admin-create owner.made.admin");
            assertFalse(r.all().contains("Created SYSTEM_ADMIN"), r.all());
            assertTrue(r.all().contains("Insufficient credentials") || r.all().contains("Command not found"), r.all());
        }
        String ownerId = api.getJson("/auth/me", "OWNER").get("accountId").asText();
        JsonNode denials = api.getJson("/audit/records?principal=account:" + ownerId, "SYSTEM_ADMIN");
        assertTrue(records(denials, "SHELL_COMMAND", "DENIED").contains("feature:install"), "the refusal is recorded: " + denials);
        // the password alone: refused
        assertFalse(KarafShell.accepts(port, owner.username(), owner.password()));
        // EMPLOYEE (no second factor), UNIT_ADMIN and the demo guardian cannot sign in, with or without a code after the password
        for (String role : List.of("EMPLOYEE", "GUARDIAN", "UNIT_ADMIN")) {
            Api.Account a = api.account(role);
            String typed = a.password() + (a.totpSecret() == null ? "" : Api.totpNow(a.totpSecret()));
            assertFalse(KarafShell.accepts(port, a.username(), typed), role + " signs in to the shell");
        }
        // the setup code is closed while a SYSTEM_ADMIN exists (the demo made them after the start wrote one): a guess is
        // refused (recorded), and the file is gone
        HttpResponse<String> late = api.send("POST", "/setup/admin", null, "{\"code\": \"guess\", \"username\": \"late.admin\"}");
        assertEquals(403, late.statusCode(), late.body());
        assertFalse(Files.exists(home.resolve("data/setup-code.txt")));
        assertTrue(late.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(Files.exists(home.resolve("data/host.key")), "the SSH host key is made in data/");
    }

    private static List<String> records(JsonNode records, String action, String outcome) {
        List<String> reasons = new ArrayList<>();
        for (JsonNode r : records) {
            if (r.path("action").asText().equals(action) && r.path("outcome").asText().equals(outcome)) {
                reasons.add(r.path("reason").asText());
            }
        }
        return reasons;
    }

    /**
     * A fresh install (no demo, no account) unpacked next to the suite's and started with bin/start:
     * operated end to end over HTTP and SSH alone, as the README's "The Karaf shell over SSH" shows.
     */
    static void freshInstallOverSsh(Path tarGz, Path into, Path enrolmentSample) throws Exception {
        RanselpostProcess unpacked = RanselpostProcess.unpack(tarGz, into);
        Path home = unpacked.home();
        // the README's fresh install: no demo; the sample's synthetic ids allowed; the pickup job not racing the shell's run
        RanselpostProcess.setProperty(home.resolve("etc/no.ranselpost.demo.cfg"), "enabled", "false");
        RanselpostProcess.setProperty(home.resolve("etc/no.ranselpost.registry.import.cfg"), "pickupIntervalSeconds", "3600");
        long t0 = System.nanoTime();
        Process start = new ProcessBuilder(home.resolve("bin/start").toString()).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("start.out").toFile()).start();
        assertEquals(0, start.waitFor(), "bin/start returns at once");
        try {
            String base = unpacked.baseUrl();
            waitUp(base, home);
            // the REST server rebuilds itself while resources arrive: the same operations twice in a row
            java.util.Set<String> before = java.util.Set.of();
            for (int i = 0; i < 120; i++) {
                java.util.Set<String> now = unpacked.operationIds();
                if (now.equals(before) && now.contains("createFirstSystemAdmin") && now.contains("queryAuditTrail")) {
                    break;
                }
                before = now;
                Thread.sleep(1500);
            }
            System.out.println("[blackbox] fresh install started with bin/start answered UP after "
                    + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
            Path codeFile = home.resolve("data/setup-code.txt");
            for (int i = 0; i < 120 && !Files.exists(codeFile); i++) {
                Thread.sleep(250);
            }
            assertTrue(Files.exists(codeFile), "no SYSTEM_ADMIN yet: the setup code is written to data/");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(codeFile)), "for its owner only");
            String code = Files.readString(codeFile).strip();
            Api api = new Api(base, home.resolve("data/no-demo-accounts.txt"));
            // a wrong code, and a code without a user name: refused, nothing made
            HttpResponse<String> wrong = api.send("POST", "/setup/admin", null, "{\"code\": \"" + code + "x\", \"username\": \"kari.admin\"}");
            assertEquals(403, wrong.statusCode(), wrong.body());
            assertEquals(400, api.send("POST", "/setup/admin", null, "{\"code\": \"" + code + "\"}").statusCode());
            HttpResponse<String> created = api.send("POST", "/setup/admin", null,
                    "{\"code\": \"" + code + "\", \"username\": \"kari.admin\", \"displayName\": \"Kari Nordmann\"}");
            assertEquals(201, created.statusCode(), created.body());
            JsonNode admin = Api.JSON.readTree(created.body());
            long adminId = admin.get("accountId").asLong();
            String password = admin.get("password").asText();
            String secret = admin.get("totpSecret").asText();
            assertFalse(Files.exists(codeFile), "the code is used up");
            HttpResponse<String> again = api.send("POST", "/setup/admin", null,
                    "{\"code\": \"" + code + "\", \"username\": \"ola.admin\"}");
            assertEquals(403, again.statusCode(), "a second first admin by anyone with the old code: " + again.body());

            int port = KarafShell.sshPort(home);
            assertFalse(KarafShell.accepts(port, "kari.admin", password), "the password alone is not enough");
            try (KarafShell shell = KarafShell.signInWithTotp(port, "kari.admin", password, secret, false)) {
                assertTrue(shell.signedIn(), shell.refusal());
                KarafShell.Result install = shell.exec("feature:install ranselpost-registry-enrolment");
                assertFalse(install.all().contains("Insufficient credentials") || install.all().contains("not found"), install.all());
            }
            Path log = home.resolve("data/log/karaf.log");
            for (int i = 0; i < 240 && !Files.readString(log).contains("Registry source 'enrolment' available"); i++) {
                Thread.sleep(500);
            }
            Path pickup = home.resolve("data/import/enrolment");
            Files.createDirectories(pickup);
            Files.copy(enrolmentSample, pickup.resolve("enrolments.part"), StandardCopyOption.REPLACE_EXISTING);
            Files.move(pickup.resolve("enrolments.part"), pickup.resolve("enrolments.csv"), StandardCopyOption.ATOMIC_MOVE);
            String out;
            try (KarafShell shell = KarafShell.signInWithTotp(port, "kari.admin", password, secret, true)) {
                assertTrue(shell.signedIn(), shell.refusal());
                out = shell.exec("ranselpost:import-sources; ranselpost:import-run enrolment; ranselpost:import-history enrolment; "
                        + "ranselpost:admin-create ola.admin \"Ola Nordmann\"").all();
            }
            assertTrue(out.contains("enrolment (files)"), "the connector came up: " + out);
            Matcher runLine = Pattern.compile("run (\\d+) of enrolment: (SUCCEEDED|PARTIAL) \\(created (\\d+)").matcher(out);
            assertTrue(runLine.find(), out);
            assertTrue(Integer.parseInt(runLine.group(3)) > 0, "the run created what the file holds: " + out);
            assertTrue(runLine.find(), "and the history shows it: " + out);
            Matcher pw = Pattern.compile("Password \\(shown only now\\): (\\S+)").matcher(out);
            Matcher totp = Pattern.compile("TOTP secret \\(shown only now[^)]*\\): (\\S+)").matcher(out);
            assertTrue(pw.find() && totp.find(), "a signed-in SYSTEM_ADMIN creates another: " + out);

            // the second admin signs in over REST and reads the first one's trail: each change names the person
            Api.Account ola = new Api.Account("SYSTEM_ADMIN", "ola.admin", pw.group(1), totp.group(1));
            HttpResponse<String> login = api.login(ola, true);
            assertEquals(200, login.statusCode(), login.body());
            String bearer = "Bearer " + Api.JSON.readTree(login.body()).get("token").asText();
            JsonNode records = Api.JSON.readTree(api.send("GET", "/audit/records?principal=account:" + adminId, bearer, null).body());
            List<String> commands = records(records, "SHELL_COMMAND", "CHANGED");
            assertTrue(commands.contains("feature:install"), "feature:install recorded with the person: " + records);
            assertTrue(commands.contains("ranselpost:import-run"), records.toString());
            assertTrue(commands.contains("ranselpost:admin-create"), records.toString());
            assertTrue(records(records, "imports.source.run", "CHANGED").size() >= 1, "the run itself, as that person: " + records);
            assertTrue(records(records, "ACCOUNT_CREATE", "CHANGED").size() >= 1, "the second admin, made by that person: " + records);
            assertTrue(records(records, "SIGN_IN", "CHANGED").contains("shell:password_and_totp"), records.toString());
            assertFalse(records.toString().contains("ola.admin") || records.toString().contains("Nordmann"), "no names in the trail");
            JsonNode firstAdmin = Api.JSON.readTree(api.send("GET", "/audit/records?principal=system:setup-code", bearer, null).body());
            assertEquals(1, records(firstAdmin, "ACCOUNT_CREATE", "CHANGED").size(), "the first admin, made by the setup code: " + firstAdmin);
        } finally {
            stop(home);
        }
    }

    private static void waitUp(String base, Path home) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> setup = client.send(HttpRequest.newBuilder(URI.create(base + "/setup/admin"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("UP") && setup.statusCode() == 400) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The fresh install did not answer UP; see " + home.resolve("data/log/karaf.log"));
    }

    /** bin/stop, as an administrator stops it; what is still running after that is killed. */
    private static void stop(Path home) throws Exception {
        Process stop = new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("stop.out").toFile()).start();
        stop.waitFor(60, TimeUnit.SECONDS);
        List<ProcessHandle> left = new ArrayList<>();
        String marker = home.toAbsolutePath().toString();
        for (int i = 0; i < 60; i++) {
            left.clear();
            try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
                all.filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).forEach(left::add);
            }
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(500);
        }
        left.forEach(ProcessHandle::destroyForcibly);
    }
}
