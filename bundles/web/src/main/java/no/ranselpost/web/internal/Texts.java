package no.ranselpost.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import freemarker.template.SimpleScalar;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateModel;

/** Every user-facing string of the portal, per language (resource files web/i18n/messages_{nb,nn,en}.properties). */
final class Texts {

    static final List<String> LANGUAGES = List.of("nb", "nn", "en");
    static final String DEFAULT = "nb";
    static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    /** What a page shows for a key the language lacks: the browser suite fails on it. */
    static final String MISSING = "??";

    private final Map<String, Map<String, String>> byLanguage = new TreeMap<>();

    Texts() {
        for (String lang : LANGUAGES) {
            byLanguage.put(lang, load(lang));
        }
    }

    static Map<String, String> load(String lang) {
        Properties p = new Properties();
        try (InputStream in = Texts.class.getResourceAsStream("/web/i18n/messages_" + lang + ".properties")) {
            if (in == null) {
                throw new IllegalStateException("No texts for " + lang);
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> m = new TreeMap<>();
        p.forEach((k, v) -> m.put(k.toString(), v.toString()));
        return m;
    }

    static String language(String candidate) {
        return candidate != null && LANGUAGES.contains(candidate) ? candidate : null;
    }

    String get(String lang, String key) {
        String v = byLanguage.get(lang).get(key);
        return v == null ? MISSING + key + MISSING : v;
    }

    /** The texts as the templates see them: {@code t['key']}; a missing key shows as ??key??. */
    TemplateHashModel model(String lang) {
        Map<String, String> m = byLanguage.get(lang);
        return new TemplateHashModel() {
            @Override
            public TemplateModel get(String key) {
                String v = m.get(key);
                return new SimpleScalar(v == null ? MISSING + key + MISSING : v);
            }

            @Override
            public boolean isEmpty() {
                return false;
            }
        };
    }

    static Locale locale(String lang) {
        return switch (lang) {
            case "nn" -> Locale.forLanguageTag("nn-NO");
            case "en" -> Locale.UK;
            default -> Locale.forLanguageTag("nb-NO");
        };
    }

    static DateTimeFormatter date(String lang) {
        return DateTimeFormatter.ofPattern("en".equals(lang) ? "d MMMM yyyy" : "d. MMMM yyyy", locale(lang)).withZone(OSLO);
    }

    static DateTimeFormatter dateTime(String lang) {
        return DateTimeFormatter.ofPattern("en".equals(lang) ? "d MMMM yyyy, HH:mm" : "d. MMMM yyyy 'kl.' HH:mm", locale(lang)).withZone(OSLO);
    }

    static DateTimeFormatter time() {
        return DateTimeFormatter.ofPattern("HH:mm").withZone(OSLO);
    }
}
