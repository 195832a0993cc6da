package no.ranselpost.itests.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.Message;
import javax.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Notifications in the running distribution (issue 23): its e-mail adapter is pointed at a
 * GreenMail SMTP server in the test JVM before the first start; a guardian confirms their own
 * address with the code that arrives there, and a message staff send over REST then brings a
 * content-free e-mail.
 */
final class NotificationFixtures {

    static final String BASE_URL = "https://ranselpost.blackbox.example/";

    private NotificationFixtures() {
    }

    /** Starts GreenMail on a free port and configures the distribution for it (a short delay and fast retries). */
    static GreenMail configure(RanselpostProcess ranselpost) throws IOException {
        int port = RanselpostProcess.freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        java.nio.file.Path etc = ranselpost.home().resolve("etc");
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.notification.email.cfg"), "host", "127.0.0.1");
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.notification.email.cfg"), "port", Integer.toString(port));
        RanselpostProcess.setProperty(etc.resolve("no.ranselpost.notification.email.cfg"), "from", "ikke-svar@blackbox.example");
        java.nio.file.Path n = etc.resolve("no.ranselpost.notification.cfg");
        RanselpostProcess.setProperty(n, "baseUrl", BASE_URL);
        RanselpostProcess.setProperty(n, "delaySeconds", "1");
        RanselpostProcess.setProperty(n, "pollMillis", "300");
        RanselpostProcess.setProperty(n, "backoffSeconds", "1");
        RanselpostProcess.setProperty(n, "maxBackoffSeconds", "2");
        RanselpostProcess.setProperty(n, "claimSeconds", "10");
        RanselpostProcess.setProperty(n, "batchSize", "100");
        return smtp;
    }

    static List<MimeMessage> to(GreenMail smtp, String address) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (address.equals(m.getRecipients(Message.RecipientType.TO)[0].toString())) {
                out.add(m);
            }
        }
        return out;
    }

    static List<MimeMessage> waitFor(GreenMail smtp, String address, int count, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        List<MimeMessage> got = to(smtp, address);
        while (got.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            got = to(smtp, address);
        }
        return got;
    }

    private static void names(JsonNode n, Set<String> out) {
        if (n == null) {
            return;
        }
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if (Set.of("givenName", "familyName", "name", "displayName", "code").contains(e.getKey()) && e.getValue().isTextual()
                        && e.getValue().asText().length() >= 3) {
                    out.add(e.getValue().asText());
                } else {
                    names(e.getValue(), out);
                }
            });
        } else if (n.isArray()) {
            n.forEach(x -> names(x, out));
        }
    }

    static void aMessageOverRestBringsAContentFreeEmail(Api api, GreenMail smtp, AuthorizationMatrix.Fixture f) throws Exception {
        String guardian = api.authorization("GUARDIAN");
        String address = "blackbox.foresatt@example.no";
        HttpResponse<String> change = api.send("POST", "/me/notification-settings/contact", guardian, "{\"email\": \"" + address + "\"}");
        assertEquals(200, change.statusCode(), change.body());
        assertEquals("EMAIL", Api.JSON.readTree(change.body()).get("pending").asText());
        List<MimeMessage> codeMail = waitFor(smtp, address, 1, 15_000);
        assertEquals(1, codeMail.size(), "the code came to the new address");
        Matcher code = Pattern.compile("\\b([0-9]{6})\\b").matcher(codeMail.get(0).getContent().toString());
        assertTrue(code.find());
        HttpResponse<String> confirmed = api.send("POST", "/me/notification-settings/contact/confirm", guardian,
                "{\"code\": \"" + code.group(1) + "\"}");
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        assertEquals(address, Api.JSON.readTree(confirmed.body()).get("email").asText());

        String leader = api.authorization("LEADER");
        String subject = "Foreldremote om Trollskogen";
        String text = "Vi snakker om utflukten til Trollskogen og om gymtimene etter jul.";
        String body = "{\"recipients\": {\"groupId\": " + f.staffGroup() + "}, \"subject\": \"" + subject + "\", \"text\": \"" + text + "\"}";
        JsonNode preflight = Api.JSON.readTree(api.send("POST", "/messages/preflight", leader, body).body());
        assertNotNull(preflight.get("notNotifiable"), preflight.toString());
        assertTrue(preflight.get("notNotifiable").asInt() < preflight.get("guardians").asInt(), "the confirmed guardian can be notified: " + preflight);
        HttpResponse<String> sent = api.send("POST", "/messages", leader, body.replace("}, \"subject\"",
                "}, \"preflight\": \"" + preflight.get("token").asText() + "\", \"subject\""));
        assertEquals(201, sent.statusCode(), sent.body());

        List<MimeMessage> notices = waitFor(smtp, address, 2, 20_000);
        assertEquals(2, notices.size(), "the code, then one notice");
        MimeMessage notice = notices.get(1);
        String decoded = notice.getContent().toString();
        assertTrue(decoded.contains(BASE_URL), decoded);
        StringBuilder all = new StringBuilder(GreenMailUtil.getWholeMessage(notice)).append('\n').append(decoded).append('\n').append(notice.getSubject());
        java.util.Collections.list(notice.getAllHeaderLines()).forEach(h -> all.append('\n').append(h));
        String mime = all.toString().toLowerCase(Locale.ROOT);
        Set<String> forbidden = new java.util.HashSet<>(Set.of("Trollskogen", "utflukten", "gymtimene", "Foreldremote"));
        names(api.getJson("/children/" + f.ownChild(), "LEADER"), forbidden);
        names(api.getJson("/units/" + f.staffUnit(), "LEADER"), forbidden);
        names(api.getJson("/units/" + f.staffUnit() + "/groups", "LEADER"), forbidden);
        names(api.getJson("/auth/me", "LEADER"), forbidden);
        forbidden.removeIf(x -> x.equalsIgnoreCase("Ranselpost"));
        assertTrue(forbidden.size() > 6, forbidden.toString());
        for (String x : forbidden) {
            assertFalse(mime.contains(x.toLowerCase(Locale.ROOT)), "the notice names no '" + x + "'");
        }

        JsonNode queue = api.getJson("/notifications/queue", "SYSTEM_ADMIN");
        assertTrue(queue.has("waiting") && queue.has("failed") && queue.has("oldestWaitingSeconds"), queue.toString());
        assertTrue(queue.get("sentLastHour").asLong() >= 1, queue.toString());
    }

    /** Distinct recipients and all messages GreenMail holds whose address matches the prefix. */
    static long[] received(GreenMail smtp, String prefix) throws Exception {
        java.util.Set<String> distinct = new java.util.HashSet<>();
        long all = 0;
        for (MimeMessage m : smtp.getReceivedMessages()) {
            String to = m.getRecipients(Message.RecipientType.TO)[0].toString();
            if (to.startsWith(prefix)) {
                all++;
                distinct.add(to);
            }
        }
        return new long[] {distinct.size(), all};
    }
}
