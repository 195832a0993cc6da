package no.ranselpost.itests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import no.ranselpost.itests.blackbox.BrowserFixture;

/**
 * The guardians' portal in a real browser (Debian's headless chromium through Selenium) against the real
 * distribution, booted once: a guardian signs in, sees only their own children, writes to the group, staff answer
 * through the REST API and the guardian sees it; an absence reported on the page is in the staff's day overview; another
 * family's thread shows nothing; pick-up notes, the step-up for health information and the page for a person without
 * children. Every page: axe-core (WCAG 2.1 A and AA, zero violations), a keyboard walk (every control reached by Tab
 * with a visible focus, no trap), reflow at 320 px (no horizontal scroll), screenshots at 1280 and 320 px into
 * target/screenshots, and nb, nn and en without a missing text.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT {

    static final String SKIPPED = "[browser] SKIPPED: chromium not found";
    static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
    static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

    private static BrowserFixture rp;
    private static ChromeDriver driver;
    private static String axe;
    private static Path shots;
    private static final Set<String> audited = new TreeSet<>();

    /** What the tests share: the guardian's kindergarten child (in demo.leader's department) and its group. */
    private static long childId;
    private static long groupId;
    private static String childName;
    private static long threadId;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            System.out.println(SKIPPED);
            Assumptions.abort(SKIPPED);
        }
        Path tarGz = Path.of(System.getProperty("ranselpost.distribution", "target/dist/ranselpost.tar.gz"));
        rp = BrowserFixture.start(tarGz, Path.of("target/browser").toAbsolutePath());
        System.out.println("[browser] Ranselpost answered UP after " + rp.firstStart().toMillis() + " ms");
        String version = System.getProperty("axe.core.version", "4.6.3");
        try (InputStream in = BrowserIT.class.getResourceAsStream("/META-INF/resources/webjars/axe-core/" + version + "/axe.min.js")) {
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        shots = Path.of(System.getProperty("browser.screenshots", "target/screenshots"));
        Files.createDirectories(shots);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("browser-it-profile"), "--lang=nb-NO");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (rp != null) {
            rp.close();
        }
        System.out.println("[browser] pages audited (axe, keyboard, reflow, screenshots, nb/nn/en): " + audited);
    }

    // ------------------------------------------------------------------ the flows

    @Test
    @Order(1)
    void theSignInPageIsWhereAnUnsignedBrowserLandsAndCarriesTheSecurityHeaders() throws Exception {
        driver.get(rp.root() + "/");
        assertTrue(driver.getCurrentUrl().endsWith("/sign-in"), driver.getCurrentUrl());
        audit("sign-in");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rp.root() + "/sign-in")).build(),
                HttpResponse.BodyHandlers.ofString());
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), csp);
        assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""));
        // a change without the portal's own origin is refused, whatever it carries
        HttpResponse<String> foreign = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rp.root() + "/sign-in"))
                .header("Origin", "https://evil.example").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=demo.guardian&password=x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, foreign.statusCode());
        // a page behind the session is never served without one, and a wrong password signs nobody in
        driver.findElement(By.id("f-username")).sendKeys(rp.username("GUARDIAN"));
        driver.findElement(By.id("f-password")).sendKeys("not-the-password");
        clickAndWait(driver.findElement(By.cssSelector("form[action='/sign-in'] button")));
        assertTrue(driver.findElement(By.cssSelector(".alert-danger")).isDisplayed());
        assertTrue(driver.manage().getCookieNamed("rp_session") == null);
    }

    @Test
    @Order(2)
    void aGuardianSignsInAndSeesExactlyTheirOwnChildren() throws Exception {
        signInLocally();
        assertEquals(rp.root() + "/", driver.getCurrentUrl());
        JsonNode own = rp.json("GET", "/me/children", "GUARDIAN", null);
        Set<String> expected = new TreeSet<>();
        for (JsonNode c : own) {
            expected.add(c.get("givenName").asText() + " " + c.get("familyName").asText());
            for (JsonNode p : c.get("placements")) {
                if (p.get("groupId") != null && !p.get("groupId").isNull() && p.get("unitName").asText().contains("barnehage")) {
                    childId = c.get("id").asLong();
                    groupId = p.get("groupId").asLong();
                    childName = c.get("givenName").asText();
                }
            }
        }
        assertTrue(childId > 0, "the demo guardian has a kindergarten child: " + own);
        Set<String> shown = new TreeSet<>();
        driver.findElements(By.cssSelector(".card-list h2 a")).forEach(a -> shown.add(a.getText()));
        assertEquals(expected, shown);
        // the other children of the group are not on the page
        JsonNode group = rp.json("GET", "/groups/" + groupId + "/children", "LEADER", null);
        int others = 0;
        for (JsonNode c : group) {
            if (c.get("id").asLong() != childId) {
                others++;
                assertTrue(driver.findElements(By.cssSelector("a[href='/children/" + c.get("id").asLong() + "']")).isEmpty());
                driver.get(rp.root() + "/children/" + c.get("id").asLong());
                assertTrue(driver.findElements(By.cssSelector("form")).stream().noneMatch(f -> f.getAttribute("action").contains("/absences")),
                        "another child's page shows nothing");
                driver.get(rp.root() + "/");
            }
        }
        assertTrue(others > 0, "the group has other children to not show");
        audit("children");
    }

    @Test
    @Order(3)
    void theGuardianWritesToTheGroupStaffAnswerThroughTheApiAndTheGuardianSeesTheAnswer() throws Exception {
        driver.get(rp.root() + "/children/" + childId);
        clickAndWait(driver.findElement(By.cssSelector("a[href='/messages/new?child=" + childId + "']")));
        assertTrue(driver.getPageSource().contains("sensitive"), "the sensitive-content warning is shown while composing");
        audit("compose");
        driver.findElement(By.id("f-subject")).sendKeys("Tur i morgen");
        driver.findElement(By.id("f-text")).sendKeys("Har " + childName + " med seg regntøy? Hilsen foresatt");
        clickAndWait(driver.findElement(By.cssSelector("form[action='/messages'] button[type=submit]")));
        String url = driver.getCurrentUrl();
        assertTrue(url.matches(".*/messages/\\d+$"), url);
        threadId = Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
        assertTrue(driver.getPageSource().contains("med seg regntøy"));
        // the staff of the group read it in the group's inbox and answer through the REST API
        JsonNode staffView = rp.json("GET", "/threads/" + threadId, "LEADER", null);
        assertTrue(staffView.toString().contains("med seg regntøy"), staffView.toString());
        rp.json("POST", "/threads/" + threadId + "/messages", "LEADER", "{\"text\": \"Ja, regntøyet henger i garderoben.\"}");
        driver.navigate().refresh();
        assertTrue(driver.getPageSource().contains("regntøyet henger i garderoben"), "the guardian sees the staff's answer");
        audit("thread");
        driver.get(rp.root() + "/messages");
        assertTrue(driver.findElements(By.cssSelector("a[href='/messages/" + threadId + "']")).size() == 1);
        audit("messages");
    }

    @Test
    @Order(4)
    void anAbsenceReportedOnThePageIsInTheStaffsDayOverviewAndALaterOneIsWithdrawn() throws Exception {
        driver.get(rp.root() + "/children/" + childId);
        driver.findElement(By.id("f-kind")).click();
        clickAndWait(driver.findElement(By.cssSelector("form[action$='/absences'] button[type=submit]")));
        assertTrue(driver.getCurrentUrl().endsWith("?done=reported"), driver.getCurrentUrl());
        JsonNode day = rp.json("GET", "/absence/groups/" + groupId, "LEADER", null);
        assertTrue(day.toString().contains("\"childId\":" + childId), "staff see it in today's overview: " + day);
        // one for next week, withdrawn again on the page
        String nextWeek = LocalDate.now(OSLO).plusDays(7).toString();
        driver.findElement(By.id("f-kind")).click();
        driver.findElement(By.id("f-fromDate")).clear();
        driver.findElement(By.id("f-fromDate")).sendKeys(java.time.format.DateTimeFormatter.ofPattern("dd.MM.uuuu")
                .format(LocalDate.now(OSLO).plusDays(7)));
        clickAndWait(driver.findElement(By.cssSelector("form[action$='/absences'] button[type=submit]")));
        List<WebElement> withdraw = driver.findElements(By.cssSelector("form[action*='/withdraw'] button"));
        assertEquals(1, withdraw.size(), "only next week's report can still be withdrawn");
        clickAndWait(withdraw.get(0));
        assertTrue(driver.getCurrentUrl().endsWith("?done=withdrawn"), driver.getCurrentUrl());
        JsonNode reports = rp.json("GET", "/absence/children/" + childId + "/reports?from=" + nextWeek + "&to=" + nextWeek, "LEADER", null);
        assertTrue(reports.toString().contains("WITHDRAWN"), reports.toString());
        // a pick-up note, shown on the page (and to the staff's tablet)
        driver.findElement(By.id("f-note")).sendKeys("Bestemor henter i dag");
        clickAndWait(driver.findElement(By.cssSelector("form[action$='/pickup-notes'] button")));
        assertTrue(driver.getCurrentUrl().endsWith("?done=noted"), driver.getCurrentUrl());
        assertTrue(driver.getPageSource().contains("Bestemor henter i dag"));
        audit("child");
    }

    @Test
    @Order(5)
    void healthInformationAsksForTheHighLevelAndAnotherFamilysThreadShowsNothing() throws Exception {
        driver.get(rp.root() + "/children/" + childId + "/health");
        WebElement stepUp = driver.findElement(By.cssSelector("main a.button"));
        assertTrue(stepUp.getAttribute("href").contains("/api/v1/auth/idporten/login?level=high&returnTo=/children/" + childId + "/health"),
                stepUp.getAttribute("href"));
        audit("step-up");
        // staff write to another family of the group: its thread's address shows this guardian nothing
        long other = -1;
        for (JsonNode c : rp.json("GET", "/groups/" + groupId + "/children", "LEADER", null)) {
            if (c.get("id").asLong() != childId) {
                other = c.get("id").asLong();
                break;
            }
        }
        JsonNode sent = rp.json("POST", "/messages", "LEADER",
                "{\"recipients\": {\"families\": [{\"childId\": " + other + "}]}, \"subject\": \"Til en annen familie\","
                        + " \"text\": \"Dette er bare for den andre familien.\"}");
        long foreignThread = sent.get("threadIds").get(0).asLong();
        driver.get(rp.root() + "/messages/" + foreignThread);
        assertFalse(driver.getPageSource().contains("bare for den andre familien"));
        assertFalse(driver.getPageSource().contains("Til en annen familie"));
        assertTrue(driver.findElements(By.cssSelector(".message")).isEmpty());
        audit("not-found");
    }

    @Test
    @Order(6)
    void signedInThroughIdPortenAtTheHighLevelTheGuardianKeepsHealthInformation() throws Exception {
        signOut();
        String pid = rp.idportenPersons().get("GUARDIAN");
        rp.nextIdPortenSignIn(pid, "idporten-loa-high");
        driver.get(rp.root() + "/sign-in");
        clickAndWait(driver.findElement(By.cssSelector("a[href^='/api/v1/auth/idporten/login']")));
        assertEquals(rp.root() + "/", driver.getCurrentUrl());
        driver.get(rp.root() + "/children/" + childId + "/health");
        driver.findElement(By.id("f-allergies")).sendKeys("Nøtter");
        clickAndWait(driver.findElement(By.cssSelector("form[action$='/health'] button")));
        assertTrue(driver.getCurrentUrl().endsWith("/health?done"), driver.getCurrentUrl());
        assertEquals("Nøtter", driver.findElement(By.id("f-allergies")).getAttribute("value"));
        audit("health");
    }

    @Test
    @Order(7)
    void aPersonWithoutChildrenGetsTheNoticeAndSignOutEndsTheSession() throws Exception {
        signOut();
        rp.nextIdPortenSignIn(rp.idportenPersons().get("NO_CHILDREN"), "idporten-loa-substantial");
        driver.get(rp.root() + "/sign-in");
        clickAndWait(driver.findElement(By.cssSelector("a[href^='/api/v1/auth/idporten/login']")));
        assertEquals(rp.root() + "/", driver.getCurrentUrl());
        assertTrue(driver.getPageSource().contains("Vi klarte ikke å finne noen barn knyttet til deg"));
        audit("no-children");
        signOut();
        assertTrue(driver.getCurrentUrl().endsWith("/sign-in?signed-out"), driver.getCurrentUrl());
        driver.get(rp.root() + "/messages");
        assertTrue(driver.getCurrentUrl().contains("/sign-in"), "the session ended: " + driver.getCurrentUrl());
        assertTrue(driver.manage().getCookieNamed("rp_session") == null);
        assertEquals(Set.of("child", "children", "compose", "health", "messages", "no-children", "not-found", "sign-in", "step-up",
                "thread"), audited);
    }

    // ------------------------------------------------------------------ the staff portal (issue 29)

    /** The staff pages the suite audits (axe, keyboard walk, reflow, screenshots, nb/nn/en), checked at the end. */
    static final Set<String> STAFF_PAGES = Set.of("staff-home", "staff-group", "staff-inbox", "staff-thread", "staff-compose", "staff-preflight",
            "staff-tablet", "staff-sleep", "staff-absences", "staff-child", "staff-unit", "staff-requests", "staff-review", "staff-accounts",
            "staff-blocklist", "refused", "activate", "activate-password", "activate-totp");
    private static long unitId;

    @Test
    @Order(8)
    void aLeaderAnswersAGuardiansMessageAndSendsAGroupMessageAfterThePreflight() throws Exception {
        signInStaff("LEADER");
        assertEquals(rp.root() + "/staff", driver.getCurrentUrl());
        assertTrue(driver.findElements(By.cssSelector("a[href='/staff/groups/" + groupId + "']")).size() == 1, "the leader's group is listed");
        audit("staff-home");
        driver.get(rp.root() + "/staff/groups/" + groupId);
        // the leader sees the guardians' contact details and addresses of the group (ACCESS.md), exactly what the API gives
        JsonNode one = rp.json("GET", "/children/" + childId, "LEADER", null);
        if (one.has("address") && one.get("address").has("street")) {
            assertTrue(driver.getPageSource().contains(one.get("address").get("street").asText()), "a leader sees the child's address");
        }
        audit("staff-group");
        // the guardian's message of test 3 is in the group's inbox; the leader answers on the page
        driver.get(rp.root() + "/staff/groups/" + groupId + "/inbox");
        clickAndWait(driver.findElement(By.cssSelector("a[href='/staff/threads/" + threadId + "']")));
        assertTrue(driver.getPageSource().contains("med seg regntøy"), "the guardian's text");
        driver.findElement(By.id("f-text")).sendKeys("Vi har ekstra votter i garderoben.");
        clickAndWait(driver.findElement(By.cssSelector("form[action='/staff/threads/" + threadId + "/reply'] button")));
        assertEquals(rp.root() + "/staff/threads/" + threadId, driver.getCurrentUrl());
        audit("staff-thread");
        assertTrue(rp.json("GET", "/threads/" + threadId, "GUARDIAN", null).toString().contains("ekstra votter i garderoben"),
                "the guardian gets the leader's answer");
        driver.get(rp.root() + "/staff/groups/" + groupId + "/inbox");
        audit("staff-inbox");
        // a group message naming a child of the group: the preflight says how many it reaches and asks to confirm the name
        driver.get(rp.root() + "/staff/groups/" + groupId + "/write");
        audit("staff-compose");
        Runnable toPreflight = () -> {
            driver.get(rp.root() + "/staff/groups/" + groupId + "/write");
            driver.findElement(By.id("f-subject")).sendKeys("Foreldremøte");
            driver.findElement(By.id("f-text")).sendKeys("Foreldremøte torsdag. " + childName + " og de andre viser fram tegningene sine.");
            clickAndWait(driver.findElement(By.cssSelector("form[action$='/preflight'] button[type=submit]")));
        };
        auditPosted("staff-preflight", toPreflight);
        int families = Integer.parseInt(driver.findElement(By.cssSelector(".alert-info strong")).getText());
        assertTrue(families > 1, "a group message reaches the group's families: " + families);
        // without the confirmation the send is refused and nothing is stored
        clickAndWait(driver.findElement(By.cssSelector("form[action$='/send'] button[type=submit]")));
        assertTrue(driver.findElement(By.id("f-confirmNamedChild-error")).isDisplayed(), "the pupil-name confirmation is asked for");
        driver.findElement(By.id("f-confirmNamedChild")).click();
        clickAndWait(driver.findElement(By.cssSelector("form[action$='/send'] button[type=submit]")));
        assertTrue(driver.getCurrentUrl().contains("/staff/groups/" + groupId + "/inbox?sent=" + families), driver.getCurrentUrl());
        JsonNode inbox = rp.json("GET", "/inboxes/mine", "GUARDIAN", null);
        assertTrue(inbox.toString().contains("Foreldremøte"), "the guardian has the group message: " + inbox);
        signOut();
    }

    @Test
    @Order(9)
    void theSharedAccountChecksAChildInAndOutOnTheTabletAndSeesNoAddress() throws Exception {
        signInStaff("SHARED_ACCOUNT");
        assertEquals(rp.root() + "/staff/groups/" + groupId + "/tablet", driver.getCurrentUrl(), "the shared account lands on its tablet");
        audit("staff-tablet");
        List<WebElement> checkIns = driver.findElements(By.cssSelector("form[action$='/check-in']"));
        assertFalse(checkIns.isEmpty(), "children not yet arrived");
        // a child with an address the leader sees (not the family with a strengt fortrolig address): none of it on the tablet
        long kid = -1;
        List<String> addresses = new ArrayList<>();
        for (WebElement f : checkIns) {
            long k = Long.parseLong(f.getAttribute("action").replaceAll(".*/tablet/(\\d+)/check-in$", "$1"));
            JsonNode asLeader = rp.json("GET", "/children/" + k, "LEADER", null);
            asLeader.findValues("street").forEach(x -> addresses.add(x.asText()));
            if (!addresses.isEmpty()) {
                kid = k;
                break;
            }
        }
        assertTrue(kid > 0, "a child not yet arrived whose address the leader sees");
        for (String a : addresses) {
            assertFalse(driver.getPageSource().contains(a), "the tablet shows no address");
        }
        clickAndWait(driver.findElement(By.cssSelector("form[action$='/tablet/" + kid + "/check-in'] button[type=submit]")));
        assertTrue(driver.getCurrentUrl().contains("?done=check-in"), driver.getCurrentUrl());
        assertEquals("PRESENT", rp.json("GET", "/attendance/children/" + kid + "/today", "LEADER", null).get("state").asText());
        // the sleep list: asleep and awake again
        driver.get(rp.root() + "/staff/groups/" + groupId + "/sleep");
        clickAndWait(driver.findElement(By.cssSelector("form[action$='/sleep/" + kid + "/sleep-start'] button")));
        driver.get(rp.root() + "/staff/groups/" + groupId + "/sleep");
        audit("staff-sleep");
        clickAndWait(driver.findElement(By.cssSelector("form[action$='/sleep/" + kid + "/sleep-end'] button")));
        // fetched by another adult
        driver.get(rp.root() + "/staff/groups/" + groupId + "/tablet");
        driver.findElement(By.id("f-other-" + kid)).sendKeys("Bestemor Kari");
        clickAndWait(driver.findElement(By.cssSelector("form[action$='/tablet/" + kid + "/check-out'] button[type=submit]")));
        assertTrue(driver.getCurrentUrl().contains("?done=check-out"), driver.getCurrentUrl());
        JsonNode day = rp.json("GET", "/attendance/children/" + kid + "/today", "LEADER", null);
        assertEquals("CHECKED_OUT", day.get("state").asText(), day.toString());
        assertTrue(driver.findElements(By.cssSelector("form[action$='/tablet/" + kid + "/check-out']")).isEmpty());
        for (String a : addresses) {
            assertFalse(driver.getPageSource().contains(a), "the tablet shows no address");
        }
        // today's absences: the guardian's report of test 4; the pick-up note of test 4 on the tablet
        assertTrue(driver.getPageSource().contains("Bestemor henter i dag"), "the guardian's pick-up note is on the tablet");
        driver.get(rp.root() + "/staff/groups/" + groupId + "/absences");
        assertTrue(driver.getPageSource().contains(childName), "the child reported away today is listed");
        audit("staff-absences");
        // the shared account never reads messages
        driver.get(rp.root() + "/staff/groups/" + groupId + "/inbox");
        assertEquals(403, status(rp.root() + "/staff/groups/" + groupId + "/inbox"));
        signOut();
    }

    @Test
    @Order(10)
    void aUnitAdminActivatesAGuardianFromTheRequestListAndSignsOffTheReview() throws Exception {
        for (JsonNode c : rp.json("GET", "/me/children", "GUARDIAN", null)) {
            if (c.get("id").asLong() == childId) {
                for (JsonNode p : c.get("placements")) {
                    if (p.get("groupId") != null && p.get("groupId").asLong() == groupId) {
                        unitId = p.get("unitId").asLong();
                    }
                }
            }
        }
        long guardianPerson = rp.json("GET", "/auth/me", "GUARDIAN", null).get("personId").asLong();
        signInStaff("UNIT_ADMIN");
        assertTrue(driver.findElements(By.cssSelector("nav a[href='/staff/units/" + unitId + "']")).size() == 1, "the admin's unit is in the menu");
        driver.get(rp.root() + "/staff/units/" + unitId);
        audit("staff-unit");
        // the child's page: the unit admin deactivates the guardian (as when a family has to ask again), ...
        driver.get(rp.root() + "/staff/children/" + childId);
        clickAndWait(driver.findElement(By.cssSelector("form[action='/staff/children/" + childId + "/deactivate']:has(input[value='"
                + guardianPerson + "']) button")));
        assertTrue(driver.getCurrentUrl().endsWith("?done=deactivate"), driver.getCurrentUrl());
        // ... and blocks and unblocks them: the blocklist shows the block meanwhile
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("reason-" + guardianPerson))).selectByValue("safety");
        clickAndWait(driver.findElement(By.cssSelector("form[action='/staff/children/" + childId + "/block']:has(input[value='"
                + guardianPerson + "']) button")));
        driver.get(rp.root() + "/staff/units/" + unitId + "/blocklist");
        assertTrue(driver.findElements(By.cssSelector("main a[href='/staff/children/" + childId + "']")).size() >= 1, "the block is listed");
        audit("staff-blocklist");
        driver.get(rp.root() + "/staff/children/" + childId);
        audit("staff-child");
        clickAndWait(driver.findElement(By.cssSelector("form[action='/staff/children/" + childId + "/unblock']:has(input[value='"
                + guardianPerson + "']) button")));
        assertTrue(driver.getCurrentUrl().endsWith("?done=unblock"), driver.getCurrentUrl());
        // the guardian asks for access (the API, as the guardian's app would) and the unit admin activates from the list
        HttpResponse<String> asked = rp.rest("POST", "/me/access-requests", "GUARDIAN", "{\"childId\": " + childId + ", \"unitId\": " + unitId + "}");
        assertEquals(201, asked.statusCode(), asked.body());
        long requestId = JSON.readTree(asked.body()).get(0).get("id").asLong();
        driver.get(rp.root() + "/staff/units/" + unitId + "/access-requests");
        audit("staff-requests");
        clickAndWait(driver.findElement(By.cssSelector("form[action='/staff/access-requests/" + requestId + "/activate'] button")));
        assertTrue(driver.getCurrentUrl().endsWith("/access-requests?done=activated"), driver.getCurrentUrl());
        JsonNode own = rp.json("GET", "/me/access-requests", "GUARDIAN", null);
        assertTrue(own.toString().contains("\"state\":\"ACTIVATED\""), own.toString());
        assertFalse(rp.json("GET", "/me/children", "GUARDIAN", null).isEmpty(), "the guardian has the child again");
        // the monthly access review, signed off
        driver.get(rp.root() + "/staff/units/" + unitId + "/review");
        audit("staff-review");
        clickAndWait(driver.findElement(By.cssSelector("form[action='/staff/units/" + unitId + "/review/sign-off'] button")));
        assertTrue(driver.getCurrentUrl().endsWith("/review?done=signed-off"), driver.getCurrentUrl());
        assertTrue(driver.findElements(By.cssSelector("form[action$='/sign-off']")).isEmpty(), "signed off once a month");
        boolean signed = false;
        for (JsonNode u : rp.json("GET", "/access-reviews", "OWNER", null)) {
            signed |= u.get("unitId").asLong() == unitId && u.get("signedOff").asBoolean();
        }
        assertTrue(signed, "the owner sees the unit signed off");
    }

    @Test
    @Order(11)
    void theUnitAdminAddsAPedagogueWhoActivatesTheAccountAndAUnitAdminEnrolsTotp() throws Exception {
        driver.get(rp.root() + "/staff/units/" + unitId + "/staff");
        audit("staff-accounts");
        driver.findElement(By.id("f-username")).sendKeys("web.pedagog");
        driver.findElement(By.id("f-displayName")).sendKeys("Web Pedagog");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("f-role"))).selectByValue("LEADER");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("f-group"))).selectByValue(String.valueOf(groupId));
        clickAndWait(driver.findElement(By.cssSelector("form[action='/staff/units/" + unitId + "/staff'] button[type=submit]")));
        String code = driver.findElement(By.id("activation-code")).getText().strip();
        assertFalse(code.isEmpty());
        signOut();
        // the owner of the account activates it with the code: a password only (a leader has no second factor)
        driver.get(rp.root() + "/activate");
        audit("activate");
        Runnable toPassword = () -> {
            driver.get(rp.root() + "/activate");
            driver.findElement(By.id("f-code")).sendKeys(code);
            clickAndWait(driver.findElement(By.cssSelector("form[action='/activate'] button")));
        };
        auditPosted("activate-password", toPassword);
        assertTrue(driver.findElements(By.id("f-totp")).isEmpty(), "no TOTP for a leader");
        driver.findElement(By.id("f-password")).sendKeys("Et langt nok passord 1");
        driver.findElement(By.id("f-password2")).sendKeys("Et langt nok passord 1");
        clickAndWait(driver.findElement(By.cssSelector("form[action='/activate'] button")));
        assertTrue(driver.findElement(By.cssSelector(".alert-success")).isDisplayed());
        driver.get(rp.root() + "/sign-in");
        driver.findElement(By.id("f-username")).sendKeys("web.pedagog");
        driver.findElement(By.id("f-password")).sendKeys("Et langt nok passord 1");
        clickAndWait(driver.findElement(By.cssSelector("form[action='/sign-in'] button")));
        assertEquals(rp.root() + "/staff", driver.getCurrentUrl(), "the new pedagogue signs in");
        assertTrue(driver.findElements(By.cssSelector("a[href='/staff/groups/" + groupId + "']")).size() == 1);
        signOut();
        // a unit admin made by the owner: the activation enrols the authenticator app with a code of it
        JsonNode made = rp.json("POST", "/staff-accounts", "OWNER",
                "{\"username\": \"web.styrer\", \"displayName\": \"Web Styrer\", \"roles\": [{\"role\": \"UNIT_ADMIN\", \"unitId\": " + unitId + "}]}");
        String adminCode = made.get("activationCode").asText();
        // each language's visit offers a fresh secret (the last one offered is the one the activation proves)
        auditPosted("activate-totp", () -> {
            driver.get(rp.root() + "/activate");
            driver.findElement(By.id("f-code")).sendKeys(adminCode);
            clickAndWait(driver.findElement(By.cssSelector("form[action='/activate'] button")));
        });
        String secret = driver.findElement(By.id("totp-secret")).getText().replace(" ", "");
        assertTrue(secret.matches("[A-Z2-7]{16,}"), secret);
        driver.findElement(By.id("f-password")).sendKeys("Styrerens lange passord 2");
        driver.findElement(By.id("f-password2")).sendKeys("Styrerens lange passord 2");
        driver.findElement(By.id("f-totp")).sendKeys(BrowserFixture.totpCode(secret, System.currentTimeMillis() / 1000));
        clickAndWait(driver.findElement(By.cssSelector("form[action='/activate'] button")));
        assertTrue(driver.findElement(By.cssSelector(".alert-success")).isDisplayed(), driver.findElement(By.tagName("main")).getText());
    }

    @Test
    @Order(12)
    void anEmployeeOpeningAUnitAdminsPageGetsTheRefusalPage() throws Exception {
        signInStaff("EMPLOYEE");
        assertTrue(driver.findElements(By.cssSelector("nav a[href^='/staff/units/']")).isEmpty(), "no administration in an employee's menu");
        driver.get(rp.root() + "/staff/units/" + unitId + "/review");
        assertEquals(403, status(rp.root() + "/staff/units/" + unitId + "/review"));
        assertTrue(driver.findElement(By.tagName("h1")).getText().contains("Ingen tilgang"), driver.findElement(By.tagName("h1")).getText());
        assertTrue(driver.findElements(By.cssSelector("form[action$='/sign-off']")).isEmpty());
        audit("refused");
        driver.get(rp.root() + "/staff/units/" + unitId + "/access-requests");
        assertTrue(driver.findElement(By.tagName("h1")).getText().contains("Ingen tilgang"));
        driver.get(rp.root() + "/staff/units/" + unitId + "/staff");
        assertTrue(driver.findElement(By.tagName("h1")).getText().contains("Ingen tilgang"));
        // and the guardians' pages are not a staff session's
        driver.get(rp.root() + "/children/" + childId);
        assertFalse(driver.getPageSource().contains("f-kind"));
        signOut();
        Set<String> missing = new TreeSet<>(STAFF_PAGES);
        missing.removeAll(audited);
        assertTrue(missing.isEmpty(), "staff pages not audited: " + missing);
    }

    /** Signs a demo staff role in on the portal's sign-in page, with a TOTP code where the role has one (a code is taken once). */
    private static void signInStaff(String role) throws Exception {
        String secret = rp.totpSecret(role);
        driver.get(rp.root() + "/sign-in");
        if (!driver.findElements(By.cssSelector("form[action='/sign-out'] button")).isEmpty()) {
            signOut();
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            driver.get(rp.root() + "/sign-in");
            driver.findElement(By.id("f-username")).sendKeys(rp.username(role));
            driver.findElement(By.id("f-password")).sendKeys(rp.password(role));
            if (secret != null) {
                driver.findElement(By.id("f-totp")).sendKeys(BrowserFixture.totpCode(secret, System.currentTimeMillis() / 1000));
            }
            clickAndWait(driver.findElement(By.cssSelector("form[action='/sign-in'] button")));
            if (!driver.getCurrentUrl().contains("/sign-in")) {
                return;
            }
            if (secret == null) {
                break;
            }
            // this 30 s step's code was used already (by the API's sign-in of the same role): the next step's
            System.out.println("[browser] " + role + "'s TOTP code of this step was taken; signing in with the next step's");
            Thread.sleep(30_000 - System.currentTimeMillis() % 30_000 + 500);
        }
        throw new IllegalStateException(role + " could not sign in: " + driver.findElement(By.tagName("main")).getText());
    }

    /** The status the page answers for this browser's session (the same cookies, outside the browser). */
    private static int status(String url) throws Exception {
        StringBuilder cookies = new StringBuilder();
        driver.manage().getCookies().forEach(c -> cookies.append(c.getName()).append('=').append(c.getValue()).append("; "));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookies.toString()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * A page that answers a form (it has no address of its own to load again): reached afresh in nn, en and nb (the
     * language cookie set first), each without a missing text and with zero axe violations, then in nb the keyboard
     * walk, reflow and screenshots in place.
     */
    private static void auditPosted(String name, Runnable reach) throws Exception {
        for (String lang : List.of("nn", "en", "nb")) {
            driver.get(rp.root() + "/sign-in?lang=" + lang);
            reach.run();
            assertFalse(driver.getPageSource().contains("??"), name + " in " + lang + " lacks a text");
            assertEquals(lang, driver.findElement(By.tagName("html")).getAttribute("lang"), name);
            List<String> violations = axe();
            assertTrue(violations.isEmpty(), name + " in " + lang + ": axe reports " + violations);
        }
        keyboardWalk(name);
        reflowInPlace(name);
        audited.add(name);
    }

    private static void reflowInPlace(String name) throws Exception {
        JavascriptExecutor js = driver;
        for (int width : List.of(1280, 320)) {
            driver.manage().window().setSize(new Dimension(width, 900));
            if (width == 320) {
                Object overflow = js.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertTrue(((Number) overflow).intValue() <= 0, name + ": scrolls sideways at 320 px by " + overflow + " px");
            }
            js.executeScript("window.scrollTo(0, 0);");
            Path to = shots.resolve(name + "-" + width + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            assertTrue(Files.size(to) > 1000, to.toString());
        }
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    // ------------------------------------------------------------------ helpers

    private static void signInLocally() throws Exception {
        driver.get(rp.root() + "/sign-in");
        driver.findElement(By.id("f-username")).clear();
        driver.findElement(By.id("f-username")).sendKeys(rp.username("GUARDIAN"));
        driver.findElement(By.id("f-password")).sendKeys(rp.password("GUARDIAN"));
        clickAndWait(driver.findElement(By.cssSelector("form[action='/sign-in'] button")));
        if (driver.getCurrentUrl().endsWith("/sign-in")) {
            throw new IllegalStateException("The sign-in did not take: cookies " + driver.manage().getCookies() + ", page "
                    + driver.findElement(By.tagName("main")).getText());
        }
    }

    /** Clicks what loads a new page and waits until the old one is gone (a click returns before the navigation ends). */
    private static void clickAndWait(WebElement e) {
        WebElement html = driver.findElement(By.tagName("html"));
        e.click();
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> gone(html));
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(30))
                .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /**
     * The old page is gone: its element is stale. Under load chromedriver sometimes says so as "Node with given id does
     * not belong to the document" (a plain WebDriverException) instead of a stale element.
     */
    private static boolean gone(WebElement old) {
        try {
            old.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    private static void signOut() {
        clickAndWait(driver.findElement(By.cssSelector("form[action='/sign-out'] button")));
    }

    /**
     * The page in the browser now, by every check: in nb, nn and en (no missing text, the html lang, zero axe
     * violations), then in nb the keyboard walk, reflow at 320 px and the screenshots. Ends on the page in nb.
     */
    private static void audit(String name) throws Exception {
        String url = driver.getCurrentUrl();
        for (String lang : List.of("nn", "en", "nb")) {
            driver.get(url + (url.contains("?") ? "&" : "?") + "lang=" + lang);
            String source = driver.getPageSource();
            assertFalse(source.contains("??"), name + " in " + lang + " lacks a text");
            assertEquals(lang, driver.findElement(By.tagName("html")).getAttribute("lang"), name);
            assertEquals(url, driver.getCurrentUrl(), name + ": the language choice keeps the page");
            List<String> violations = axe();
            assertTrue(violations.isEmpty(), name + " in " + lang + ": axe reports " + violations);
        }
        keyboardWalk(name);
        screenshotsAndReflow(name);
        audited.add(name);
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    @SuppressWarnings("unchecked")
    private static List<String> axe() throws Exception {
        JavascriptExecutor js = driver;
        js.executeScript(axe);
        Object result = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                + ".then(r => done(JSON.stringify(r.violations.map(v => v.id + ' ' + v.nodes.map(n => n.target.join(' ')).join(', ')))))"
                + ".catch(e => done(JSON.stringify(['axe failed: ' + e])));");
        return JSON.readValue(result.toString(), List.class);
    }

    /**
     * Tab from the top of the page until the focus comes round again: every control (a radio group counts once) is
     * reached, each with a visible focus indicator, and the focus never stays on one element (no trap).
     */
    private static void keyboardWalk(String name) {
        JavascriptExecutor js = driver;
        // every control, by its place in the document (a radio group is one stop)
        @SuppressWarnings("unchecked")
        List<String> controls = (List<String>) js.executeScript(KEY_JS + "return Array.from(document.querySelectorAll("
                + "'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex=\\'-1\\'])'))"
                + ".filter(e => !e.disabled).map(key);");
        Set<String> expected = new HashSet<>(controls);
        js.executeScript("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
        Set<String> reached = new HashSet<>();
        String previous = null;
        int same = 0;
        // a date or time field takes a Tab per part (day, month, year): the focus may stay on it for a few
        for (int i = 0; i < expected.size() * 4 + 6 && !reached.containsAll(expected); i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            String k = (String) js.executeScript(KEY_JS + "const a = document.activeElement;"
                    + "return a && a !== document.body ? key(a) : null;");
            if (k == null) {
                continue;
            }
            same = k.equals(previous) ? same + 1 : 0;
            assertTrue(same < 4, name + ": the focus stays on " + k + " (a keyboard trap)");
            previous = k;
            reached.add(k);
            Object visible = js.executeScript("const s = getComputedStyle(document.activeElement);"
                    + "return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (!!s.boxShadow && s.boxShadow !== 'none');");
            assertEquals(Boolean.TRUE, visible, name + ": no visible focus on " + k);
        }
        Set<String> missed = new TreeSet<>(expected);
        missed.removeAll(reached);
        assertTrue(missed.isEmpty(), name + ": not reached by Tab: " + missed + " (reached " + reached + ")");
    }

    /** A control's key: a radio group by its name, anything else by its tag, id or text, and its index in the document. */
    private static final String KEY_JS = "const all = Array.from(document.getElementsByTagName('*'));"
            + "const key = e => (e.type === 'radio') ? 'radio-group:' + e.name"
            + " : e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '[' + all.indexOf(e) + '] ' + (e.textContent || '').trim().slice(0, 30);";

    private static void screenshotsAndReflow(String name) throws Exception {
        JavascriptExecutor js = driver;
        Map<Integer, Path> taken = new LinkedHashMap<>();
        for (int width : List.of(1280, 320)) {
            driver.manage().window().setSize(new Dimension(width, 900));
            driver.navigate().refresh();
            Number inner = (Number) js.executeScript("return window.innerWidth;");
            assertTrue(inner.intValue() <= width, name + ": the viewport is " + inner + " px, not " + width);
            if (width == 320) {
                Object overflow = js.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertTrue(((Number) overflow).intValue() <= 0, name + ": scrolls sideways at 320 px by " + overflow + " px");
            }
            js.executeScript("window.scrollTo(0, 0);");
            Path to = shots.resolve(name + "-" + width + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            taken.put(width, to);
        }
        driver.manage().window().setSize(new Dimension(1280, 900));
        for (Path p : taken.values()) {
            assertTrue(Files.size(p) > 1000, p.toString());
        }
    }

    static List<String> lines(String s) {
        return new ArrayList<>(List.of(s.split("\n")));
    }
}
