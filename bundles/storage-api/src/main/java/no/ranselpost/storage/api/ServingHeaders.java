package no.ranselpost.storage.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers a capability serves stored content with: always as an attachment (a browser never
 * renders it in the page's origin), {@code nosniff}, the stored (detected) type, and kept out of
 * shared caches. Use it with the content's stream, e.g. in JAX-RS:
 *
 * <pre>
 * ContentStream c = store.open(KIND, id);
 * Response.ResponseBuilder rb = Response.ok((StreamingOutput) out -&gt; { try (c) { c.stream().transferTo(out); } });
 * ServingHeaders.attachment(c.content(), "vedlegg").forEach(rb::header);
 * </pre>
 */
public final class ServingHeaders {

    private ServingHeaders() {
    }

    /**
     * @param baseName the name to offer, without extension (the extension comes from the detected type);
     *                 characters other than letters, digits, '-', '_' and '.' are replaced
     */
    public static Map<String, String> attachment(StoredContent content, String baseName) {
        String name = safeName(baseName) + "." + content.type().extension();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", content.type().mediaType());
        h.put("Content-Length", Long.toString(content.size()));
        h.put("Content-Disposition", "attachment; filename=\"" + ascii(name) + "\"; filename*=UTF-8''" + percentEncoded(name));
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Cache-Control", "private, no-store, max-age=0");
        h.put("Pragma", "no-cache");
        // should it be opened in place after all, it runs nothing
        h.put("Content-Security-Policy", "default-src 'none'; sandbox");
        h.put("ETag", "\"" + content.sha256() + "\"");
        return h;
    }

    static String safeName(String baseName) {
        String s = baseName == null ? "" : baseName.strip();
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(100).forEach(cp -> sb.appendCodePoint(Character.isLetterOrDigit(cp) || cp == '-' || cp == '_' || cp == '.' ? cp : '_'));
        String name = sb.toString().replaceAll("^\\.+", "");
        return name.isEmpty() ? "content" : name;
    }

    private static String ascii(String name) {
        StringBuilder sb = new StringBuilder();
        name.codePoints().forEach(cp -> sb.append(cp < 128 ? (char) cp : '_'));
        return sb.toString();
    }

    private static String percentEncoded(String name) {
        StringBuilder sb = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
