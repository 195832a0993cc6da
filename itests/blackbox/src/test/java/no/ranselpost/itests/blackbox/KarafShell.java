package no.ranselpost.itests.blackbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * The Karaf shell over SSH, as an administrator's ssh client uses it (Apache MINA SSHD's client):
 * password authentication with the Ranselpost password followed by the six-digit TOTP code, one
 * command line per session on an exec channel.
 */
final class KarafShell {

    /** What one command line answered; {@code signedIn} false when the server refused the sign-in. */
    record Result(boolean signedIn, String out, String err, Integer exitStatus) {
        String all() {
            return out + err;
        }
    }

    private KarafShell() {
    }

    /** The SSH port a distribution's etc/org.apache.karaf.shell.cfg names. */
    static int sshPort(Path home) throws IOException {
        Matcher m = Pattern.compile("(?m)^sshPort\\s*=\\s*(\\d+)").matcher(Files.readString(home.resolve("etc/org.apache.karaf.shell.cfg")));
        if (!m.find()) {
            throw new IllegalStateException("No sshPort in " + home);
        }
        return Integer.parseInt(m.group(1));
    }

    static Result run(int port, String user, String passwordAndCode, String commandLine) throws IOException {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session = client.connect(user, "127.0.0.1", port).verify(Duration.ofSeconds(20)).getSession()) {
                session.addPasswordIdentity(passwordAndCode);
                try {
                    session.auth().verify(Duration.ofSeconds(30));
                } catch (IOException refused) {
                    return new Result(false, "", String.valueOf(refused.getMessage()), null);
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                try (ChannelExec exec = session.createExecChannel(commandLine)) {
                    exec.setOut(out);
                    exec.setErr(err);
                    exec.open().verify(Duration.ofSeconds(20));
                    exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(180));
                    return new Result(true, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), exec.getExitStatus());
                }
            }
        }
    }

    /**
     * Signs in with the password and the code of the current 30-second step; a code is taken once,
     * so when this account used this step's code already (a REST sign-in), it waits for the next.
     */
    static Result runWithTotp(int port, String user, String password, String totpSecret, String commandLine)
            throws IOException, InterruptedException {
        Result r = run(port, user, password + Api.totpNow(totpSecret), commandLine);
        if (!r.signedIn()) {
            Thread.sleep(30_000 - System.currentTimeMillis() % 30_000 + 500);
            r = run(port, user, password + Api.totpNow(totpSecret), commandLine);
        }
        return r;
    }
}
