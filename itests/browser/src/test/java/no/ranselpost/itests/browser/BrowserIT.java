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
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(30))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(html));
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(30))
                .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
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
