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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import freemarker.template.Configuration;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;

/** The staff pages render in every language without a missing text, escape what they show, and the menu follows the role. */
class StaffPagesTest {

    static final List<String> PAGES = List.of("staff-home", "staff-group", "staff-child", "staff-inbox", "staff-thread", "staff-compose",
            "staff-preflight", "staff-absences", "staff-tablet", "staff-sleep", "staff-unit", "staff-accounts", "staff-requests",
            "staff-blocklist", "staff-review", "refused", "activate");

    static Map<String, Object> model(String lang, String view, String step) {
        Map<String, Object> m = new HashMap<>(PortalTemplatesTest.model(lang, view));
        m.put("staff", true);
        m.put("staffNav", List.of(Map.of("href", "/staff", "key", "staff.nav.groups"), Map.of("href", "/staff/units/201", "key", "staff.nav.admin")));
        m.put("path", "/staff");
        Map<String, Object> guardian = new HashMap<>(Map.of("id", 12L, "name", "Per <i>Nordmann</i>", "relation", "far", "email", "per@example.org",
                "mobile", "+4791234567", "address", "Gate 1, 5000 Bergen", "protected", true, "state", "ACTIVE", "stateLabel", "Aktiv",
                "blocked", false));
        guardian.put("blockKnown", true);
        Map<String, Object> blockedGuardian = new HashMap<>(guardian);
        blockedGuardian.put("blocked", true);
        blockedGuardian.put("state", "INACTIVE");
        Map<String, Object> child = Map.of("id", 451L, "name", "Ola Nordmann", "givenName", "Ola", "birthDate", "1. mai 2022",
                "address", "Gate 1, 5000 Bergen", "protected", false, "guardians", List.of(guardian, blockedGuardian));
        m.put("groups", List.of(Map.of("id", 301L, "name", "Avd. 1", "unitId", 201L, "unitName", "Demo barnehage 1")));
        m.put("adminUnits", List.of(Map.of("id", 201L, "name", "Demo barnehage 1")));
        m.put("children", List.of(child));
        m.put("child", child);
        m.put("groupId", 301L);
        m.put("unitId", 201L);
        m.put("shared", false);
        m.put("admin", true);
        m.put("placements", List.of(Map.of("unit", "Demo barnehage 1", "group", "Avd. 1", "groupId", "301")));
        m.put("blockReasons", List.of(Map.of("code", "court-order", "label", "Rettsavgjørelse")));
        m.put("reasons", List.of(Map.of("code", "no-responsibility", "label", "Har ikke foreldreansvar")));
        m.put("thread", Map.of("id", 77L, "replyAllowed", true, "groupId", "301"));
        m.put("kids", List.of(Map.of("id", 451L, "name", "Ola Nordmann", "checked", true, "state", "NOT_ARRIVED", "stateLabel", "Ikke kommet",
                        "in", "", "out", "", "sleepStart", "", "sleepEnd", "", "notes", List.of("Bestemor henter")),
                Map.of("id", 452L, "name", "Kari Nordmann", "checked", false, "state", "PRESENT", "stateLabel", "Til stede",
                        "in", "07:45", "out", "", "sleepStart", "12:00", "sleepEnd", "", "notes", List.of())));
        // the tablet's children carry their guardians for "brought by"
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> kids = (List<Map<String, Object>>) m.get("kids");
        m.put("kids", kids.stream().map(k -> {
            Map<String, Object> x = new HashMap<>(k);
            x.put("guardians", List.of(Map.of("id", 12L, "name", "Per Nordmann")));
            return x;
        }).toList());
        m.put("errors", Map.of("text", "<b>bad</b>", "who-451", "Velg", "confirmNamedChild", "Bekreft"));
        m.put("values", Map.of("text", "<script>alert(1)</script>", "subject", "Tur", "recipient", "group", "code", "ABCD"));
        m.put("pre", Map.of("families", 18, "guardians", 31, "staff", 0, "namesChild", true, "token", "tok", "notNotifiable", 2));
        m.put("hidden", List.of(Map.of("name", "text", "value", "<script>alert(1)</script>")));
        m.put("away", List.of(Map.of("name", "Ola Nordmann", "kind", "Syk", "period", "2. desember 2026", "times", "", "text", "")));
        m.put("enrolled", 18);
        m.put("present", 10);
        m.put("absent", 2);
        m.put("date", "2. desember 2026");
        m.put("sleeping", List.of(Map.of("name", "Kari Nordmann", "sleepStart", "12:00", "sleepEnd", "")));
        m.put("pending", 1);
        m.put("flags", 3);
        m.put("signedOff", false);
        m.put("overdue", true);
        m.put("accounts", List.of(Map.of("id", 5L, "username", "per.pedagog", "displayName", "Per", "state", "ACTIVE", "stateLabel", "Aktiv",
                "disabled", false, "roles", List.of("Pedagogisk leder, Avd. 1"), "shared", false, "rotationDue", "", "lastSignIn", "Aldri")));
        m.put("roles", List.of(Map.of("code", "LEADER", "label", "Pedagogisk leder")));
        m.put("created", Map.of("username", "per.pedagog", "code", "CODE-1234", "expires", "5. desember 2026 kl. 10:00"));
        m.put("requests", List.of(Map.of("id", 9L, "guardian", "Per Nordmann", "child", "Ola Nordmann", "childId", 451L, "at", "i dag")));
        m.put("blocked", List.of(Map.of("guardian", "Per Nordmann", "guardianId", 12L, "child", "Ola Nordmann", "childId", 451L)));
        m.put("review", Map.of("month", "2026-12", "pending", 1, "flagCount", 3, "signedOff", false, "signedOffAt", "", "overdue", true));
        m.put("entries", List.of(Map.of("kind", "Ansatt", "who", "per.pedagog", "roles", "LEADER", "state", "ACTIVE", "lastSignIn", "Aldri",
                "flags", List.of("Ikke brukt på 90 dager"))));
        m.put("step", step);
        m.put("secretGroups", "ABCD EFGH");
        m.put("otpauth", "otpauth://totp/Ranselpost:per?secret=ABCDEFGH");
        return m;
    }

    static String render(String lang, String view, String step) throws Exception {
        Configuration c = PortalServlet.configuration();
        StringWriter out = new StringWriter();
        c.getTemplate(view + ".ftlh").process(model(lang, view, step), out);
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb", "nn", "en"})
    void everyStaffPageRendersInTheLanguageWithoutAMissingTextAndEscapesWhatItShows(String lang) throws Exception {
        for (String view : PAGES) {
            for (String step : view.equals("activate") ? List.of("code", "password", "totp", "done") : List.of("code")) {
                String html = render(lang, view, step);
                assertFalse(html.contains(Texts.MISSING), view + " in " + lang + " lacks a text: " + html);
                assertTrue(html.contains("<html lang=\"" + lang + "\">"), view);
                assertFalse(html.contains("<script") || html.contains("<b>bad</b>") || html.contains("<i>Nordmann"), view + " shows markup: " + html);
                Matcher forms = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"[^>]*>(.*?)</form>", Pattern.DOTALL).matcher(html);
                while (forms.find()) {
                    assertTrue(forms.group(2).contains("name=\"csrf\" value=\"CSRF-TOKEN\""), view + ": " + forms.group(1));
                }
                assertFalse(html.contains(" style=") || html.contains("<style") || html.contains(" onclick="), view);
                // every id once (labels point at one control)
                Matcher ids = Pattern.compile(" id=\"([^\"]+)\"").matcher(html);
                Set<String> seen = new java.util.HashSet<>();
                while (ids.find()) {
                    assertTrue(seen.add(ids.group(1)), view + ": the id " + ids.group(1) + " twice");
                }
            }
        }
    }

    @Test
    void everyKeyAStaffTemplateUsesExistsInEveryLanguage() throws IOException {
        Map<String, String> nb = Texts.load("nb");
        assertEquals(nb.keySet(), Texts.load("nn").keySet());
        assertEquals(nb.keySet(), Texts.load("en").keySet());
        for (String view : PAGES) {
            String source;
            try (InputStream in = StaffPagesTest.class.getResourceAsStream("/web/templates/" + view + ".ftlh")) {
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher m = Pattern.compile("t\\['([a-zA-Z0-9.-]+)'\\]").matcher(source);
            while (m.find()) {
                assertTrue(nb.containsKey(m.group(1)), view + " uses " + m.group(1));
            }
        }
        for (Role r : Role.values()) {
            assertTrue(nb.containsKey("staff.role." + r.name()), r.name());
        }
        for (String s : List.of("NOT_ARRIVED", "PRESENT", "OUT_WITH_STAFF", "CHECKED_OUT", "ABSENT")) {
            assertTrue(nb.containsKey("staff.day." + s), s);
        }
        for (String s : List.of("ACTIVE", "PENDING_ACTIVATION", "ACTIVATION_EXPIRED", "DISABLED")) {
            assertTrue(nb.containsKey("staff.accounts.state." + s), s);
        }
        for (String f : List.of(no.ranselpost.core.api.identity.AccessReviews.LEFT_OR_ON_LEAVE,
                no.ranselpost.core.api.identity.AccessReviews.GUARDIAN_WITHOUT_RESPONSIBILITY,
                no.ranselpost.core.api.identity.AccessReviews.SHARED_PASSWORD_OLD, no.ranselpost.core.api.identity.AccessReviews.SUBSTITUTE_PAST_END,
                no.ranselpost.core.api.identity.AccessReviews.UNUSED_90_DAYS,
                no.ranselpost.core.api.identity.AccessReviews.PENDING_ACCESS_REQUESTS)) {
            assertTrue(nb.containsKey("staff.review.flag." + f), f);
        }
        for (String r : StaffPages.DECLINE_REASONS) {
            assertTrue(nb.containsKey("staff.requests.reason." + r), r);
        }
        for (String r : StaffPages.BLOCK_REASONS) {
            assertTrue(nb.containsKey("staff.block.reason." + r), r);
        }
    }

    private static AuthenticatedPrincipal staff(RoleGrant... grants) {
        return new AuthenticatedPrincipal(7, AccountKind.STAFF, "x", "X", null, List.of(grants), 1, AuthenticatedPrincipal.Assurance.PASSWORD);
    }

    @Test
    void theMenuFollowsTheRoleAndTheSharedAccountGoesToItsTablet() {
        AuthenticatedPrincipal employee = staff(RoleGrant.group(Role.EMPLOYEE, 201, 301));
        assertEquals(List.of("/staff"), StaffPages.navigation(employee).stream().map(n -> n.get("href")).toList());
        assertTrue(StaffPages.adminUnits(employee).isEmpty(), "an employee administers no unit");
        AuthenticatedPrincipal admin = staff(RoleGrant.unit(Role.UNIT_ADMIN, 201), RoleGrant.group(Role.LEADER, 202, 305));
        assertEquals(List.of("/staff", "/staff/units/201"), StaffPages.navigation(admin).stream().map(n -> n.get("href")).toList());
        AuthenticatedPrincipal shared = staff(RoleGrant.group(Role.SHARED_ACCOUNT, 201, 301));
        assertEquals(301L, StaffPages.sharedGroup(shared));
        assertEquals(List.of("/staff/groups/301/tablet"), StaffPages.navigation(shared).stream().map(n -> n.get("href")).toList());
        assertEquals(null, StaffPages.sharedGroup(employee));
    }
}
