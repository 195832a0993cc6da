package org.example.kommune.sfo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.registry.api.EnrolmentRecord;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.RegistrySource;

/**
 * A kommune's own connector: enrolments in SFO from the kommune's SFO register, which answers
 * {@code GET {baseUrl}/changes?after=<cursor>} with what changed since that cursor, as text:
 *
 * <pre>
 * cursor=&lt;the cursor to ask after next time&gt;
 * &lt;child's national id&gt;;&lt;unit org number&gt;;&lt;unit name&gt;;&lt;group code&gt;;&lt;group name&gt;;&lt;start date&gt;;&lt;end date or empty&gt;
 * ...
 * </pre>
 *
 * The cursor is the source's own state: kept by the engine between runs, read here, written back
 * through the sink after the records it covers. Not a full snapshot: what the register no longer
 * lists is not ended; an enrolment ends when the register gives it an end date.
 *
 * Registered as a {@link RegistrySource} service for each factory configuration
 * (etc/org.example.kommune.sfo-&lt;name&gt;.cfg); the import engine picks it up and drops it as it
 * comes and goes.
 */
@Component(service = RegistrySource.class, configurationPid = SfoSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = RegistrySource.SOURCE_ID + "=" + SfoSource.SOURCE_ID)
@Designate(ocd = SfoSettings.class, factory = true)
public class SfoSource implements RegistrySource {

    static final String SOURCE_ID = "kommune-sfo";
    /** The source state key: the cursor the register gave last. */
    static final String CURSOR = "cursor";
    private static final int FIELDS = 7;

    private final URI changes;
    private final String token;
    private final Duration timeout;
    private final long maxBodyBytes;
    private final HttpClient http;

    @Activate
    public SfoSource(SfoSettings settings) {
        String base = settings.baseUrl() == null ? "" : settings.baseUrl().strip().replaceAll("/+$", "");
        URI uri = URI.create(base + "/changes");
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            // the engine lists the configuration as FAILED with this reason (GET /imports)
            throw new IllegalArgumentException("baseUrl must be an http(s) URL");
        }
        if (settings.requestTimeoutMillis() < 1 || settings.maxBodyBytes() < 1) {
            throw new IllegalArgumentException("requestTimeoutMillis and maxBodyBytes must be positive");
        }
        this.changes = uri;
        this.token = settings._token() == null ? "" : settings._token().strip();
        this.timeout = Duration.ofMillis(settings.requestTimeoutMillis());
        this.maxBodyBytes = settings.maxBodyBytes();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String sourceId() {
        return SOURCE_ID;
    }

    @Override
    public boolean fullSnapshot() {
        return false;
    }

    @Override
    public void pull(ImportSink sink, StateView state) throws Exception {
        String after = state.get(CURSOR).orElse("0");
        List<String> lines = fetch(after);
        if (lines.isEmpty() || !lines.get(0).startsWith("cursor=") || lines.get(0).length() == "cursor=".length()) {
            // throwing fails the run and keeps the cursor: the next run asks for the same changes again
            throw new IOException("The SFO register's answer does not start with a cursor line");
        }
        String next = lines.get(0).substring("cursor=".length()).strip();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            // a key names the record in the run's report: a line number, never the national id
            String key = "line " + (i + 1);
            EnrolmentRecord record = parse(key, line, sink);
            if (record != null) {
                // applied in a transaction of its own, or rejected with the engine's reason; the run goes on
                sink.enrolment(record);
            }
        }
        // after the records it covers: a run that failed before this line asks again from the old cursor
        sink.state(CURSOR, next);
    }

    /** One line as an enrolment, or null (rejected through the sink, with why) when it cannot be read. */
    private static EnrolmentRecord parse(String key, String line, ImportSink sink) {
        String[] f = line.split(";", -1);
        if (f.length != FIELDS) {
            sink.reject(key, "expected " + FIELDS + " fields separated by ';', found " + f.length);
            return null;
        }
        LocalDate start;
        LocalDate end;
        try {
            start = LocalDate.parse(f[5].strip());
            end = f[6].isBlank() ? null : LocalDate.parse(f[6].strip());
        } catch (DateTimeParseException e) {
            sink.reject(key, "a date is not yyyy-mm-dd");
            return null;
        }
        String group = f[3].strip();
        // the engine checks the rest (the national id, the org number, dates in order) and rejects with a reason
        return new EnrolmentRecord(key, f[0].strip(), f[1].strip(), UnitType.SFO, f[2].strip(), group.isEmpty() ? null : group,
                f[4].strip(), GroupType.BASE_GROUP, start, end);
    }

    private List<String> fetch(String after) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(changes + "?after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)))
                .timeout(timeout).header("Accept", "text/plain").GET();
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("The SFO register answered HTTP " + response.statusCode());
            }
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (bytes.length > maxBodyBytes) {
                throw new IOException("The SFO register's answer is larger than maxBodyBytes (" + maxBodyBytes + ")");
            }
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        }
    }
}
