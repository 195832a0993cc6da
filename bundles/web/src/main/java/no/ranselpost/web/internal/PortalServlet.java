package no.ranselpost.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import freemarker.cache.ClassTemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import no.ranselpost.absence.api.AbsenceKind;
import no.ranselpost.absence.api.AbsenceReport;
import no.ranselpost.absence.api.AbsenceRequest;
import no.ranselpost.absence.api.AbsenceService;
import no.ranselpost.absence.api.AbsenceTexts;
import no.ranselpost.absence.api.HealthInfo;
import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.attendance.api.AttendanceService;
import no.ranselpost.attendance.api.ChildDay;
import no.ranselpost.core.api.ChildService;
import no.ranselpost.core.api.ChildView;
import no.ranselpost.core.api.ConflictException;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticationException;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.core.api.identity.SessionService;
import no.ranselpost.core.api.identity.TooManyAttemptsException;
import no.ranselpost.identity.api.BrowserSessions;
import no.ranselpost.messaging.api.MessageView;
import no.ranselpost.messaging.api.MessagingService;
import no.ranselpost.messaging.api.MessagingTexts;
import no.ranselpost.messaging.api.NewMessage;
import no.ranselpost.messaging.api.Recipients;
import no.ranselpost.messaging.api.Sent;
import no.ranselpost.messaging.api.ThreadSummary;
import no.ranselpost.messaging.api.ThreadView;

/**
 * The guardians' portal at {@code /}: server-rendered pages (FreeMarker), forms that post, redirect and get, no
 * JavaScript. Every page asks the same services the REST resources ask, with the acting principal from the session
 * cookie ({@code rp_session}), so access decides there; no page reads the database. Every form carries the session's
 * CSRF token ({@link BrowserSessions#csrfToken}) and a change must come from this server's own origin.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/",
    "osgi.http.whiteboard.servlet.name=ranselpost-web"})
public class PortalServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PortalServlet.class);

    static final String LANGUAGE_COOKIE = "rp_lang";
    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'";

    private static final Pattern CHILD = Pattern.compile("/children/(\\d{1,18})");
    private static final Pattern CHILD_HEALTH = Pattern.compile("/children/(\\d{1,18})/health");
    private static final Pattern CHILD_ABSENCES = Pattern.compile("/children/(\\d{1,18})/absences");
    private static final Pattern CHILD_WITHDRAW = Pattern.compile("/children/(\\d{1,18})/absences/(\\d{1,18})/withdraw");
    private static final Pattern CHILD_PICKUP = Pattern.compile("/children/(\\d{1,18})/pickup-notes");
    private static final Pattern THREAD = Pattern.compile("/messages/(\\d{1,18})");
    private static final Pattern THREAD_REPLY = Pattern.compile("/messages/(\\d{1,18})/reply");

    @Reference
    private transient SessionService sessions;
    @Reference
    private transient ChildService children;
    @Reference
    private transient MessagingService messaging;
    @Reference
    private transient AbsenceService absence;
    @Reference
    private transient AttendanceService attendance;
    @Reference
    private transient AccessPolicy access;
    @Reference
    private transient StaffPages staff;

    private final transient Texts texts = new Texts();
    private final transient Configuration freemarker = configuration();

    static Configuration configuration() {
        Configuration c = new Configuration(Configuration.VERSION_2_3_34);
        // the bundle's own class loader: a ClassTemplateLoader on a class of this bundle resolves inside Karaf
        c.setTemplateLoader(new ClassTemplateLoader(PortalServlet.class, "/web/templates"));
        c.setDefaultEncoding("UTF-8");
        c.setOutputEncoding("UTF-8");
        // .ftlh: HTML auto-escaping of everything a page shows
        c.setRecognizeStandardFileExtensions(true);
        c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        c.setLogTemplateExceptions(false);
        c.setWrapUncheckedExceptions(true);
        c.setFallbackOnNullLoopVariable(false);
        c.setLocale(Locale.forLanguageTag("nb-NO"));
        c.setTimeZone(java.util.TimeZone.getTimeZone(Texts.OSLO));
        return c;
    }

    /** One request: its language, session and the model every page gets. */
    final class Page {
        final HttpServletRequest req;
        final HttpServletResponse resp;
        final String lang;
        final String token;
        final AuthenticatedPrincipal principal;
        final Map<String, Object> model = new HashMap<>();

        Page(HttpServletRequest req, HttpServletResponse resp, String lang, String token, AuthenticatedPrincipal principal) {
            this.req = req;
            this.resp = resp;
            this.lang = lang;
            this.token = token;
            this.principal = principal;
            model.put("lang", lang);
            model.put("t", texts.model(lang));
            model.put("signedIn", principal != null);
            model.put("csrf", token == null ? "" : BrowserSessions.csrfToken(token));
            model.put("displayName", principal == null ? "" : principal.displayName() == null ? "" : principal.displayName());
            model.put("path", req.getRequestURI());
            model.put("errors", Map.of());
            model.put("values", Map.of());
            boolean isStaff = principal != null && principal.kind() != AccountKind.GUARDIAN;
            model.put("staff", isStaff);
            model.put("staffNav", isStaff ? StaffPages.navigation(principal) : List.of());
        }

        String t(String key) {
            return texts.get(lang, key);
        }

        /** A page whose title is data (a name), not a text key. */
        void renderTitled(int status, String template, String title) throws IOException {
            model.put("dataTitle", title);
            render(status, template, template + ".title");
        }

        Page put(String key, Object value) {
            model.put(key, value);
            return this;
        }

        void render(int status, String template, String titleKey) throws IOException {
            model.put("title", model.containsKey("dataTitle") ? model.get("dataTitle") : t(titleKey));
            model.put("view", template);
            StringWriter out = new StringWriter();
            try {
                Template tpl = freemarker.getTemplate(template + ".ftlh");
                tpl.process(model, out);
            } catch (TemplateException e) {
                LOG.error("The page {} could not be rendered: {}", template, e.getMessageWithoutStackTop());
                resp.setStatus(500);
                resp.setContentType("text/plain;charset=UTF-8");
                resp.getOutputStream().write("500".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            resp.setStatus(status);
            resp.setContentType("text/html;charset=UTF-8");
            resp.getOutputStream().write(out.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        securityHeaders(resp);
        String path = req.getRequestURI();
        String method = req.getMethod().toUpperCase(Locale.ROOT);
        if (path.startsWith("/static/")) {
            stylesheet(path, method, resp);
            return;
        }
        String lang = language(req);
        if ("GET".equals(method) && req.getParameter("lang") != null) {
            // the choice is kept in a cookie; the page comes back without it in the address
            String chosen = Optional.ofNullable(Texts.language(req.getParameter("lang"))).orElse(lang);
            resp.addHeader("Set-Cookie", LANGUAGE_COOKIE + "=" + chosen + "; Path=/; Max-Age=31536000; Secure; SameSite=Lax");
            // the rest of the address stays (a page's own parameters: ids only, never personal data)
            String rest = req.getQueryString() == null ? "" : java.util.Arrays.stream(req.getQueryString().split("&"))
                    .filter(q -> !q.startsWith("lang=") && !q.equals("lang")).collect(java.util.stream.Collectors.joining("&"));
            redirect(resp, rest.isEmpty() ? path : path + "?" + rest);
            return;
        }
        String token = sessionToken(req);
        AuthenticatedPrincipal principal = token == null ? null : sessions.resolve(token).orElse(null);
        if (principal == null) {
            token = null;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method) && !sameOrigin(req)) {
            simple(resp, 403, "A change on the portal must come from its own pages");
            return;
        }
        boolean anonymous = access.isAnonymous(method, path, req.getQueryString());
        Page page = new Page(req, resp, lang, token, principal);
        if (!anonymous && principal == null) {
            if ("GET".equals(method)) {
                redirect(resp, "/sign-in");
            } else {
                page.render(401, "signed-out", "signedOut.title");
            }
            return;
        }
        if (principal != null && !"GET".equals(method) && !"HEAD".equals(method)
                && !BrowserSessions.csrfMatches(token, req.getParameter("csrf"))) {
            simple(resp, 403, "The form's CSRF token is missing or not this session's");
            return;
        }
        try {
            route(page, method, path);
        } catch (AccessDeniedException e) {
            if (principal != null && principal.kind() != AccountKind.GUARDIAN) {
                // staff are told plainly that the page is not theirs (a guardian is never told that anything exists)
                page.render(403, "refused", "refused.title");
            } else if ("assurance-too-low".equals(e.reason())) {
                page.put("stepUp", stepUpLink(path)).render(401, "step-up", "stepUp.title");
            } else {
                notFound(page);
            }
        } catch (NoSuchObjectException e) {
            notFound(page);
        } catch (ConflictException e) {
            page.render(409, "conflict", "conflict.title");
        }
    }

    private void route(Page p, String method, String path) throws IOException {
        Matcher m;
        if (path.equals("/sign-in")) {
            if ("POST".equals(method)) {
                signIn(p);
            } else if (p.principal != null) {
                redirect(p.resp, "/");
            } else {
                p.put("signedOutNotice", p.req.getParameter("signed-out") != null).put("idportenLogin", "/api/v1/auth/idporten/login?returnTo=/")
                        .render(200, "sign-in", "signIn.title");
            }
            return;
        }
        if (path.equals("/activate")) {
            staff.activation(p, method);
            return;
        }
        if (p.principal.kind() != AccountKind.GUARDIAN) {
            // the staff portal (StaffPages): its pages under /staff; the guardians' pages are not theirs
            if (path.equals("/sign-out") && "POST".equals(method)) {
                signOut(p);
            } else if (path.equals("/") || path.isEmpty()) {
                redirect(p.resp, "/staff");
            } else if (path.equals("/staff") || path.startsWith("/staff/")) {
                staff.route(p, method, path);
            } else {
                p.render(403, "guardians-only", "guardiansOnly.title");
            }
            return;
        }
        if ("POST".equals(method)) {
            post(p, path);
            return;
        }
        if (path.equals("/") || path.isEmpty()) {
            home(p);
        } else if (path.equals("/messages")) {
            inbox(p);
        } else if (path.equals("/messages/new")) {
            compose(p, Map.of(), Map.of(), 200);
        } else if ((m = THREAD.matcher(path)).matches()) {
            thread(p, Long.parseLong(m.group(1)), Map.of(), 200);
        } else if ((m = CHILD_HEALTH.matcher(path)).matches()) {
            health(p, Long.parseLong(m.group(1)), Map.of(), null, 200);
        } else if ((m = CHILD.matcher(path)).matches()) {
            child(p, Long.parseLong(m.group(1)), Map.of(), Map.of(), 200);
        } else {
            notFound(p);
        }
    }

    private void post(Page p, String path) throws IOException {
        Matcher m;
        if (path.equals("/sign-out")) {
            signOut(p);
        } else if (path.equals("/messages")) {
            send(p);
        } else if ((m = THREAD_REPLY.matcher(path)).matches()) {
            reply(p, Long.parseLong(m.group(1)));
        } else if ((m = CHILD_ABSENCES.matcher(path)).matches()) {
            reportAbsence(p, Long.parseLong(m.group(1)));
        } else if ((m = CHILD_WITHDRAW.matcher(path)).matches()) {
            long child = Long.parseLong(m.group(1));
            ownChild(p, child);
            absence.withdraw(p.principal, Long.parseLong(m.group(2)));
            redirect(p.resp, "/children/" + child + "?done=withdrawn");
        } else if ((m = CHILD_PICKUP.matcher(path)).matches()) {
            pickupNote(p, Long.parseLong(m.group(1)));
        } else if ((m = CHILD_HEALTH.matcher(path)).matches()) {
            updateHealth(p, Long.parseLong(m.group(1)));
        } else {
            notFound(p);
        }
    }

    // ------------------------------------------------------------------ sign-in and sign-out

    private void signIn(Page p) throws IOException {
        String username = p.req.getParameter("username");
        String password = p.req.getParameter("password");
        String totp = blankToNull(p.req.getParameter("totp"));
        Map<String, String> errors = new LinkedHashMap<>();
        if (username == null || username.isBlank() || username.length() > 100) {
            errors.put("username", p.t("signIn.error.username"));
        }
        if (password == null || password.isEmpty() || password.length() > 1000) {
            errors.put("password", p.t("signIn.error.password"));
        }
        Map<String, String> values = Map.of("username", username == null ? "" : username.strip());
        if (totp != null && !totp.matches("\\d{6}")) {
            errors.put("totp", p.t("signIn.error.totp"));
        }
        if (!errors.isEmpty()) {
            signInPage(p, 400, errors, values, null);
            return;
        }
        if (!credentialsMayTravel(p.req)) {
            signInPage(p, 403, Map.of(), values, p.t("signIn.error.tls"));
            return;
        }
        LoginResult result;
        try {
            result = sessions.login(username.strip(), password.toCharArray(), totp, p.req.getRemoteAddr());
        } catch (TooManyAttemptsException e) {
            p.resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            signInPage(p, 429, Map.of(), values, p.t("signIn.error.tooMany"));
            return;
        } catch (AuthenticationException e) {
            signInPage(p, 401, Map.of(), values, p.t("signIn.error.wrong"));
            return;
        }
        if (result.principal().kind() == AccountKind.INTEGRATION) {
            sessions.revoke(result.token());
            signInPage(p, 403, Map.of(), values, p.t("signIn.error.wrong"));
            return;
        }
        long maxAge = Math.max(60, Duration.between(OffsetDateTime.now(), result.expiresAt()).getSeconds());
        for (String c : BrowserSessions.setCookies(result.token(), maxAge)) {
            p.resp.addHeader("Set-Cookie", c);
        }
        redirect(p.resp, result.principal().kind() == AccountKind.GUARDIAN ? "/" : "/staff");
    }

    private void signInPage(Page p, int status, Map<String, String> errors, Map<String, String> values, String failure) throws IOException {
        p.put("errors", errors).put("values", values).put("failure", failure == null ? "" : failure).put("signedOutNotice", false)
                .put("idportenLogin", "/api/v1/auth/idporten/login?returnTo=/").render(status, "sign-in", "signIn.title");
    }

    private void signOut(Page p) throws IOException {
        sessions.revoke(p.token);
        for (String c : BrowserSessions.clearCookies()) {
            p.resp.addHeader("Set-Cookie", c);
        }
        redirect(p.resp, "/sign-in?signed-out");
    }

    // ------------------------------------------------------------------ children

    private List<ChildView> own(Page p) {
        return children.ownChildren(p.principal);
    }

    private ChildView ownChild(Page p, long childId) {
        return own(p).stream().filter(c -> c.id() == childId).findFirst()
                .orElseThrow(() -> new NoSuchObjectException("No such child of the signed-in guardian"));
    }

    private void home(Page p) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ChildView c : own(p)) {
            list.add(childModel(c));
        }
        if (list.isEmpty()) {
            // seed 003: a person the registers know, with no child linked
            p.render(200, "no-children", "noChildren.title");
            return;
        }
        p.put("children", list).render(200, "children", "children.title");
    }

    private static Map<String, Object> childModel(ChildView c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.givenName() + " " + c.familyName());
        m.put("givenName", c.givenName());
        List<String> places = new ArrayList<>();
        for (ChildView.Placement pl : c.placements()) {
            places.add(pl.groupName() == null ? pl.unitName() : pl.unitName() + ", " + pl.groupName());
        }
        m.put("placements", places);
        return m;
    }

    private void child(Page p, long childId, Map<String, String> errors, Map<String, String> values, int status) throws IOException {
        ChildView c = ownChild(p, childId);
        Map<String, Object> child = childModel(c);
        p.put("child", child);
        // today: the times only
        ChildDay day = attendance.today(p.principal, childId);
        p.put("dayState", p.t("day.state." + day.state()));
        p.put("checkedInAt", day.checkedInAt() == null ? "" : Texts.time().format(day.checkedInAt()));
        p.put("checkedOutAt", day.checkedOutAt() == null ? "" : Texts.time().format(day.checkedOutAt()));
        p.put("pickupNotes", day.pickupNotes() == null ? List.of() : day.pickupNotes());
        LocalDate today = LocalDate.now(Texts.OSLO);
        List<Map<String, Object>> reports = new ArrayList<>();
        for (AbsenceReport r : absence.forChild(p.principal, childId, today.minusDays(7), today.plusDays(90))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("kind", r.kind().label(p.lang));
            m.put("from", Texts.date(p.lang).format(r.fromDate()));
            m.put("to", Texts.date(p.lang).format(r.toDate()));
            m.put("times", r.fromTime() == null ? "" : Texts.time().format(r.fromTime()) + "–" + Texts.time().format(r.toTime()));
            m.put("text", r.text() == null ? "" : r.text());
            m.put("state", r.state());
            m.put("stateLabel", p.t("absence.state." + r.state()));
            m.put("withdrawable", r.changeable() && !"WITHDRAWN".equals(r.state()));
            reports.add(m);
        }
        p.put("reports", reports);
        List<Map<String, String>> kinds = new ArrayList<>();
        for (AbsenceKind k : absence.kindsForChild(p.principal, childId)) {
            kinds.add(Map.of("code", k.name(), "label", k.label(p.lang)));
        }
        p.put("kinds", kinds);
        p.put("absenceWarning", AbsenceTexts.SENSITIVE_WARNING.get(p.lang));
        p.put("today", java.time.format.DateTimeFormatter.ofPattern("dd.MM.uuuu").format(today));
        p.put("done", Optional.ofNullable(p.req.getParameter("done")).filter(d -> d.matches("[a-z-]{1,20}")).map(d -> p.t("done." + d))
                .orElse(""));
        p.put("errors", errors).put("values", values);
        render(p, status, "child", c.givenName());
    }

    /** A page whose title is data (a child's given name), not a text key. */
    void render(Page p, int status, String template, String title) throws IOException {
        p.put("dataTitle", title);
        p.render(status, template, template + ".title");
    }

    private void reportAbsence(Page p, long childId) throws IOException {
        ownChild(p, childId);
        Map<String, String> values = form(p, "kind", "fromDate", "toDate", "fromTime", "toTime", "text");
        Map<String, String> errors = new LinkedHashMap<>();
        String kind = values.get("kind");
        if (kind.isEmpty()) {
            errors.put("kind", p.t("absence.error.kind"));
        }
        LocalDate from = date(values.get("fromDate"), "fromDate", errors, p);
        LocalDate to = values.get("toDate").isEmpty() ? from : date(values.get("toDate"), "toDate", errors, p);
        LocalTime fromTime = time(values.get("fromTime"), "fromTime", errors, p);
        LocalTime toTime = time(values.get("toTime"), "toTime", errors, p);
        if ((fromTime == null) != (toTime == null) && !errors.containsKey("fromTime") && !errors.containsKey("toTime")) {
            errors.put(fromTime == null ? "fromTime" : "toTime", p.t("absence.error.bothTimes"));
        }
        if (values.get("text").length() > AbsenceTexts.MAX_TEXT) {
            errors.put("text", p.t("absence.error.text"));
        }
        if (errors.isEmpty()) {
            try {
                absence.report(p.principal, new AbsenceRequest(childId, from, to, fromTime, toTime, kind,
                        values.get("text").isBlank() ? null : values.get("text")));
                redirect(p.resp, "/children/" + childId + "?done=reported");
                return;
            } catch (InvalidRequestException e) {
                errors.put("fromDate", p.t("absence.error.rejected"));
            }
        }
        child(p, childId, errors, values, 400);
    }

    private void pickupNote(Page p, long childId) throws IOException {
        ownChild(p, childId);
        Map<String, String> values = form(p, "note");
        if (values.get("note").isBlank() || values.get("note").length() > 500) {
            child(p, childId, Map.of("note", p.t("pickup.error")), values, 400);
            return;
        }
        try {
            attendance.pickupNote(p.principal, childId, values.get("note").strip());
        } catch (InvalidRequestException e) {
            child(p, childId, Map.of("note", p.t("pickup.error")), values, 400);
            return;
        }
        redirect(p.resp, "/children/" + childId + "?done=noted");
    }

    private void health(Page p, long childId, Map<String, String> errors, Map<String, String> values, int status) throws IOException {
        ChildView c = ownChild(p, childId);
        p.put("child", childModel(c));
        HealthInfo h = absence.health(p.principal, childId);
        Map<String, String> v = values != null ? values : Map.of(
                "allergies", h == null || h.allergies() == null ? "" : h.allergies(),
                "intolerances", h == null || h.intolerances() == null ? "" : h.intolerances(),
                "gp", h == null || h.gp() == null ? "" : h.gp());
        p.put("values", v).put("errors", errors);
        p.put("updatedAt", h == null || h.updatedAt() == null ? "" : Texts.dateTime(p.lang).format(h.updatedAt()));
        p.put("done", p.req.getParameter("done") != null ? p.t("done.saved") : "");
        render(p, status, "health", c.givenName());
    }

    private void updateHealth(Page p, long childId) throws IOException {
        ownChild(p, childId);
        Map<String, String> values = form(p, "allergies", "intolerances", "gp");
        Map<String, String> errors = new LinkedHashMap<>();
        for (String f : List.of("allergies", "intolerances", "gp")) {
            if (values.get(f).length() > 2000) {
                errors.put(f, p.t("health.error.long"));
            }
        }
        if (errors.isEmpty()) {
            try {
                absence.updateHealth(p.principal, childId, new HealthInfo(childId, blankToNull(values.get("allergies")),
                        blankToNull(values.get("intolerances")), blankToNull(values.get("gp")), null));
                redirect(p.resp, "/children/" + childId + "/health?done");
                return;
            } catch (InvalidRequestException e) {
                errors.put("allergies", p.t("health.error.rejected"));
            }
        }
        health(p, childId, errors, values, 400);
    }

    // ------------------------------------------------------------------ messages

    private void inbox(Page p) throws IOException {
        int page = intParam(p.req.getParameter("page"), 0, 0, 10_000);
        Map<Long, String> names = new HashMap<>();
        own(p).forEach(c -> names.put(c.id(), c.givenName()));
        var inbox = messaging.inbox(p.principal, page, 20, false);
        List<Map<String, Object>> threads = new ArrayList<>();
        for (ThreadSummary s : inbox.threads()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("subject", s.subject() == null || s.subject().isBlank() ? p.t(s.sensitive() ? "inbox.sensitive" : "inbox.noSubject")
                    : s.subject());
            m.put("child", s.childId() == null ? "" : names.getOrDefault(s.childId(), ""));
            m.put("at", s.lastMessageAt() == null ? "" : Texts.dateTime(p.lang).format(s.lastMessageAt()));
            m.put("unread", s.unread());
            threads.add(m);
        }
        p.put("threads", threads).put("unreadThreads", inbox.unreadThreads()).put("more", inbox.more()).put("pageNo", page)
                .render(200, "messages", "messages.title");
    }

    private void thread(Page p, long threadId, Map<String, String> errors, int status) throws IOException {
        ThreadView view = messaging.thread(p.principal, threadId);
        ThreadSummary s = view.thread();
        List<Map<String, Object>> messages = new ArrayList<>();
        for (MessageView mv : view.messages()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", mv.id());
            m.put("sender", mv.ownMessage() ? p.t("thread.you") : mv.senderName() == null ? "" : mv.senderName());
            m.put("at", mv.sentAt() == null ? "" : Texts.dateTime(p.lang).format(mv.sentAt()));
            m.put("text", mv.text() == null ? p.t("thread.removed") : mv.text());
            m.put("writeTo", !mv.ownMessage() && "STAFF".equals(mv.senderKind()) && mv.senderAccountId() != null && s.childId() != null
                    ? "/messages/new?child=" + s.childId() + "&staff=" + mv.senderAccountId() + "&thread=" + threadId : "");
            messages.add(m);
        }
        p.put("thread", Map.of("id", s.id(), "subject", s.subject() == null ? p.t("inbox.noSubject") : s.subject(),
                "replyAllowed", s.replyAllowed()));
        p.put("messages", messages).put("errors", errors).put("warning", MessagingTexts.SENSITIVE_WARNING.get(p.lang));
        render(p, status, "thread", s.subject() == null ? p.t("inbox.noSubject") : s.subject());
    }

    private void reply(Page p, long threadId) throws IOException {
        Map<String, String> values = form(p, "text");
        if (values.get("text").isBlank() || values.get("text").length() > MessagingTexts.MAX_TEXT) {
            thread(p, threadId, Map.of("text", p.t("compose.error.text")), 400);
            return;
        }
        try {
            messaging.reply(p.principal, threadId, new NewMessage(null, null, values.get("text"), false, false, false, null, null, false));
        } catch (InvalidRequestException e) {
            thread(p, threadId, Map.of("text", p.t("compose.error.rejected")), 400);
            return;
        }
        redirect(p.resp, "/messages/" + threadId);
    }

    private void compose(Page p, Map<String, String> errors, Map<String, String> values, int status) throws IOException {
        List<ChildView> own = own(p);
        List<Map<String, Object>> kids = new ArrayList<>();
        own.forEach(c -> kids.add(childModel(c)));
        long chosen = longParam(values.getOrDefault("child", p.req.getParameter("child")), own.isEmpty() ? 0 : own.get(0).id());
        ChildView child = own.stream().filter(c -> c.id() == chosen).findFirst().orElse(own.isEmpty() ? null : own.get(0));
        if (child == null) {
            p.render(200, "no-children", "noChildren.title");
            return;
        }
        // the other guardians of the chosen child, each named explicitly (never added by default)
        List<Map<String, Object>> others = new ArrayList<>();
        for (ChildView.GuardianView g : child.guardians()) {
            if (p.principal.personId() == null || g.personId() != p.principal.personId()) {
                others.add(Map.of("id", g.personId(), "name", g.givenName() + " " + g.familyName(),
                        "checked", values.getOrDefault("also-" + g.personId(), "").equals("on")));
            }
        }
        // a staff member: the one who wrote in a thread the guardian opened
        String staffId = values.getOrDefault("staff", Optional.ofNullable(p.req.getParameter("staff")).orElse(""));
        String staffName = "";
        String threadParam = values.getOrDefault("thread", Optional.ofNullable(p.req.getParameter("thread")).orElse(""));
        if (staffId.matches("\\d{1,18}") && threadParam.matches("\\d{1,18}")) {
            for (MessageView mv : messaging.thread(p.principal, Long.parseLong(threadParam)).messages()) {
                if (mv.senderAccountId() != null && mv.senderAccountId() == Long.parseLong(staffId) && "STAFF".equals(mv.senderKind())) {
                    staffName = mv.senderName() == null ? "" : mv.senderName();
                }
            }
        }
        if (staffName.isEmpty()) {
            staffId = "";
            threadParam = "";
        }
        p.put("kids", kids).put("chosenChild", child.id()).put("others", others).put("staffId", staffId).put("staffName", staffName)
                .put("threadParam", threadParam).put("recipient", values.getOrDefault("recipient", staffId.isEmpty() ? "group" : "staff"))
                .put("warning", MessagingTexts.SENSITIVE_WARNING.get(p.lang)).put("errors", errors).put("values", values)
                .put("maxSubject", MessagingTexts.MAX_SUBJECT).put("maxText", MessagingTexts.MAX_TEXT)
                .render(status, "compose", "compose.title");
    }

    private void send(Page p) throws IOException {
        Map<String, String> values = form(p, "child", "recipient", "staff", "thread", "subject", "text");
        p.req.getParameterMap().keySet().stream().filter(k -> k.matches("also-\\d{1,18}"))
                .forEach(k -> values.put(k, "on"));
        Map<String, String> errors = new LinkedHashMap<>();
        if (!values.get("child").matches("\\d{1,18}")) {
            errors.put("child", p.t("compose.error.child"));
        }
        if (values.get("subject").length() > MessagingTexts.MAX_SUBJECT) {
            errors.put("subject", p.t("compose.error.subject"));
        }
        if (values.get("text").isBlank() || values.get("text").length() > MessagingTexts.MAX_TEXT) {
            errors.put("text", p.t("compose.error.text"));
        }
        boolean toStaff = "staff".equals(values.get("recipient")) && values.get("staff").matches("\\d{1,18}");
        if (errors.isEmpty()) {
            long childId = Long.parseLong(values.get("child"));
            ChildView child = ownChild(p, childId);
            List<Long> also = new ArrayList<>();
            for (ChildView.GuardianView g : child.guardians()) {
                if (values.containsKey("also-" + g.personId())) {
                    also.add(g.personId());
                }
            }
            Recipients to = new Recipients(null, null, null, toStaff ? List.of(Long.parseLong(values.get("staff"))) : null, childId, also);
            try {
                Sent sent = messaging.send(p.principal, new NewMessage(to, values.get("subject").isBlank() ? null : values.get("subject").strip(),
                        values.get("text"), false, false, false, null, null, false));
                redirect(p.resp, sent.threadIds().isEmpty() ? "/messages" : "/messages/" + sent.threadIds().get(0));
                return;
            } catch (InvalidRequestException e) {
                errors.put("text", p.t("compose.error.rejected"));
            }
        }
        compose(p, errors, values, 400);
    }

    // ------------------------------------------------------------------ helpers

    static void notFound(Page p) throws IOException {
        p.render(404, "not-found", "notFound.title");
    }

    static String stepUpLink(String path) {
        return "/api/v1/auth/idporten/login?level=high&returnTo=" + path;
    }

    static Map<String, String> form(Page p, String... names) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            String v = p.req.getParameter(n);
            m.put(n, v == null ? "" : v.replace("\r\n", "\n"));
        }
        return m;
    }

    static LocalDate date(String value, String field, Map<String, String> errors, Page p) {
        if (value == null || value.isBlank()) {
            errors.put(field, p.t("absence.error.date"));
            return null;
        }
        try {
            String v = value.strip();
            // dd.mm.yyyy as Norwegians write it, or ISO
            return v.matches("\\d{1,2}\\.\\d{1,2}\\.\\d{4}") ? LocalDate.parse(v, java.time.format.DateTimeFormatter.ofPattern("d.M.uuuu"))
                    : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            errors.put(field, p.t("absence.error.date"));
            return null;
        }
    }

    static LocalTime time(String value, String field, Map<String, String> errors, Page p) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String v = value.strip().replace('.', ':');
            return LocalTime.parse(v.length() == 4 ? "0" + v : v);
        } catch (DateTimeParseException e) {
            errors.put(field, p.t("absence.error.time"));
            return null;
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static int intParam(String v, int dflt, int min, int max) {
        try {
            return v == null ? dflt : Math.max(min, Math.min(max, Integer.parseInt(v)));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    static long longParam(String v, long dflt) {
        return v != null && v.matches("\\d{1,18}") ? Long.parseLong(v) : dflt;
    }

    static void securityHeaders(HttpServletResponse resp) {
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "same-origin");
        resp.setHeader("Cache-Control", "no-store");
    }

    static void redirect(HttpServletResponse resp, String location) {
        resp.setStatus(303);
        resp.setHeader("Location", location);
    }

    static void simple(HttpServletResponse resp, int status, String text) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String language(HttpServletRequest req) {
        if (req.getCookies() != null) {
            for (Cookie c : req.getCookies()) {
                if (LANGUAGE_COOKIE.equals(c.getName()) && Texts.language(c.getValue()) != null) {
                    return c.getValue();
                }
            }
        }
        return Texts.DEFAULT;
    }

    private static String sessionToken(HttpServletRequest req) {
        if (req.getCookies() != null) {
            for (Cookie c : req.getCookies()) {
                if (BrowserSessions.SESSION_COOKIE.equals(c.getName()) && c.getValue() != null && !c.getValue().isBlank()
                        && c.getValue().length() <= 200) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    /** A change comes from this server's own pages: its Origin (or else its Referer) names this host. */
    static boolean sameOrigin(HttpServletRequest req) {
        String origin = req.getHeader("Origin");
        String source = origin != null && !"null".equals(origin) ? origin : req.getHeader("Referer");
        if (source == null) {
            return false;
        }
        try {
            URI u = URI.create(source);
            String host = req.getServerName();
            return u.getHost() != null && u.getHost().equalsIgnoreCase(host) && u.getPort() == req.getServerPort()
                    || u.getHost() != null && u.getHost().equalsIgnoreCase(host) && u.getPort() == -1
                    && (req.getServerPort() == 80 || req.getServerPort() == 443);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Like the REST server's rule: a password over HTTPS or from the machine itself only. */
    static boolean credentialsMayTravel(HttpServletRequest req) {
        if (req.isSecure()) {
            return true;
        }
        String address = req.getRemoteAddr();
        // Jetty gives an IPv6 client as [::1]
        if (address != null && address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (address == null || !address.matches("[0-9a-fA-F:.%]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void stylesheet(String path, String method, HttpServletResponse resp) throws IOException {
        if (!"/static/portal.css".equals(path) || !("GET".equals(method) || "HEAD".equals(method))) {
            simple(resp, 404, "Not found");
            return;
        }
        try (InputStream in = PortalServlet.class.getResourceAsStream("/web/static/portal.css")) {
            resp.setStatus(200);
            resp.setContentType("text/css;charset=UTF-8");
            resp.setHeader("Cache-Control", "max-age=300");
            resp.getOutputStream().write(in.readAllBytes());
        }
    }
}
