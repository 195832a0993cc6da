package no.ranselpost.notification.sms.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.notification.api.NotificationChannel;

/**
 * SMS notices through the generic HTTP gateway (FORMATS.md): {@code POST <url>} with a Bearer
 * token and {@code {"to", "text", "reference"}}; 2xx accepted, 4xx final (a wrong number, a refused
 * text), 5xx and timeouts tried again. Never logs a number or a text.
 */
@Component(service = NotificationChannel.class, configurationPid = "no.ranselpost.notification.sms", configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "channel=sms")
@Designate(ocd = SmsSettings.class)
public class SmsChannel implements NotificationChannel {

    private static final Logger LOG = LoggerFactory.getLogger(SmsChannel.class);
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{8,15}");
    private volatile SmsSettings settings;
    private volatile HttpClient client;

    @Activate
    public SmsChannel(SmsSettings settings) {
        modified(settings);
    }

    @Modified
    void modified(SmsSettings s) {
        this.settings = s;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(s.timeoutMillis())).build();
        LOG.info("SMS notices go through {}", s.url() == null || s.url().isBlank() ? "no gateway (none sent)" : URI.create(s.url()).getHost());
    }

    @Override
    public String name() {
        return "sms";
    }

    @Override
    public boolean validAddress(String address) {
        return address != null && NUMBER.matcher(address.replace(" ", "")).matches();
    }

    /** A Norwegian number without its country code gets +47. */
    static String international(String number) {
        String n = number.replace(" ", "");
        if (n.startsWith("+")) {
            return n;
        }
        if (n.startsWith("00")) {
            return "+" + n.substring(2);
        }
        return n.length() == 8 ? "+47" + n : "+" + n;
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    @Override
    public List<Delivery> send(List<OutgoingNotice> notices) {
        List<Delivery> out = new ArrayList<>();
        SmsSettings s = settings;
        for (OutgoingNotice n : notices) {
            if (s.url() == null || s.url().isBlank()) {
                out.add(Delivery.retry("no-gateway"));
                continue;
            }
            if (!validAddress(n.address())) {
                out.add(Delivery.permanent("invalid-number"));
                continue;
            }
            String body = "{\"to\":" + json(international(n.address())) + ",\"text\":" + json(n.text()) + ",\"reference\":" + json(Long.toString(n.reference()))
                    + "}";
            HttpRequest r = HttpRequest.newBuilder(URI.create(s.url())).timeout(Duration.ofMillis(s.timeoutMillis()))
                    .header("Authorization", "Bearer " + s._token()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                int status = client.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
                out.add(status / 100 == 2 ? Delivery.delivered() : status / 100 == 4 ? Delivery.permanent("gateway-" + status)
                        : Delivery.retry("gateway-" + status));
            } catch (HttpTimeoutException e) {
                out.add(Delivery.retry("gateway-timeout"));
            } catch (IOException e) {
                out.add(Delivery.retry("gateway-down"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.add(Delivery.retry("interrupted"));
            }
        }
        return out;
    }
}
