package no.ranselpost.storage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServingHeadersTest {

    private static StoredContent png() {
        return new StoredContent(7, "test.attachment", ContentType.PNG, 1234, "ab".repeat(32), OffsetDateTime.parse("2026-12-02T01:00:00Z"),
                40, 20, 8L);
    }

    @Test
    void anAttachmentOfTheStoredTypeNeverSniffedNorCachedOnTheWay() {
        Map<String, String> h = ServingHeaders.attachment(png(), "plan");
        assertEquals("image/png", h.get("Content-Type"));
        assertEquals("1234", h.get("Content-Length"));
        assertEquals("attachment; filename=\"plan.png\"; filename*=UTF-8''plan.png", h.get("Content-Disposition"));
        assertEquals("nosniff", h.get("X-Content-Type-Options"));
        assertTrue(h.get("Cache-Control").contains("private") && h.get("Cache-Control").contains("no-store"));
        assertTrue(h.get("Content-Security-Policy").contains("sandbox"));
    }

    @Test
    void theNameCannotBreakOutOfTheHeaderOrChooseItsExtension() {
        Map<String, String> h = ServingHeaders.attachment(png(), "årsplan\"; filename=evil.html\r\nX: y/../..");
        String d = h.get("Content-Disposition");
        assertTrue(d.startsWith("attachment; filename=\""), d);
        assertTrue(d.endsWith(".png"), d);
        assertTrue(!d.contains("\r") && !d.contains("\n") && d.chars().filter(c -> c == '"').count() == 2, d);
        assertTrue(d.contains("filename*=UTF-8''%C3%A5rsplan"), d);
        assertEquals("content.png", ServingHeaders.attachment(png(), " ").get("Content-Disposition").replaceAll(".*filename=\"([^\"]*)\".*", "$1"));
    }
}
