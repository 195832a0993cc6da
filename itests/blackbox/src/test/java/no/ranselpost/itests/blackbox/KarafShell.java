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
 * password authentication with the Ranselpost password followed by the six-digit TOTP code, then
 * one command line per exec channel of that one signed-in session (a TOTP code signs in once).
 */
final class KarafShell implements AutoCloseable {

    /** What one command line answered. */
    record Result(String out, String err, Integer exitStatus) {
        String all() {
            return out + err;
        }
    }

    private final SshClient client;
    private final ClientSession session;
    private final boolean signedIn;
    private final String refusal;

    private KarafShell(SshClient client, ClientSession session, boolean signedIn, String refusal) {
        this.client = client;
        this.session = session;
        this.signedIn = signedIn;
        this.refusal = refusal;
    }

    /** The SSH port a distribution's etc/org.apache.karaf.shell.cfg names. */
    static int sshPort(Path home) throws IOException {
        Matcher m = Pattern.compile("(?m)^sshPort\\s*=\\s*(\\d+)").matcher(Files.readString(home.resolve("etc/org.apache.karaf.shell.cfg")));
        if (!m.find()) {
            throw new IllegalStateException("No sshPort in " + home);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Connects and signs in; {@link #signedIn()} says whether the server took the password. */
    static KarafShell signIn(int port, String user, String passwordAndCode) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        ClientSession session = client.connect(user, "127.0.0.1", port).verify(Duration.ofSeconds(30)).getSession();
        session.addPasswordIdentity(passwordAndCode);
        try {
            session.auth().verify(Duration.ofSeconds(60));
            return new KarafShell(client, session, true, null);
        } catch (IOException refused) {
            return new KarafShell(client, session, false, String.valueOf(refused.getMessage()));
        }
    }

    /** Signs in with the password and the code of a 30-second step this account has not used yet (waits for the next one when it is asked). */
    static KarafShell signInWithTotp(int port, String user, String password, String totpSecret, boolean nextStep)
            throws IOException, InterruptedException {
        if (nextStep) {
            Thread.sleep(30_000 - System.currentTimeMillis() % 30_000 + 500);
        }
        return signIn(port, user, password + Api.totpNow(totpSecret));
    }

    /** Whether the password was taken without trying a command. */
    static boolean accepts(int port, String user, String passwordAndCode) throws IOException {
        try (KarafShell shell = signIn(port, user, passwordAndCode)) {
            return shell.signedIn();
        }
    }

    boolean signedIn() {
        return signedIn;
    }

    String refusal() {
        return refusal;
    }

    Result exec(String commandLine) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec exec = session.createExecChannel(commandLine)) {
            exec.setOut(out);
            exec.setErr(err);
            exec.open().verify(Duration.ofSeconds(30));
            exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(240));
            return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), exec.getExitStatus());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            session.close();
        } finally {
            client.stop();
        }
    }
}
