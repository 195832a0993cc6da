package no.ranselpost.web.internal;

import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.absence.api.AbsenceReport;
import no.ranselpost.absence.api.AbsenceService;
import no.ranselpost.absence.api.DayOverview;
import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.attendance.api.Arrival;
import no.ranselpost.attendance.api.AttendanceService;
import no.ranselpost.attendance.api.ChildDay;
import no.ranselpost.attendance.api.HeadCount;
import no.ranselpost.core.api.AccessRequestService;
import no.ranselpost.core.api.AccessRequestService.AccessRequest;
import no.ranselpost.core.api.ChildService;
import no.ranselpost.core.api.ChildView;
import no.ranselpost.core.api.ConflictException;
import no.ranselpost.core.api.Group;
import no.ranselpost.core.api.GuardianAccountService;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitService;
import no.ranselpost.core.api.identity.AccessReviews;
import no.ranselpost.core.api.identity.AccountActivation;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticationException;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.identity.StaffAdministration;
import no.ranselpost.core.api.identity.TooManyAttemptsException;
import no.ranselpost.messaging.api.InboxPage;
import no.ranselpost.messaging.api.MessageView;
import no.ranselpost.messaging.api.MessagingService;
import no.ranselpost.messaging.api.MessagingTexts;
import no.ranselpost.messaging.api.NewMessage;
import no.ranselpost.messaging.api.Preflight;
import no.ranselpost.messaging.api.Recipients;
import no.ranselpost.messaging.api.Sent;
import no.ranselpost.messaging.api.ThreadSummary;
import no.ranselpost.messaging.api.ThreadView;
import no.ranselpost.web.internal.PortalServlet.Page;

/**
 * The staff portal under {@code /staff} (issue 29): my groups and their children, the group inbox and writing to
 * families or a group (preflight, pupil-name confirmation), today's absences, the check-in tablet, head count and sleep
 * list, and the unit admin's routines (staff and shared accounts, access requests, the blocklist, the monthly access
 * review). Like the guardians' pages, every page asks the services the REST resources ask with the acting principal, so
 * the access bundle decides: a page whose service refuses is the refusal page (403), never a page of its own rules.
 * The account activation page ({@code /activate}) is here too: it needs no session, only the one-time code.
 */
@Component(service = StaffPages.class)
public class StaffPages {

    private static final String ID = "(\\d{1,18})";
    private static final Pattern GROUP = Pattern.compile("/staff/groups/" + ID + "(/[a-z-]+)?");
    private static final Pattern GROUP_CHILD_ACTION = Pattern.compile("/staff/groups/" + ID + "/(tablet|sleep)/" + ID
            + "/(check-in|check-out|sleep-start|sleep-end)");
    private static final Pattern CHILD = Pattern.compile("/staff/children/" + ID + "(/[a-z-]+)?");
    private static final Pattern THREAD = Pattern.compile("/staff/threads/" + ID + "(/reply)?");
    private static final Pattern UNIT = Pattern.compile("/staff/units/" + ID + "(/[a-z-]+)?(/[a-z-]+)?");
    private static final Pattern REQUEST = Pattern.compile("/staff/access-requests/" + ID + "/(activate|decline)");
    private static final Pattern ACCOUNT = Pattern.compile("/staff/units/" + ID + "/staff/" + ID + "/(disable|enable|reset)");

    /** Reason codes the pages offer (audit codes: a-z, 0-9 and '-'). */
    static final List<String> DECLINE_REASONS = List.of("no-responsibility", "asked-custodians");
    static final List<String> BLOCK_REASONS = List.of("court-order", "safety");
    static final List<Role> UNIT_STAFF_ROLES = List.of(Role.LEADER, Role.EMPLOYEE, Role.SUBSTITUTE, Role.SHARED_ACCOUNT);

    @Reference
    private ChildService children;
    @Reference
    private UnitService units;
    @Reference
    private MessagingService messaging;
    @Reference
    private AbsenceService absence;
    @Reference
    private AttendanceService attendance;
    @Reference
    private StaffAdministration staffAdmin;
    @Reference
    private AccessRequestService requests;
    @Reference
    private GuardianAccountService guardians;
    @Reference
    private AccessReviews reviews;
    @Reference
    private AccountActivation activation;

    // ------------------------------------------------------------------ navigation and routing

    /** The staff menu: my groups; a shared account its tablet; a unit admin each unit's administration. */
    static List<Map<String, String>> navigation(AuthenticatedPrincipal principal) {
        List<Map<String, String>> nav = new ArrayList<>();
        Long tablet = sharedGroup(principal);
        if (tablet != null) {
            nav.add(Map.of("href", "/staff/groups/" + tablet + "/tablet", "key", "staff.nav.tablet"));
            return nav;
        }
        nav.add(Map.of("href", "/staff", "key", "staff.nav.groups"));
        for (Long unit : adminUnits(principal)) {
            nav.add(Map.of("href", "/staff/units/" + unit, "key", "staff.nav.admin"));
        }
        return nav;
    }

    /** The department a shared account belongs to (its one SHARED_ACCOUNT grant), else null. */
    static Long sharedGroup(AuthenticatedPrincipal principal) {
        return principal.grants().stream().filter(g -> g.role() == Role.SHARED_ACCOUNT && g.groupId() != null).map(RoleGrant::groupId)
                .findFirst().orElse(null);
    }

    /** The units where the principal is unit admin. */
    static Set<Long> adminUnits(AuthenticatedPrincipal principal) {
        Set<Long> out = new LinkedHashSet<>();
        principal.grants().stream().filter(g -> g.role() == Role.UNIT_ADMIN && g.unitId() != null).forEach(g -> out.add(g.unitId()));
        return out;
    }

    void route(Page p, String method, String path) throws IOException {
        if ("POST".equals(method)) {
            post(p, path);
            return;
        }
        Matcher m;
        if (path.equals("/staff") || path.equals("/staff/")) {
            Long tablet = sharedGroup(p.principal);
            if (tablet != null) {
                PortalServlet.redirect(p.resp, "/staff/groups/" + tablet + "/tablet");
            } else {
                home(p);
            }
        } else if ((m = GROUP.matcher(path)).matches()) {
            long g = Long.parseLong(m.group(1));
            String sub = m.group(2) == null ? "" : m.group(2);
            switch (sub) {
                case "" -> group(p, g);
                case "/inbox" -> inbox(p, g);
                case "/write" -> compose(p, g, Map.of(), Map.of(), 200);
                case "/absences" -> absences(p, g);
                case "/tablet" -> tablet(p, g, Map.of(), 200);
                case "/sleep" -> sleep(p, g);
                default -> PortalServlet.notFound(p);
            }
        } else if ((m = CHILD.matcher(path)).matches() && m.group(2) == null) {
            child(p, Long.parseLong(m.group(1)));
        } else if ((m = THREAD.matcher(path)).matches() && m.group(2) == null) {
            thread(p, Long.parseLong(m.group(1)), Map.of(), 200);
        } else if ((m = UNIT.matcher(path)).matches() && m.group(3) == null) {
            long u = Long.parseLong(m.group(1));
            String sub = m.group(2) == null ? "" : m.group(2);
            switch (sub) {
                case "" -> unit(p, u);
                case "/staff" -> staffAccounts(p, u, Map.of(), Map.of(), null, 200);
                case "/access-requests" -> accessRequests(p, u);
                case "/blocklist" -> blocklist(p, u);
                case "/review" -> review(p, u);
                default -> PortalServlet.notFound(p);
            }
        } else {
            PortalServlet.notFound(p);
        }
    }

    private void post(Page p, String path) throws IOException {
        Matcher m;
        if ((m = GROUP_CHILD_ACTION.matcher(path)).matches()) {
            register(p, Long.parseLong(m.group(1)), m.group(2), Long.parseLong(m.group(3)), m.group(4));
        } else if ((m = GROUP.matcher(path)).matches() && "/preflight".equals(m.group(2))) {
            preflight(p, Long.parseLong(m.group(1)));
        } else if ((m = GROUP.matcher(path)).matches() && "/send".equals(m.group(2))) {
            send(p, Long.parseLong(m.group(1)));
        } else if ((m = THREAD.matcher(path)).matches() && m.group(2) != null) {
            reply(p, Long.parseLong(m.group(1)));
        } else if ((m = CHILD.matcher(path)).matches() && m.group(2) != null) {
            guardianAction(p, Long.parseLong(m.group(1)), m.group(2).substring(1));
        } else if ((m = REQUEST.matcher(path)).matches()) {
            answerRequest(p, Long.parseLong(m.group(1)), m.group(2));
        } else if ((m = ACCOUNT.matcher(path)).matches()) {
            accountAction(p, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3));
        } else if ((m = UNIT.matcher(path)).matches() && "/staff".equals(m.group(2)) && m.group(3) == null) {
            createAccount(p, Long.parseLong(m.group(1)));
        } else if ((m = UNIT.matcher(path)).matches() && "/review".equals(m.group(2)) && "/sign-off".equals(m.group(3))) {
            long u = Long.parseLong(m.group(1));
            reviews.signOff(p.principal, u);
            PortalServlet.redirect(p.resp, "/staff/units/" + u + "/review?done=signed-off");
        } else {
            PortalServlet.notFound(p);
        }
    }

    // ------------------------------------------------------------------ my groups and their children

    /** The groups the principal works in: a group grant names it; a unit-wide grant gives the unit's groups. */
    private List<Map<String, Object>> myGroups(Page p) {
        Map<Long, Map<String, Object>> out = new LinkedHashMap<>();
        Set<Long> groupIds = new LinkedHashSet<>();
        Set<Long> wholeUnits = new LinkedHashSet<>();
        Set<Long> unitIds = new LinkedHashSet<>();
        LocalDate today = LocalDate.now(Texts.OSLO);
        for (RoleGrant g : p.principal.grants()) {
            if (g.unitId() == null || !g.isValidOn(today)) {
                continue;
            }
            unitIds.add(g.unitId());
            if (g.groupId() != null) {
                groupIds.add(g.groupId());
            } else if (g.role() == Role.UNIT_ADMIN) {
                wholeUnits.add(g.unitId());
            }
        }
        for (long unitId : unitIds) {
            String unitName;
            List<Group> groups;
            try {
                unitName = units.unit(p.principal, unitId).name();
                groups = units.listGroups(p.principal, unitId);
            } catch (AccessDeniedException | NoSuchObjectException e) {
                continue;
            }
            for (Group g : groups) {
                if (groupIds.contains(g.id()) || wholeUnits.contains(unitId)) {
                    out.put(g.id(), Map.of("id", g.id(), "name", g.name(), "unitId", unitId, "unitName", unitName));
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    private String groupName(Page p, long groupId) {
        return myGroups(p).stream().filter(g -> ((Long) g.get("id")) == groupId).map(g -> (String) g.get("name")).findFirst()
                .orElse(p.t("staff.group.title"));
    }

    private void home(Page p) throws IOException {
        List<Map<String, Object>> adminUnits = new ArrayList<>();
        for (Long u : adminUnits(p.principal)) {
            try {
                adminUnits.add(Map.of("id", u, "name", units.unit(p.principal, u).name()));
            } catch (AccessDeniedException | NoSuchObjectException e) {
                // a unit admin grant of a unit gone: nothing to show
            }
        }
        p.put("groups", myGroups(p)).put("adminUnits", adminUnits).render(200, "staff-home", "staff.home.title");
    }

    private static String name(String given, String family) {
        return (given == null ? "" : given) + (family == null ? "" : " " + family);
    }

    private static String address(ChildView.Address a) {
        return a == null ? "" : String.join(", ", List.of(nz(a.street()), (nz(a.postalCode()) + " " + nz(a.postalPlace())).strip()))
                .replaceAll("^, |, $", "");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** One guardian as the reader may see them: every field the view leaves null stays off the page. */
    private static Map<String, Object> guardianModel(Page p, ChildView.GuardianView g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.personId());
        m.put("name", name(g.givenName(), g.familyName()));
        m.put("relation", g.relation() == null ? "" : p.t("staff.relation." + g.relation().name()));
        m.put("email", nz(g.email()));
        m.put("mobile", nz(g.mobile()));
        m.put("address", address(g.address()));
        m.put("protected", Boolean.TRUE.equals(g.protectedPerson()));
        m.put("state", g.accountState() == null ? "" : g.accountState().name());
        m.put("stateLabel", g.accountState() == null ? "" : p.t("staff.account." + g.accountState().name()));
        m.put("blocked", Boolean.TRUE.equals(g.blocked()));
        m.put("blockKnown", g.blocked() != null);
        return m;
    }

    private static Map<String, Object> childModel(Page p, ChildView c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", name(c.givenName(), c.familyName()));
        m.put("givenName", nz(c.givenName()));
        m.put("birthDate", c.birthDate() == null ? "" : Texts.date(p.lang).format(c.birthDate()));
        m.put("address", address(c.address()));
        m.put("protected", Boolean.TRUE.equals(c.protectedPerson()));
        List<Map<String, Object>> gs = new ArrayList<>();
        if (c.guardians() != null) {
            c.guardians().forEach(g -> gs.add(guardianModel(p, g)));
        }
        m.put("guardians", gs);
        return m;
    }

    private void group(Page p, long groupId) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ChildView c : children.childrenOfGroup(p.principal, groupId)) {
            list.add(childModel(p, c));
        }
        p.put("children", list).put("groupId", groupId).put("shared", sharedGroup(p.principal) != null)
                .renderTitled(200, "staff-group", groupName(p, groupId));
    }

    private void child(Page p, long childId) throws IOException {
        ChildView c = children.child(p.principal, childId, null);
        Map<String, Object> child = childModel(p, c);
        List<Map<String, Object>> places = new ArrayList<>();
        boolean admin = false;
        for (ChildView.Placement pl : c.placements()) {
            places.add(Map.of("unit", nz(pl.unitName()), "group", nz(pl.groupName()), "groupId", pl.groupId() == null ? "" : pl.groupId().toString()));
            admin |= adminUnits(p.principal).contains(pl.unitId());
        }
        p.put("child", child).put("placements", places).put("admin", admin).put("blockReasons", reasonModel(p, BLOCK_REASONS, "staff.block.reason."))
                .put("done", done(p)).renderTitled(200, "staff-child", name(c.givenName(), c.familyName()));
    }

    /** The unit admin's actions on a guardian of a child (block, unblock, activate, deactivate), then back to the child. */
    private void guardianAction(Page p, long childId, String action) throws IOException {
        String guardian = p.req.getParameter("guardian");
        if (guardian == null || !guardian.matches("\\d{1,18}")) {
            PortalServlet.notFound(p);
            return;
        }
        long personId = Long.parseLong(guardian);
        ChildView c = children.child(p.principal, childId, null);
        if (c.guardians() == null || c.guardians().stream().noneMatch(g -> g.personId() == personId)) {
            PortalServlet.notFound(p);
            return;
        }
        Long unitId = c.placements().stream().map(ChildView.Placement::unitId).filter(adminUnits(p.principal)::contains).findFirst().orElse(null);
        switch (action) {
            case "block" -> {
                String reason = p.req.getParameter("reason");
                if (reason == null || !BLOCK_REASONS.contains(reason)) {
                    PortalServlet.redirect(p.resp, "/staff/children/" + childId + "?done=choose-reason");
                    return;
                }
                guardians.block(p.principal, personId, childId, reason);
            }
            case "unblock" -> guardians.unblock(p.principal, personId, childId);
            case "activate" -> guardians.activate(p.principal, personId, unitId, true);
            case "deactivate" -> guardians.deactivate(p.principal, personId, unitId);
            default -> {
                PortalServlet.notFound(p);
                return;
            }
        }
        PortalServlet.redirect(p.resp, "/staff/children/" + childId + "?done=" + action);
    }

    private String done(Page p) {
        String d = p.req.getParameter("done");
        return d != null && d.matches("[a-z-]{1,20}") ? p.t("staff.done." + d) : "";
    }

    private static List<Map<String, String>> reasonModel(Page p, List<String> codes, String prefix) {
        List<Map<String, String>> out = new ArrayList<>();
        codes.forEach(c -> out.add(Map.of("code", c, "label", p.t(prefix + c))));
        return out;
    }

    // ------------------------------------------------------------------ messages

    private void inbox(Page p, long groupId) throws IOException {
        int page = PortalServlet.intParam(p.req.getParameter("page"), 0, 0, 10_000);
        InboxPage inbox = messaging.groupInbox(p.principal, groupId, page, 20);
        Map<Long, String> names = new LinkedHashMap<>();
        List<Map<String, Object>> threads = new ArrayList<>();
        for (ThreadSummary s : inbox.threads()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("subject", s.subject() == null || s.subject().isBlank() ? p.t(s.sensitive() ? "inbox.sensitive" : "inbox.noSubject")
                    : s.subject());
            m.put("at", s.lastMessageAt() == null ? "" : Texts.dateTime(p.lang).format(s.lastMessageAt()));
            m.put("unread", s.unread());
            threads.add(m);
        }
        p.put("threads", threads).put("groupId", groupId).put("more", inbox.more()).put("pageNo", page).put("names", names)
                .renderTitled(200, "staff-inbox", p.t("staff.inbox.title") + " – " + groupName(p, groupId));
    }

    private void thread(Page p, long threadId, Map<String, String> errors, int status) throws IOException {
        ThreadView view = messaging.thread(p.principal, threadId);
        ThreadSummary s = view.thread();
        List<Map<String, Object>> messages = new ArrayList<>();
        for (MessageView mv : view.messages()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sender", mv.ownMessage() ? p.t("thread.you") : mv.senderName() == null ? "" : mv.senderName());
            m.put("at", mv.sentAt() == null ? "" : Texts.dateTime(p.lang).format(mv.sentAt()));
            m.put("text", mv.text() == null ? p.t("thread.removed") : mv.text());
            messages.add(m);
        }
        String subject = s.subject() == null || s.subject().isBlank() ? p.t("inbox.noSubject") : s.subject();
        p.put("thread", Map.of("id", s.id(), "replyAllowed", s.replyAllowed(), "groupId", s.groupId() == null ? "" : s.groupId().toString()));
        p.put("messages", messages).put("errors", errors).put("warning", MessagingTexts.SENSITIVE_WARNING.get(p.lang))
                .renderTitled(status, "staff-thread", subject);
    }

    private void reply(Page p, long threadId) throws IOException {
        Map<String, String> values = PortalServlet.form(p, "text");
        if (values.get("text").isBlank() || values.get("text").length() > MessagingTexts.MAX_TEXT) {
            thread(p, threadId, Map.of("text", p.t("compose.error.text")), 400);
            return;
        }
        try {
            messaging.reply(p.principal, threadId, new NewMessage(null, null, values.get("text"), false, false, false, null, null, false));
        } catch (InvalidRequestException | ConflictException e) {
            thread(p, threadId, Map.of("text", p.t("compose.error.rejected")), 400);
            return;
        }
        PortalServlet.redirect(p.resp, "/staff/threads/" + threadId);
    }

    /** What the compose form posted: the recipients (the whole group, or some of its families), subject, text, announcement. */
    private Map<String, String> composeValues(Page p) {
        Map<String, String> values = PortalServlet.form(p, "recipient", "subject", "text", "announcement");
        p.req.getParameterMap().keySet().stream().filter(k -> k.matches("family-\\d{1,18}")).forEach(k -> values.put(k, "on"));
        return values;
    }

    private Map<String, String> composeErrors(Page p, Map<String, String> values) {
        Map<String, String> errors = new LinkedHashMap<>();
        boolean families = "families".equals(values.get("recipient"));
        if (families && values.keySet().stream().noneMatch(k -> k.startsWith("family-"))) {
            errors.put("recipient", p.t("staff.compose.error.families"));
        }
        if (values.get("subject").length() > MessagingTexts.MAX_SUBJECT) {
            errors.put("subject", p.t("compose.error.subject"));
        }
        if (values.get("text").isBlank() || values.get("text").length() > MessagingTexts.MAX_TEXT) {
            errors.put("text", p.t("compose.error.text"));
        }
        return errors;
    }

    private NewMessage message(long groupId, Map<String, String> values, String token, boolean confirm) {
        Recipients to;
        if ("families".equals(values.get("recipient"))) {
            List<Recipients.Family> families = new ArrayList<>();
            values.keySet().stream().filter(k -> k.startsWith("family-"))
                    .forEach(k -> families.add(new Recipients.Family(Long.parseLong(k.substring("family-".length())), List.of())));
            to = new Recipients(families, null, null, null, null, null);
        } else {
            to = Recipients.group(groupId);
        }
        String subject = values.get("subject").isBlank() ? null : values.get("subject").strip();
        return new NewMessage(to, subject, values.get("text"), "on".equals(values.get("announcement")), false, false, null, token, confirm);
    }

    private void compose(Page p, long groupId, Map<String, String> errors, Map<String, String> values, int status) throws IOException {
        List<Map<String, Object>> kids = new ArrayList<>();
        for (ChildView c : children.childrenOfGroup(p.principal, groupId)) {
            kids.add(Map.of("id", c.id(), "name", name(c.givenName(), c.familyName()), "checked", values.containsKey("family-" + c.id())));
        }
        p.put("kids", kids).put("groupId", groupId).put("errors", errors).put("values", values)
                .put("recipient", values.getOrDefault("recipient", "group"))
                .put("warning", MessagingTexts.SENSITIVE_WARNING.get(p.lang))
                .renderTitled(status, "staff-compose", p.t("staff.compose.title") + " – " + groupName(p, groupId));
    }

    private void preflight(Page p, long groupId) throws IOException {
        Map<String, String> values = composeValues(p);
        Map<String, String> errors = composeErrors(p, values);
        if (!errors.isEmpty()) {
            compose(p, groupId, errors, values, 400);
            return;
        }
        Preflight pre;
        try {
            pre = messaging.preflight(p.principal, message(groupId, values, null, false));
        } catch (InvalidRequestException e) {
            compose(p, groupId, Map.of("text", p.t("compose.error.rejected")), values, 400);
            return;
        }
        preflightPage(p, groupId, values, pre, Map.of(), 200);
    }

    private void preflightPage(Page p, long groupId, Map<String, String> values, Preflight pre, Map<String, String> errors, int status)
            throws IOException {
        List<Map<String, String>> hidden = new ArrayList<>();
        values.forEach((k, v) -> hidden.add(Map.of("name", k, "value", v)));
        p.put("pre", Map.of("families", pre.families(), "guardians", pre.guardians(), "staff", pre.staff(), "namesChild", pre.namesChild(),
                        "token", pre.token() == null ? "" : pre.token(), "notNotifiable", pre.notNotifiable() == null ? -1 : pre.notNotifiable()))
                .put("hidden", hidden).put("values", values).put("groupId", groupId).put("errors", errors)
                .renderTitled(status, "staff-preflight", p.t("staff.preflight.title"));
    }

    private void send(Page p, long groupId) throws IOException {
        Map<String, String> values = composeValues(p);
        Map<String, String> errors = composeErrors(p, values);
        if (!errors.isEmpty()) {
            compose(p, groupId, errors, values, 400);
            return;
        }
        String token = PortalServlet.blankToNull(p.req.getParameter("preflight"));
        boolean confirm = "on".equals(p.req.getParameter("confirmNamedChild"));
        try {
            Sent sent = messaging.send(p.principal, message(groupId, values, token, confirm));
            PortalServlet.redirect(p.resp, "/staff/groups/" + groupId + "/inbox?sent=" + sent.families());
            return;
        } catch (InvalidRequestException | ConflictException e) {
            // the recipients changed since the preflight, or the pupil-name confirmation is missing: a fresh preflight
            Preflight pre;
            try {
                pre = messaging.preflight(p.principal, message(groupId, values, null, false));
            } catch (InvalidRequestException again) {
                compose(p, groupId, Map.of("text", p.t("compose.error.rejected")), values, 400);
                return;
            }
            String key = pre.namesChild() && !confirm ? "staff.preflight.error.confirm" : "staff.preflight.error.changed";
            preflightPage(p, groupId, values, pre, Map.of("confirmNamedChild", p.t(key)), 400);
        }
    }

    // ------------------------------------------------------------------ the day: absences, tablet, sleep

    private void absences(Page p, long groupId) throws IOException {
        LocalDate today = LocalDate.now(Texts.OSLO);
        DayOverview day = absence.groupDay(p.principal, groupId, today);
        List<Map<String, Object>> away = new ArrayList<>();
        for (DayOverview.Entry e : day.absent()) {
            AbsenceReport r = e.report();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name(e.givenName(), e.familyName()));
            m.put("kind", r == null || r.kind() == null ? "" : r.kind().label(p.lang));
            m.put("period", r == null ? "" : Texts.date(p.lang).format(r.fromDate())
                    + (r.toDate() != null && !r.toDate().equals(r.fromDate()) ? " – " + Texts.date(p.lang).format(r.toDate()) : ""));
            m.put("times", r == null || r.fromTime() == null ? "" : Texts.time().format(r.fromTime()) + "–" + Texts.time().format(r.toTime()));
            m.put("text", r == null || r.text() == null ? "" : r.text());
            away.add(m);
        }
        p.put("away", away).put("enrolled", day.enrolled()).put("groupId", groupId).put("date", Texts.date(p.lang).format(today))
                .renderTitled(200, "staff-absences", p.t("staff.absences.title") + " – " + groupName(p, groupId));
    }

    private Map<String, Object> dayModel(Page p, ChildDay d, ChildView view) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.childId());
        m.put("name", name(d.givenName(), d.familyName()));
        m.put("state", d.state());
        m.put("stateLabel", p.t("staff.day." + d.state()));
        m.put("in", d.checkedInAt() == null ? "" : Texts.time().format(d.checkedInAt()));
        m.put("out", d.checkedOutAt() == null ? "" : Texts.time().format(d.checkedOutAt()));
        m.put("sleepStart", d.sleepStart() == null ? "" : Texts.time().format(d.sleepStart()));
        m.put("sleepEnd", d.sleepEnd() == null ? "" : Texts.time().format(d.sleepEnd()));
        m.put("notes", d.pickupNotes() == null ? List.of() : d.pickupNotes());
        List<Map<String, Object>> gs = new ArrayList<>();
        if (view != null && view.guardians() != null) {
            view.guardians().forEach(g -> gs.add(Map.of("id", g.personId(), "name", name(g.givenName(), g.familyName()))));
        }
        m.put("guardians", gs);
        return m;
    }

    private void tablet(Page p, long groupId, Map<String, String> errors, int status) throws IOException {
        HeadCount count = attendance.headCount(p.principal, groupId);
        Map<Long, ChildView> views = new LinkedHashMap<>();
        children.childrenOfGroup(p.principal, groupId).forEach(c -> views.put(c.id(), c));
        List<Map<String, Object>> list = new ArrayList<>();
        for (ChildDay d : count.children()) {
            list.add(dayModel(p, d, views.get(d.childId())));
        }
        p.put("kids", list).put("groupId", groupId).put("enrolled", count.enrolled()).put("present", count.present()).put("absent", count.absent())
                .put("errors", errors).put("done", done(p))
                .renderTitled(status, "staff-tablet", p.t("staff.tablet.title") + " – " + groupName(p, groupId));
    }

    private void sleep(Page p, long groupId) throws IOException {
        List<Map<String, Object>> sleeping = new ArrayList<>();
        for (ChildDay d : attendance.sleepList(p.principal, groupId)) {
            sleeping.add(dayModel(p, d, null));
        }
        List<Map<String, Object>> present = new ArrayList<>();
        for (ChildDay d : attendance.headCount(p.principal, groupId).children()) {
            if ("PRESENT".equals(d.state())) {
                present.add(dayModel(p, d, null));
            }
        }
        p.put("sleeping", sleeping).put("kids", present).put("groupId", groupId).put("done", done(p))
                .renderTitled(200, "staff-sleep", p.t("staff.sleep.title") + " – " + groupName(p, groupId));
    }

    /** Check-in, check-out (with who brought or fetched the child), sleep start and end: the tablet's and the sleep list's buttons. */
    private void register(Page p, long groupId, String page, long childId, String action) throws IOException {
        boolean inGroup = attendance.headCount(p.principal, groupId).children().stream().anyMatch(d -> d.childId() == childId);
        if (!inGroup) {
            PortalServlet.notFound(p);
            return;
        }
        try {
            switch (action) {
                case "check-in", "check-out" -> {
                    String other = PortalServlet.blankToNull(p.req.getParameter("other"));
                    String who = p.req.getParameter("who");
                    Arrival a;
                    if (other != null) {
                        if (other.length() > 100) {
                            tablet(p, groupId, Map.of("other-" + childId, p.t("staff.tablet.error.who")), 400);
                            return;
                        }
                        a = new Arrival(null, other);
                    } else if (who != null && who.matches("\\d{1,18}")) {
                        a = new Arrival(Long.parseLong(who), null);
                    } else {
                        tablet(p, groupId, Map.of("who-" + childId, p.t("staff.tablet.error.who")), 400);
                        return;
                    }
                    if ("check-in".equals(action)) {
                        attendance.checkIn(p.principal, childId, a);
                    } else {
                        attendance.checkOut(p.principal, childId, a);
                    }
                }
                case "sleep-start" -> attendance.sleepStart(p.principal, childId);
                case "sleep-end" -> attendance.sleepEnd(p.principal, childId);
                default -> {
                    PortalServlet.notFound(p);
                    return;
                }
            }
        } catch (InvalidRequestException e) {
            if ("tablet".equals(page)) {
                tablet(p, groupId, Map.of("who-" + childId, p.t("staff.tablet.error.rejected")), 400);
            } else {
                PortalServlet.redirect(p.resp, "/staff/groups/" + groupId + "/sleep?done=rejected");
            }
            return;
        }
        PortalServlet.redirect(p.resp, "/staff/groups/" + groupId + "/" + page + "?done=" + action + "#child-" + childId);
    }

    // ------------------------------------------------------------------ the unit admin's routines

    private String unitName(Page p, long unitId) {
        return units.unit(p.principal, unitId).name();
    }

    private void unit(Page p, long unitId) throws IOException {
        // the page of a unit's administration: the review's read decides whether it is the principal's
        AccessReviews.Review r = reviews.review(p.principal, unitId);
        p.put("unitId", unitId).put("pending", r.pendingAccessRequests()).put("flags", r.flagCount()).put("signedOff", r.signedOff())
                .put("overdue", r.overdue()).renderTitled(200, "staff-unit", unitName(p, unitId));
    }

    private void staffAccounts(Page p, long unitId, Map<String, String> errors, Map<String, String> values,
                               StaffAdministration.ActivationCode code, int status) throws IOException {
        List<StaffAdministration.StaffAccount> list = staffAdmin.list(p.principal, unitId);
        Map<Long, String> groupNames = new LinkedHashMap<>();
        units.listGroups(p.principal, unitId).forEach(g -> groupNames.put(g.id(), g.name()));
        List<Map<String, Object>> accounts = new ArrayList<>();
        for (StaffAdministration.StaffAccount a : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.accountId());
            m.put("username", a.username());
            m.put("displayName", nz(a.displayName()));
            m.put("state", a.state());
            m.put("stateLabel", p.t("staff.accounts.state." + a.state()));
            m.put("disabled", "DISABLED".equals(a.state()));
            List<String> roles = new ArrayList<>();
            boolean shared = false;
            for (StaffAdministration.Grant g : a.grants()) {
                shared |= g.role() == Role.SHARED_ACCOUNT;
                roles.add(p.t("staff.role." + g.role().name()) + (g.groupId() == null ? "" : ", " + groupNames.getOrDefault(g.groupId(), ""))
                        + (g.validTo() == null ? "" : " (" + p.t("staff.accounts.until") + " " + Texts.date(p.lang).format(g.validTo()) + ")"));
            }
            for (StaffAdministration.HrRole h : a.hrRoles()) {
                roles.add(p.t("staff.role." + h.role().name()) + " (" + p.t("staff.accounts.fromHr") + ")");
            }
            m.put("roles", roles);
            m.put("shared", shared);
            m.put("rotationDue", a.rotationDue() == null ? "" : p.t("staff.accounts.rotation." + a.rotationDue()));
            m.put("lastSignIn", a.lastSignInAt() == null ? p.t("staff.never") : Texts.dateTime(p.lang).format(a.lastSignInAt()));
            accounts.add(m);
        }
        List<Map<String, Object>> groups = new ArrayList<>();
        groupNames.forEach((id, n) -> groups.add(Map.of("id", id, "name", n)));
        List<Map<String, String>> roles = new ArrayList<>();
        UNIT_STAFF_ROLES.forEach(r -> roles.add(Map.of("code", r.name(), "label", p.t("staff.role." + r.name()))));
        Map<String, Object> created = code == null ? Map.of() : Map.of("username", code.username(), "code", code.activationCode(),
                "expires", Texts.dateTime(p.lang).format(code.expiresAt()));
        p.put("accounts", accounts).put("groups", groups).put("roles", roles).put("unitId", unitId).put("errors", errors)
                .put("values", values).put("created", created)
                .renderTitled(status, "staff-accounts", p.t("staff.accounts.title") + " – " + unitName(p, unitId));
    }

    private void createAccount(Page p, long unitId) throws IOException {
        Map<String, String> values = PortalServlet.form(p, "username", "displayName", "role", "group", "validFrom", "validTo");
        Map<String, String> errors = new LinkedHashMap<>();
        if (!values.get("username").strip().matches("[a-z0-9][a-z0-9._-]{1,63}")) {
            errors.put("username", p.t("staff.accounts.error.username"));
        }
        if (values.get("displayName").length() > 200) {
            errors.put("displayName", p.t("staff.accounts.error.displayName"));
        }
        Role role = UNIT_STAFF_ROLES.stream().filter(r -> r.name().equals(values.get("role"))).findFirst().orElse(null);
        if (role == null) {
            errors.put("role", p.t("staff.accounts.error.role"));
        }
        Long group = values.get("group").matches("\\d{1,18}") ? Long.valueOf(values.get("group")) : null;
        if (group == null) {
            errors.put("group", p.t("staff.accounts.error.group"));
        }
        LocalDate from = values.get("validFrom").isBlank() ? null : PortalServlet.date(values.get("validFrom"), "validFrom", errors, p);
        LocalDate to = values.get("validTo").isBlank() ? null : PortalServlet.date(values.get("validTo"), "validTo", errors, p);
        if (errors.isEmpty()) {
            try {
                StaffAdministration.ActivationCode code = staffAdmin.create(p.principal, new StaffAdministration.NewStaffAccount(
                        values.get("username").strip(), PortalServlet.blankToNull(values.get("displayName")), null,
                        List.of(new StaffAdministration.GrantRequest(role, unitId, group, from, to))));
                // the code is shown once, on this answer only: never in an address or a log
                staffAccounts(p, unitId, Map.of(), Map.of(), code, 201);
                return;
            } catch (IllegalArgumentException e) {
                errors.put("username", p.t("staff.accounts.error.rejected"));
            } catch (ConflictException e) {
                errors.put("username", p.t("staff.accounts.error.conflict"));
            }
        }
        staffAccounts(p, unitId, errors, values, null, 400);
    }

    private void accountAction(Page p, long unitId, long accountId, String action) throws IOException {
        switch (action) {
            case "disable" -> staffAdmin.disable(p.principal, accountId);
            case "enable" -> staffAdmin.enable(p.principal, accountId);
            default -> {
                StaffAdministration.ResetKind kind = "TOTP".equals(p.req.getParameter("what")) ? StaffAdministration.ResetKind.TOTP
                        : StaffAdministration.ResetKind.PASSWORD;
                StaffAdministration.ActivationCode code = staffAdmin.reset(p.principal, accountId, kind);
                staffAccounts(p, unitId, Map.of(), Map.of(), code, 200);
                return;
            }
        }
        PortalServlet.redirect(p.resp, "/staff/units/" + unitId + "/staff");
    }

    private void accessRequests(Page p, long unitId) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        Map<Long, ChildView> seen = new LinkedHashMap<>();
        for (AccessRequest r : requests.ofUnit(p.principal, unitId, null)) {
            ChildView c = seen.computeIfAbsent(r.childId(), id -> children.child(p.principal, id, null));
            String guardian = c.guardians() == null ? "" : c.guardians().stream().filter(g -> g.personId() == r.guardianPersonId())
                    .map(g -> name(g.givenName(), g.familyName())).findFirst().orElse("");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("guardian", guardian.isBlank() ? p.t("staff.requests.unnamed") : guardian);
            m.put("child", name(c.givenName(), c.familyName()));
            m.put("childId", c.id());
            m.put("at", r.requestedAt() == null ? "" : Texts.dateTime(p.lang).format(r.requestedAt()));
            list.add(m);
        }
        p.put("requests", list).put("unitId", unitId).put("reasons", reasonModel(p, DECLINE_REASONS, "staff.requests.reason."))
                .put("done", done(p)).renderTitled(200, "staff-requests", p.t("staff.requests.title") + " – " + unitName(p, unitId));
    }

    private void answerRequest(Page p, long requestId, String action) throws IOException {
        String unit = p.req.getParameter("unit");
        long unitId = unit != null && unit.matches("\\d{1,18}") ? Long.parseLong(unit) : -1;
        AccessRequest r;
        if ("activate".equals(action)) {
            r = requests.activate(p.principal, requestId);
        } else {
            String reason = p.req.getParameter("reason");
            if (reason == null || !DECLINE_REASONS.contains(reason)) {
                PortalServlet.redirect(p.resp, "/staff/units/" + unitId + "/access-requests?done=choose-reason");
                return;
            }
            r = requests.decline(p.principal, requestId, reason);
        }
        PortalServlet.redirect(p.resp, "/staff/units/" + r.unitId() + "/access-requests?done=" + ("activate".equals(action) ? "activated" : "declined"));
    }

    private void blocklist(Page p, long unitId) throws IOException {
        List<Map<String, Object>> blocked = new ArrayList<>();
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Group g : units.listGroups(p.principal, unitId)) {
            groups.add(Map.of("id", g.id(), "name", g.name()));
            for (ChildView c : children.childrenOfGroup(p.principal, g.id())) {
                if (c.guardians() == null) {
                    continue;
                }
                for (ChildView.GuardianView gv : c.guardians()) {
                    if (Boolean.TRUE.equals(gv.blocked())) {
                        blocked.add(Map.of("guardian", name(gv.givenName(), gv.familyName()), "guardianId", gv.personId(),
                                "child", name(c.givenName(), c.familyName()), "childId", c.id()));
                    }
                }
            }
        }
        p.put("blocked", blocked).put("groups", groups).put("unitId", unitId)
                .renderTitled(200, "staff-blocklist", p.t("staff.blocklist.title") + " – " + unitName(p, unitId));
    }

    private void review(Page p, long unitId) throws IOException {
        AccessReviews.Review r = reviews.review(p.principal, unitId);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (AccessReviews.Entry e : r.entries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", p.t("staff.review.kind." + e.kind()));
            m.put("who", e.username() != null ? e.username() : p.t("staff.review.guardian") + " " + (e.personId() == null ? "" : "#" + e.personId()));
            List<String> roles = new ArrayList<>();
            e.roles().forEach(x -> roles.add(x));
            m.put("roles", String.join(", ", roles));
            m.put("state", e.state() == null ? "" : e.state());
            m.put("lastSignIn", e.lastSignInAt() == null ? p.t("staff.never") : Texts.dateTime(p.lang).format(e.lastSignInAt()));
            List<String> flags = new ArrayList<>();
            e.flags().forEach(f -> flags.add(p.t("staff.review.flag." + f)));
            m.put("flags", flags);
            entries.add(m);
        }
        OffsetDateTime at = r.signedOffAt();
        p.put("review", Map.of("month", r.month().toString(), "pending", r.pendingAccessRequests(), "flagCount", r.flagCount(),
                        "signedOff", r.signedOff(), "signedOffAt", at == null ? "" : Texts.dateTime(p.lang).format(at), "overdue", r.overdue()))
                .put("entries", entries).put("unitId", unitId).put("done", done(p))
                .renderTitled(200, "staff-review", p.t("staff.review.title") + " – " + unitName(p, unitId));
    }

    // ------------------------------------------------------------------ activation of a new account (no session)

    /**
     * The activation page mirrors {@code POST /auth/activation/totp} and {@code POST /auth/activation}: the code first; a
     * role with a second factor then gets its TOTP secret to enrol and proves it with a code beside the new password.
     */
    void activation(Page p, String method) throws IOException {
        if (!"POST".equals(method)) {
            p.put("step", "code").put("values", Map.of()).render(200, "activate", "activate.title");
            return;
        }
        Map<String, String> values = PortalServlet.form(p, "code", "step", "password", "password2", "totp", "secret");
        String code = values.get("code").strip();
        Map<String, String> errors = new LinkedHashMap<>();
        if (code.isEmpty() || code.length() > 100) {
            errors.put("code", p.t("activate.error.code"));
            activationPage(p, 400, "code", errors, values, null);
            return;
        }
        if (!PortalServlet.credentialsMayTravel(p.req)) {
            activationPage(p, 403, "code", Map.of(), values, p.t("signIn.error.tls"));
            return;
        }
        try {
            if ("code".equals(values.get("step")) || values.get("step").isEmpty()) {
                try {
                    AccountActivation.TotpEnrolment e = activation.startTotpEnrolment(code, p.req.getRemoteAddr());
                    values.put("secret", e.secret());
                    p.put("otpauth", e.otpauthUri()).put("secretGroups", e.secret().replaceAll("(.{4})", "$1 ").strip());
                    activationPage(p, 200, "totp", Map.of(), values, null);
                } catch (InvalidRequestException e) {
                    // this role signs in without a second factor: the password only
                    activationPage(p, 200, "password", Map.of(), values, null);
                }
                return;
            }
            boolean withTotp = "totp".equals(values.get("step"));
            String pw = values.get("password");
            if (pw.length() < 12 || pw.length() > 1000) {
                errors.put("password", p.t("activate.error.password"));
            } else if (!pw.equals(values.get("password2"))) {
                errors.put("password2", p.t("activate.error.password2"));
            }
            if (withTotp && !values.get("totp").strip().matches("\\d{6}")) {
                errors.put("totp", p.t("signIn.error.totp"));
            }
            if (!errors.isEmpty()) {
                activationPage(p, 400, withTotp ? "totp" : "password", errors, values, null);
                return;
            }
            try {
                activation.activate(code, pw.toCharArray(), withTotp ? values.get("totp").strip() : null, p.req.getRemoteAddr());
            } catch (InvalidRequestException e) {
                activationPage(p, 400, withTotp ? "totp" : "password", Map.of("password", p.t("activate.error.weak")), values, null);
                return;
            }
            p.put("step", "done").put("values", Map.of()).render(200, "activate", "activate.title");
        } catch (TooManyAttemptsException e) {
            p.resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            activationPage(p, 429, "code", Map.of(), Map.of("code", ""), p.t("signIn.error.tooMany"));
        } catch (AuthenticationException e) {
            activationPage(p, 401, "code", Map.of(), Map.of("code", ""), p.t("activate.error.refused"));
        }
    }

    private void activationPage(Page p, int status, String step, Map<String, String> errors, Map<String, String> values, String failure)
            throws IOException {
        if ("totp".equals(step) && !p.model.containsKey("secretGroups")) {
            String secret = values.getOrDefault("secret", "");
            p.put("secretGroups", secret.replaceAll("(.{4})", "$1 ").strip()).put("otpauth", "");
        }
        Map<String, String> shown = new LinkedHashMap<>(values);
        // a password is never sent back into a page
        shown.remove("password");
        shown.remove("password2");
        shown.remove("totp");
        p.put("step", step).put("errors", errors).put("values", shown).put("failure", failure == null ? "" : failure)
                .render(status, "activate", "activate.title");
    }
}
