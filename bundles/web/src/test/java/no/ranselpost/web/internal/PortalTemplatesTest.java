package no.ranselpost.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import freemarker.template.Configuration;

/**
 * Every page renders in every language without a missing text, escapes what it shows, and carries the CSRF token in
 * every form (the browser suite checks the same pages in a real browser against the real distribution).
 */
class PortalTemplatesTest {

    static final List<String> PAGES = List.of("sign-in", "children", "no-children", "child", "health", "step-up", "not-found",
            "conflict", "signed-out", "guardians-only", "messages", "thread", "compose");

    static Map<String, Object> model(String lang, String view) {
        Texts texts = new Texts();
        Map<String, Object> m = new HashMap<>();
        m.put("lang", lang);
        m.put("t", texts.model(lang));
        m.put("signedIn", !view.equals("sign-in"));
        m.put("csrf", "CSRF-TOKEN");
        m.put("displayName", "Kari");
        m.put("path", "/");
        m.put("view", view);
        m.put("title", texts.get(lang, view.equals("child") ? "child.title" : "children.title"));
        m.put("errors", Map.of("text", "<b>bad</b>"));
        m.put("values", Map.of("text", "<script>alert(1)</script>"));
        m.put("failure", "");
        m.put("signedOutNotice", true);
        m.put("idportenLogin", "/api/v1/auth/idporten/login?returnTo=/");
        Map<String, Object> child = Map.of("id", 451L, "name", "Ola Nordmann", "givenName", "Ola", "placements", List.of("Demo barnehage 1, Avd. 1"));
        m.put("children", List.of(child));
        m.put("child", child);
        m.put("dayState", "Til stede");
        m.put("checkedInAt", "07:45");
        m.put("checkedOutAt", "");
        m.put("pickupNotes", List.of("Bestemor henter"));
        m.put("reports", List.of(Map.of("id", 9L, "kind", "Syk", "from", "2. desember 2026", "to", "2. desember 2026", "times", "",
                "text", "", "state", "ACTIVE", "stateLabel", "Meldt", "withdrawable", true)));
        m.put("kinds", List.of(Map.of("code", "SICK", "label", "Syk"), Map.of("code", "OTHER", "label", "Annet")));
        m.put("absenceWarning", "Ikke skriv sensitive opplysninger her");
        m.put("today", "2026-12-02");
        m.put("done", "Fraværet er meldt.");
        m.put("updatedAt", "");
        m.put("stepUp", PortalServlet.stepUpLink("/children/451/health"));
        m.put("threads", List.of(Map.of("id", 77L, "subject", "Tur", "child", "Ola", "at", "2. desember 2026 kl. 10:00", "unread", true)));
        m.put("unreadThreads", 1L);
        m.put("more", false);
        m.put("pageNo", 0);
        m.put("thread", Map.of("id", 77L, "subject", "Tur", "replyAllowed", true));
        m.put("messages", List.of(Map.of("id", 1L, "sender", "Deg", "at", "i dag", "text", "Hei", "writeTo", ""),
                Map.of("id", 2L, "sender", "Pedagogisk leder", "at", "i dag", "text", "Svar", "writeTo", "/messages/new?child=451&staff=5&thread=77")));
        m.put("warning", "Ikke send sensitive opplysninger");
        m.put("kids", List.of(child));
        m.put("chosenChild", 451L);
        m.put("others", List.of(Map.of("id", 12L, "name", "Per Nordmann", "checked", false)));
        m.put("staffId", "5");
        m.put("staffName", "Pedagogisk leder");
        m.put("threadParam", "77");
        m.put("recipient", "group");
        m.put("maxSubject", 200);
        m.put("maxText", 10000);
        return m;
    }

    static String render(String lang, String view) throws Exception {
        Configuration c = PortalServlet.configuration();
        StringWriter out = new StringWriter();
        c.getTemplate(view + ".ftlh").process(model(lang, view), out);
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb", "nn", "en"})
    void everyPageRendersInTheLanguageWithoutAMissingText(String lang) throws Exception {
        for (String view : PAGES) {
            String html = render(lang, view);
            assertFalse(html.contains(Texts.MISSING), view + " in " + lang + " lacks a text: " + html);
            assertTrue(html.contains("<html lang=\"" + lang + "\">"), view);
            assertFalse(html.contains("<script"), view + " shows markup it was given: " + html);
            assertFalse(html.contains("<b>bad</b>"), view);
            // every form that changes something carries the session's CSRF token (the sign-in form has no session yet)
            Matcher forms = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"[^>]*>(.*?)</form>", Pattern.DOTALL).matcher(html);
            while (forms.find()) {
                if (!forms.group(1).equals("/sign-in")) {
                    assertTrue(forms.group(2).contains("name=\"csrf\" value=\"CSRF-TOKEN\""), view + ": " + forms.group(1));
                }
            }
            // no inline style or script (the CSP allows none)
            assertFalse(html.contains(" style=") || html.contains("<style") || html.contains(" onclick="), view);
        }
    }

    @Test
    void everyLanguageHasTheSameKeysAndEveryKeyATemplateOrThePortalUsesExists() throws IOException {
        Map<String, String> nb = Texts.load("nb");
        assertEquals(nb.keySet(), Texts.load("nn").keySet());
        assertEquals(nb.keySet(), Texts.load("en").keySet());
        for (String view : PAGES) {
            String source = resource("/web/templates/" + view + ".ftlh");
            Matcher m = Pattern.compile("t\\['([a-zA-Z.]+)'\\]").matcher(source);
            while (m.find()) {
                assertTrue(nb.containsKey(m.group(1)), view + " uses " + m.group(1));
            }
        }
        for (String state : List.of("NOT_ARRIVED", "PRESENT", "OUT_WITH_STAFF", "CHECKED_OUT", "ABSENT")) {
            assertTrue(nb.containsKey("day.state." + state), state);
        }
        for (String done : List.of("reported", "withdrawn", "noted", "saved")) {
            assertTrue(nb.containsKey("done." + done), done);
        }
    }

    @Test
    void theStepUpLinkAsksForTheHighLevelAndComesBack() {
        assertEquals("/api/v1/auth/idporten/login?level=high&returnTo=/children/451/health", PortalServlet.stepUpLink("/children/451/health"));
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = PortalTemplatesTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
