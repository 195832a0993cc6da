package no.ranselpost.itests.blackbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs authorization-matrix.txt against the live API: for every row, the role's request on the
 * named object must get the status, and the named fields must be absent (or present).
 */
final class AuthorizationMatrix {

    static final List<String> ROLES = List.of("OWNER", "SYSTEM_ADMIN", "UNIT_ADMIN", "LEADER", "EMPLOYEE", "SUBSTITUTE",
            "SHARED_ACCOUNT", "GUARDIAN", "INTEGRATION");
    /** Guardians signed in through ID-porten (the fake), beside the demo's local guardian: every operation covers them too. */
    static final List<String> ID_PORTEN_ROLES = IdPortenSignIn.roles();

    record Row(int line, String operationId, String role, String object, String status, List<String> fields) {
        @Override
        public String toString() {
            return "line " + line + ": " + operationId + " as " + role + " on " + object;
        }
    }

    /** The ids the objects stand for, found in the demo kommune through the API. */
    record Fixture(long staffUnit, long staffGroup, long otherUnit, long otherGroup, long guardianPerson, long ownChild,
                   long coGuardian, long otherChild, long otherGuardian, long neighbourChild, long protectedChild, long confidentialChild) {
    }

    /** An id no unit, group or child has. */
    static final long MISSING = 987654321L;

    private final Api api;
    private final AtomicInteger created = new AtomicInteger();

    AuthorizationMatrix(Api api) {
        this.api = api;
    }

    static List<Row> load() throws IOException {
        return load("/authorization-matrix.txt");
    }

    static List<Row> load(String resource) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = AuthorizationMatrix.class.getResourceAsStream(resource)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i].strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] f = l.split("\\s+");
                List<String> fields = f.length > 4 ? List.of(f[4].split(",")) : List.of();
                rows.add(new Row(i + 1, f[0], f[1], f[2], f[3], fields));
            }
        }
        return rows;
    }

    /** The demo's staff unit, as data/demo-accounts.txt names it. */
    static long staffUnit(java.nio.file.Path demoAccounts) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("# Unit: .* \\(id (\\d+)\\)").matcher(java.nio.file.Files.readString(demoAccounts));
        if (!m.find()) {
            throw new IllegalStateException("demo-accounts.txt names no unit");
        }
        return Long.parseLong(m.group(1));
    }

    Fixture fixture(long staffUnit) throws IOException, InterruptedException {
        long staffGroup = api.getJson("/auth/me", "LEADER").get("roles").get(0).get("groupId").asLong();
        long guardianPerson = api.getJson("/auth/me", "GUARDIAN").get("personId").asLong();
        Set<Long> guardiansChildren = new HashSet<>();
        long ownChild = -1;
        for (JsonNode c : api.getJson("/me/children", "GUARDIAN")) {
            guardiansChildren.add(c.get("id").asLong());
            for (JsonNode p : c.get("placements")) {
                if (p.path("groupId").asLong() == staffGroup) {
                    ownChild = c.get("id").asLong();
                }
            }
        }
        require(ownChild > 0, "the demo guardian has a child in the staff group");
        long coGuardian = -1;
        for (JsonNode g : api.getJson("/children/" + ownChild, "SYSTEM_ADMIN").get("guardians")) {
            if (g.get("personId").asLong() != guardianPerson) {
                coGuardian = g.get("personId").asLong();
            }
        }
        require(coGuardian > 0, "the own child has a co-guardian");

        // everyone linked to a child of the staff unit, so "other" guardians are truly another unit's
        Set<Long> staffUnitGuardians = new HashSet<>();
        for (JsonNode g : api.getJson("/units/" + staffUnit + "/groups", "SYSTEM_ADMIN")) {
            for (JsonNode c : api.getJson("/groups/" + g.get("id").asLong() + "/children", "SYSTEM_ADMIN")) {
                c.path("guardians").forEach(x -> staffUnitGuardians.add(x.get("personId").asLong()));
            }
        }
        long protectedChild = -1;
        long confidentialChild = -1;
        long neighbour = -1;
        for (JsonNode c : api.getJson("/groups/" + staffGroup + "/children", "UNIT_ADMIN")) {
            long id = c.get("id").asLong();
            boolean prot = c.path("protectedPerson").asBoolean(false);
            if (prot && c.get("address") == null && protectedChild < 0) {
                protectedChild = id;
            } else if (prot && c.get("address") != null && confidentialChild < 0) {
                confidentialChild = id;
            } else if (!prot && !guardiansChildren.contains(id) && neighbour < 0) {
                neighbour = id;
            }
        }
        require(protectedChild > 0 && confidentialChild > 0 && neighbour > 0, "the staff group has protected, fortrolig and other children");

        long otherUnit = -1;
        long otherGroup = -1;
        long otherChild = -1;
        long otherGuardian = -1;
        search:
        for (JsonNode u : api.getJson("/units", "SYSTEM_ADMIN")) {
            if (u.get("id").asLong() == staffUnit || !u.get("type").asText().equals("SCHOOL")) {
                continue;
            }
            for (JsonNode g : api.getJson("/units/" + u.get("id").asLong() + "/groups", "SYSTEM_ADMIN")) {
                for (JsonNode c : api.getJson("/groups/" + g.get("id").asLong() + "/children", "SYSTEM_ADMIN")) {
                    if (c.path("protectedPerson").asBoolean(false) || guardiansChildren.contains(c.get("id").asLong())) {
                        continue;
                    }
                    for (JsonNode x : c.path("guardians")) {
                        long gid = x.get("personId").asLong();
                        if (!staffUnitGuardians.contains(gid)) {
                            otherUnit = u.get("id").asLong();
                            otherGroup = g.get("id").asLong();
                            otherChild = c.get("id").asLong();
                            otherGuardian = gid;
                            break search;
                        }
                    }
                }
            }
        }
        require(otherGuardian > 0, "another unit has a child whose guardian has nothing to do with the staff unit");
        return new Fixture(staffUnit, staffGroup, otherUnit, otherGroup, guardianPerson, ownChild, coGuardian, otherChild, otherGuardian,
                neighbour, protectedChild, confidentialChild);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("Fixture: " + what + " is not so in this demo kommune");
        }
    }

    /** The SOAP services' rows (operation ids {@code <Service>.<operation>}): see {@link Soap#run}. */
    private Soap soap;

    /** Runs one row; returns a failure description, or null when it holds. */
    String run(Row row, Fixture f) throws IOException, InterruptedException {
        if (row.operationId().contains(".")) {
            if (soap == null) {
                soap = new Soap(api);
            }
            return soap.run(row, f);
        }
        boolean own = row.object().equals("own");
        // an id no object has
        boolean missing = row.object().equals("missing");
        boolean other = row.object().equals("other");
        long child = switch (row.object()) {
            case "own" -> f.ownChild();
            case "other" -> f.otherChild();
            case "neighbour" -> f.neighbourChild();
            case "protected" -> f.protectedChild();
            case "confidential", "confidential+reason" -> f.confidentialChild();
            default -> f.ownChild();
        };
        long guardian = other ? f.otherGuardian() : f.coGuardian();
        String method = "GET";
        String body = null;
        boolean freshGuardian = false;
        byte[] bytes = null;
        String path = switch (row.operationId()) {
            case "getHealth" -> "/health";
            case "getOpenApiDocument" -> "/openapi.json";
            case "login" -> {
                method = "POST";
                body = "{}";
                yield "/auth/login";
            }
            case "logout" -> {
                method = "POST";
                yield "/auth/logout";
            }
            // shell: the first administrator's setup code (none is open while the demo's admins exist)
            case "createFirstSystemAdmin" -> {
                method = "POST";
                body = "{\"code\": \"no-such-setup-code\", \"username\": \"matrix.first.admin\"}";
                yield "/setup/admin";
            }
            case "getCurrentAccount" -> "/auth/me";
            case "listUnits" -> "/units";
            case "getUnit" -> "/units/" + (missing ? MISSING : own ? f.staffUnit() : f.otherUnit());
            case "listGroupsOfUnit" -> "/units/" + (missing ? MISSING : own ? f.staffUnit() : f.otherUnit()) + "/groups";
            case "listChildrenOfGroup" -> "/groups/" + (missing ? MISSING : own ? f.staffGroup() : f.otherGroup()) + "/children";
            case "getChild" -> "/children/" + (missing ? MISSING : child) + (row.object().endsWith("+reason") ? "?reason=court-case" : "");
            case "listOwnChildren" -> "/me/children";
            case "activateGuardianAccount" -> {
                method = "POST";
                body = "{\"guardianAsked\": true}";
                yield "/guardians/" + guardian + "/activate";
            }
            case "deactivateGuardianAccount" -> {
                method = "POST";
                yield "/guardians/" + guardian + "/deactivate";
            }
            case "blockGuardian" -> {
                method = "POST";
                body = "{\"childId\": " + child + ", \"reason\": \"court-order\"}";
                yield "/guardians/" + guardian + "/blocks";
            }
            case "unblockGuardian" -> {
                method = "DELETE";
                yield "/guardians/" + guardian + "/blocks/" + child;
            }
            case "verifyAuditTrail" -> "/audit/verify";
            case "sealAuditTrail" -> {
                method = "POST";
                yield "/audit/seals";
            }
            case "queryAuditTrail" -> "/audit/records?objectId=" + f.ownChild();
            // retention (issue 16): the job's trigger and its history
            case "runRetention" -> {
                method = "POST";
                yield "/retention/runs";
            }
            case "listRetentionRuns" -> "/retention/runs";
            case "createIntegrationAccount" -> {
                method = "POST";
                body = "{\"username\": \"matrix-" + row.role().toLowerCase().replace('_', '-') + "-" + created.incrementAndGet()
                        + "\", \"sourceId\": \"hr\"}";
                yield "/integration-accounts";
            }
            // staff accounts: each row acts on a fresh account of its own (own, other, admin), made by SYSTEM_ADMIN
            case "createStaffAccount" -> {
                method = "POST";
                body = newStaffAccount(row, f);
                yield "/staff-accounts";
            }
            case "listStaffAccountsOfUnit" -> "/units/" + (missing ? MISSING : own ? f.staffUnit() : f.otherUnit()) + "/staff-accounts";
            case "getStaffAccount" -> "/staff-accounts/" + staffTarget(row, f);
            case "addStaffGrant" -> {
                method = "POST";
                body = "{\"role\": \"LEADER\", \"unitId\": " + (other ? f.otherUnit() : f.staffUnit()) + "}";
                yield "/staff-accounts/" + staffTarget(row, f) + "/grants";
            }
            case "changeStaffGrant" -> {
                method = "PUT";
                long account = staffTarget(row, f);
                body = "{\"groupId\": " + (other ? f.otherGroup() : f.staffGroup()) + ", \"validFrom\": \"2026-01-01\", \"validTo\": \"2036-01-01\"}";
                yield "/staff-accounts/" + account + "/grants/" + firstGrant(account);
            }
            case "removeStaffGrant" -> {
                method = "DELETE";
                long account = staffTarget(row, f);
                yield "/staff-accounts/" + account + "/grants/" + firstGrant(account);
            }
            case "disableStaffAccount" -> {
                method = "POST";
                yield "/staff-accounts/" + staffTarget(row, f) + "/disable";
            }
            case "enableStaffAccount" -> {
                method = "POST";
                yield "/staff-accounts/" + staffTarget(row, f) + "/enable";
            }
            case "resetStaffAccount" -> {
                method = "POST";
                body = "{\"what\": \"PASSWORD\"}";
                yield "/staff-accounts/" + staffTarget(row, f) + "/reset";
            }
            case "addSharedPasswordHolder" -> {
                method = "POST";
                body = "{\"personId\": " + f.guardianPerson() + "}";
                yield "/staff-accounts/" + staffTarget(row, f) + "/password-holders";
            }
            case "removeSharedPasswordHolder" -> {
                method = "DELETE";
                yield "/staff-accounts/" + staffTarget(row, f) + "/password-holders/" + f.guardianPerson();
            }
            case "changePassword" -> {
                // an empty body: 400 once access allowed it, so no demo password changes
                method = "POST";
                body = "{}";
                yield "/auth/password";
            }
            case "activateAccount" -> {
                method = "POST";
                body = "{\"activationCode\": \"no-such-code-0\", \"password\": \"a-long-enough-password\"}";
                yield "/auth/activation";
            }
            case "startTotpEnrolment" -> {
                method = "POST";
                body = "{\"activationCode\": \"no-such-code-0\"}";
                yield "/auth/activation/totp";
            }
            // guardians' access requests
            case "createAccessRequest" -> {
                method = "POST";
                body = "{\"childId\": " + (missing ? MISSING : f.ownChild()) + ", \"unitId\": " + f.staffUnit() + "}";
                yield "/me/access-requests";
            }
            case "listOwnAccessRequests" -> "/me/access-requests";
            case "listAccessRequestsOfUnit" -> "/units/" + (missing ? MISSING : own ? f.staffUnit() : f.otherUnit()) + "/access-requests";
            case "activateFromAccessRequest" -> {
                method = "POST";
                yield "/access-requests/" + (missing ? MISSING : pendingRequest(f)) + "/activate";
            }
            case "declineAccessRequest" -> {
                method = "POST";
                body = "{\"reason\": \"asked-custodians\"}";
                yield "/access-requests/" + (missing ? MISSING : pendingRequest(f)) + "/decline";
            }
            // groups and enrolments by hand
            case "createGroup" -> {
                method = "POST";
                body = "{\"code\": \"MATRIX-" + created.incrementAndGet() + "\", \"name\": \"Matrise\", \"type\": \"DEPARTMENT\"}";
                yield "/units/" + (missing ? MISSING : own ? f.staffUnit() : f.otherUnit()) + "/groups";
            }
            case "renameGroup" -> {
                method = "PUT";
                body = "{\"name\": \"Matrise omdøpt\"}";
                yield "/groups/" + (missing ? MISSING : freshGroup(own ? f.staffUnit() : f.otherUnit())) + "/name";
            }
            case "createEnrolment" -> {
                method = "POST";
                java.time.LocalDate start = java.time.LocalDate.of(2099, 1, 1).plusMonths(created.incrementAndGet());
                body = "{\"childId\": " + (other ? f.ownChild() : f.otherChild()) + ", \"startDate\": \"" + start + "\", \"endDate\": \""
                        + start.plusDays(10) + "\"}";
                yield "/units/" + (missing ? MISSING : own ? f.staffUnit() : f.otherUnit()) + "/enrolments";
            }
            case "moveChildToGroup" -> {
                method = "POST";
                body = "{\"groupId\": " + (other ? f.otherGroup() : f.staffGroup()) + "}";
                yield "/children/" + (missing ? MISSING : other ? f.otherChild() : f.ownChild()) + "/group";
            }
            // overrides of imported data
            case "overridePersonField" -> {
                method = "POST";
                body = "{\"field\": \"given-name\", \"value\": \"\", \"reason\": \"name-change\"}";
                yield "/persons/" + (missing ? MISSING : child) + "/overrides";
            }
            case "listPersonOverrides" -> "/persons/" + (missing ? MISSING : child) + "/overrides";
            case "liftPersonOverride" -> {
                method = "DELETE";
                yield "/persons/" + (missing ? MISSING : child) + "/overrides/given-name";
            }
            case "editPersonName" -> {
                method = "PUT";
                body = "{}";
                yield "/persons/" + (missing ? MISSING : child) + "/name";
            }
            // the monthly access review
            case "getAccessReview" -> "/units/" + (missing ? MISSING : own ? f.staffUnit() : f.otherUnit()) + "/access-review";
            case "getAccessReviewCsv" -> "/units/" + (missing ? MISSING : own ? f.staffUnit() : f.otherUnit()) + "/access-review.csv";
            case "signOffAccessReview" -> {
                method = "POST";
                yield "/units/" + (missing ? MISSING : own ? f.staffUnit() : f.otherUnit()) + "/access-review/sign-off";
            }
            case "listAccessReviewStatus" -> "/access-reviews";
            case "listImportSources" -> "/imports";
            case "runImport" -> {
                method = "POST";
                yield "/imports/demo-registry/runs";
            }
            case "listImportRuns" -> "/imports/demo-registry/runs";
            case "getImportState" -> "/imports/demo-registry/state";
            case "uploadImportFile" -> {
                method = "PUT";
                body = "not a file this source reads";
                yield "/imports/demo-registry/file";
            }
            case "resetImportState" -> {
                method = "DELETE";
                yield "/imports/demo-registry/state";
            }
            case "confirmImportRun" -> {
                // the newest run was not held: a 400 for SYSTEM_ADMIN
                method = "POST";
                yield "/imports/demo-registry/runs/" + lastRunId() + "/confirm";
            }
            case "idportenLogin" -> "/auth/idporten/login";
            case "idportenCallback" -> "/auth/idporten/callback?code=x&state=never-issued";
            case "idportenTokenExchange" -> {
                method = "POST";
                body = "{\"accessToken\": \"not.a.token\"}";
                yield "/auth/idporten/token";
            }
            case "idportenFrontChannelLogout" -> "/auth/idporten/frontchannel-logout?iss=x&sid=no-such-session";
            case "idportenLogout" -> {
                // a guardian's own fresh session ends (the matrix's cached one stays); staff are refused
                method = "POST";
                freshGuardian = true;
                yield "/auth/idporten/logout";
            }
            // daily life (the absence capability); a report for tomorrow, so a guardian may still change it
            case "reportAbsence" -> {
                method = "POST";
                body = "{\"childId\": " + (missing ? MISSING : child) + ", \"fromDate\": \"" + java.time.LocalDate.now(OSLO).plusDays(1)
                        + "\", \"kind\": \"SICK\", \"text\": \"Feber\"}";
                yield "/absence/reports";
            }
            case "changeAbsence" -> {
                method = "PUT";
                body = "{\"fromDate\": \"" + java.time.LocalDate.now(OSLO).plusDays(2) + "\", \"kind\": \"OTHER\"}";
                yield "/absence/reports/" + (missing ? MISSING : absenceReport(child));
            }
            case "withdrawAbsence" -> {
                method = "POST";
                yield "/absence/reports/" + (missing ? MISSING : absenceReport(child)) + "/withdraw";
            }
            case "removeAbsenceText" -> {
                method = "POST";
                body = "{\"reason\": \"sensitive-health\"}";
                yield "/absence/reports/" + (missing ? MISSING : absenceReport(child)) + "/remove-text";
            }
            case "listChildAbsences" -> "/absence/children/" + (missing ? MISSING : child) + "/reports";
            case "listAbsenceKinds" -> "/absence/children/" + (missing ? MISSING : child) + "/kinds";
            case "getGroupAbsenceDay" -> "/absence/groups/" + (missing ? MISSING : own ? f.staffGroup() : f.otherGroup());
            case "getUnitAbsenceDay" -> "/absence/units/" + (missing ? MISSING : own ? f.staffUnit() : f.otherUnit());
            case "getOpeningHours" -> "/absence/units/" + (missing ? MISSING : own ? f.staffUnit() : f.otherUnit()) + "/opening-hours";
            case "setOpeningHours" -> {
                method = "PUT";
                body = "{\"days\": [{\"weekday\": \"MONDAY\", \"opens\": \"07:30\", \"closes\": \"16:30\"},"
                        + " {\"weekday\": \"TUESDAY\", \"opens\": \"07:30\", \"closes\": \"16:30\"}], \"closedDates\": []}";
                yield "/absence/units/" + (missing ? MISSING : own ? f.staffUnit() : f.otherUnit()) + "/opening-hours";
            }
            case "getChildHealth" -> "/child-health/" + (missing ? MISSING : child);
            case "updateChildHealth" -> {
                method = "PUT";
                body = "{\"allergies\": \"Nøtter\", \"intolerances\": \"Laktose\", \"gp\": \"Dr. Demo\"}";
                yield "/child-health/" + (missing ? MISSING : child);
            }
            // attendance: the staff rows work on the neighbour child, in the order of a day (in, asleep, awake, out with staff, out)
            case "checkInChild" -> {
                method = "POST";
                body = "{\"otherAdultName\": \"Bestemor\"}";
                yield "/attendance/children/" + (missing ? MISSING : child) + "/check-in";
            }
            case "startChildSleep" -> {
                method = "POST";
                yield "/attendance/children/" + (missing ? MISSING : child) + "/sleep-start";
            }
            case "endChildSleep" -> {
                method = "POST";
                yield "/attendance/children/" + (missing ? MISSING : child) + "/sleep-end";
            }
            case "markChildOutWithStaff" -> {
                method = "POST";
                yield "/attendance/children/" + (missing ? MISSING : child) + "/out-with-staff";
            }
            case "checkOutChild" -> {
                method = "POST";
                body = "{\"otherAdultName\": \"Bestemor\"}";
                yield "/attendance/children/" + (missing ? MISSING : child) + "/check-out";
            }
            case "correctChildDay" -> {
                // after the check-out rows: the neighbour's check-out set to the moment the request is made (after the check-in)
                method = "POST";
                body = "{\"checkedOutAt\": \"" + java.time.OffsetDateTime.now(OSLO) + "\", \"reason\": \"wrong-time\"}";
                yield "/attendance/children/" + (missing ? MISSING : child) + "/corrections";
            }
            case "addPickupNote" -> {
                method = "POST";
                body = "{\"text\": \"Bestemor henter\"}";
                yield "/attendance/children/" + (missing ? MISSING : child) + "/pickup-notes";
            }
            case "getChildDay" -> "/attendance/children/" + (missing ? MISSING : child) + "/today";
            case "getHeadCount" -> "/attendance/groups/" + (missing ? MISSING : own ? f.staffGroup() : f.otherGroup()) + "/head-count";
            case "getSleepList" -> "/attendance/groups/" + (missing ? MISSING : own ? f.staffGroup() : f.otherGroup()) + "/sleep-list";
            case "listAccessActions" -> "/access/actions";
            case "listAnonymousEndpoints" -> "/access/anonymous-endpoints";
            // the test capability (itests/test-capability), while it is installed
            case "pingTestCapability" -> "/testcap/ping";
            case "getTestNote" -> "/testcap/notes/" + (own ? f.staffGroup() : f.otherGroup());
            case "getSensitiveTestNote" -> "/testcap/notes/" + (own ? f.staffGroup() : f.otherGroup()) + "/sensitive";
            case "getSensitiveTestChildNote" -> "/testcap/children/" + (missing ? MISSING : child) + "/sensitive";
            case "uploadTestNoteAttachment" -> {
                method = "PUT";
                body = "{\"not\": \"a file the store takes\"}";
                yield "/testcap/notes/" + (own ? f.staffGroup() : f.otherGroup()) + "/attachment";
            }
            case "getTestNoteAttachment" -> "/testcap/notes/" + (own ? f.staffGroup() : f.otherGroup()) + "/attachment";
            case "deleteTestNoteAttachment" -> {
                method = "DELETE";
                yield "/testcap/notes/" + (own ? f.staffGroup() : f.otherGroup()) + "/attachment";
            }
            // messaging: threads of the demo guardian's family (own), of another family in the staff group (neighbour), a
            // sensitive one to the demo guardian's family, and the demo's old thread of a child whose custody moved (former)
            case "getMessageComposing" -> "/messages/composing";
            case "preflightMessage", "sendMessage" -> {
                method = "POST";
                body = messageTo(row, child);
                yield row.operationId().equals("sendMessage") ? "/messages" : "/messages/preflight";
            }
            case "uploadMessageAttachment" -> {
                method = "POST";
                body = "{\"not\": \"a file the store takes\"}";
                yield "/messages/attachments";
            }
            case "getMessageAttachment" -> {
                Messages m = messages(f);
                yield missing ? "/messages/" + MISSING + "/attachments/1" : row.object().equals("neighbour")
                        ? "/messages/" + m.neighbourMessage() + "/attachments/" + m.neighbourAttachment()
                        : "/messages/" + m.ownMessage() + "/attachments/" + m.ownAttachment();
            }
            case "getThread" -> "/threads/" + thread(row, f);
            case "replyInThread" -> {
                method = "POST";
                body = "{\"text\": \"Takk for beskjed (matrise).\"}";
                yield "/threads/" + thread(row, f) + "/messages";
            }
            case "getMyInbox" -> "/inboxes/mine?size=5";
            case "getMyUnreadCount" -> "/inboxes/mine/unread";
            case "getGroupInbox" -> "/inboxes/groups/" + (missing ? MISSING : own ? f.staffGroup() : f.otherGroup());
            case "withdrawMessage" -> {
                method = "POST";
                yield "/messages/" + (missing ? MISSING : freshMessage(row.object().equals("neighbour") ? f.neighbourChild() : f.ownChild()))
                        + "/withdraw";
            }
            case "redactMessage" -> {
                method = "POST";
                body = "{\"reason\": \"sensitive-health\"}";
                yield "/messages/" + (missing ? MISSING : freshMessage(row.object().equals("neighbour") ? f.neighbourChild() : f.ownChild()))
                        + "/redact";
            }
            case "getMessageReceipts" -> "/messages/sends/" + (missing ? MISSING : row.object().equals("neighbour") ? messages(f).neighbourSend()
                    : messages(f).ownSend()) + "/receipts";
            // consents: kinds (a fresh yearbook kind for each writing row), custodians' answers (a "no": the demo guardian's consent
            // stays withdrawn), pupils' own answers (the demo children are under 15: 400 once access allowed it)
            case "defineConsentKind" -> {
                method = "POST";
                body = freshConsentKind();
                yield "/consent/kinds";
            }
            case "renewConsentKind" -> {
                method = "POST";
                body = "{}";
                yield "/consent/kinds/" + (missing ? MISSING : definedConsentKind()) + "/renewal";
            }
            case "listConsentKinds" -> "/consent/kinds";
            case "answerConsent" -> {
                method = "PUT";
                body = "{\"given\": false}";
                yield "/consent/children/" + (missing ? MISSING : child) + "/answers/" + photoConsentKind();
            }
            case "recordPupilConsent" -> {
                method = "PUT";
                body = "{\"given\": false, \"reason\": \"pupil-in-person\"}";
                yield "/consent/children/" + (missing ? MISSING : child) + "/pupil-answers/" + photoConsentKind();
            }
            case "getChildConsents" -> "/consent/children/" + (missing ? MISSING : child);
            case "getGroupConsents" -> "/consent/groups/" + (missing ? MISSING : own ? f.staffGroup() : f.otherGroup());
            // the diary: own = the staff group's post (photos of the own child, consent withdrawn, and of the neighbour, no consent);
            // other = a post of another group of the staff unit (other for writing: another unit's group)
            case "createDiaryPost" -> {
                method = "POST";
                body = row.object().equals("news") ? "{\"kind\": \"NEWS\", \"unitId\": " + f.staffUnit() + ", \"title\": \"Nytt\", \"text\": \"Hei\"}"
                        : "{\"kind\": \"DIARY\", \"groupId\": " + (missing ? MISSING : other ? f.otherGroup() : f.staffGroup())
                        + ", \"title\": \"Dagbok\", \"text\": \"I dag\"}";
                yield "/diary/posts";
            }
            case "listDiaryPosts" -> "/diary/posts";
            case "getDiaryPost" -> "/diary/posts/" + (missing ? MISSING : other ? diary(f).otherPost : diary(f).ownPost);
            case "deleteDiaryPost" -> {
                method = "DELETE";
                yield "/diary/posts/" + (missing ? MISSING : freshPost(f, other));
            }
            case "addDiaryPhoto" -> {
                method = "POST";
                bytes = StorageFixtures.png();
                yield "/diary/posts/" + (missing ? MISSING : other ? diary(f).otherPost : diary(f).ownPost) + "/photos";
            }
            case "getDiaryPhoto", "getDiaryPhotoThumbnail" -> "/diary/photos/" + (missing ? MISSING : switch (row.object()) {
                case "neighbour" -> diary(f).neighbourPhoto;
                case "other" -> diary(f).otherPhoto;
                default -> diary(f).ownPhoto;
            }) + (row.operationId().endsWith("Thumbnail") ? "/thumbnail" : "");
            case "publishDiaryPlan" -> {
                method = "POST";
                bytes = StorageFixtures.pdf(2048);
                yield "/diary/plans?period=WEEK&startsOn=" + java.time.LocalDate.now(OSLO) + "&title=Ukeplan&groupId="
                        + (missing ? MISSING : other ? f.otherGroup() : f.staffGroup());
            }
            case "listDiaryPlans" -> "/diary/plans";
            case "getDiaryPlanDocument" -> "/diary/plans/" + (missing ? MISSING : other ? diary(f).otherPlan : diary(f).ownPlan) + "/document";
            // other adults: the demo kommune has the setting otherAdults off, so no registration exists (missing) and each refuses
            case "registerOtherAdult" -> {
                method = "POST";
                String adult = java.util.stream.IntStream.range(100, 499).mapToObj(i -> no.ranselpost.core.api.NationalId.compose(
                        java.time.LocalDate.of(1979, 4, 12), i, no.ranselpost.core.api.NationalId.Kind.FODSELSNUMMER, true))
                        .flatMap(java.util.Optional::stream).findFirst().orElseThrow().value();
                body = "{\"childId\": " + f.ownChild() + ", \"nationalId\": \"" + adult + "\", \"givenName\": \"Steinar\", \"familyName\": \"Bonus\","
                        + " \"validFrom\": \"" + java.time.LocalDate.now(OSLO) + "\", \"validTo\": \"" + java.time.LocalDate.now(OSLO).plusMonths(3) + "\"}";
                yield "/other-adults";
            }
            case "listOtherAdultsOfChild" -> "/children/" + (missing ? MISSING : child) + "/other-adults";
            case "answerOtherAdultConsent" -> {
                method = "POST";
                body = "{\"given\": true}";
                yield "/other-adults/" + MISSING + "/consent";
            }
            case "recordOtherAdultWrittenConsent" -> {
                method = "POST";
                body = "{\"custodianPersonId\": " + f.guardianPerson() + ", \"reason\": \"written-form\"}";
                yield "/other-adults/" + MISSING + "/written-consent";
            }
            case "endOtherAdult" -> {
                method = "POST";
                body = "{\"reason\": \"no-longer-relevant\"}";
                yield "/other-adults/" + MISSING + "/end";
            }
            case "listMyOtherAdultRegistrations" -> "/me/other-adult-registrations";
            // timetable: the teacher is the demo timetable teacher (data/demo-timetable.txt); lessons are the staff group's
            case "getPupilWeek" -> "/timetable/pupils/" + (missing ? MISSING : child) + "/week";
            case "getTeacherWeek" -> "/timetable/teachers/" + (missing ? MISSING : timetableTeacher) + "/week";
            case "getGroupWeek" -> "/timetable/groups/" + (missing ? MISSING : own ? f.staffGroup() : f.otherGroup()) + "/week";
            case "listGroupLessons" -> "/timetable/groups/" + (missing ? MISSING : own ? f.staffGroup() : f.otherGroup()) + "/lessons";
            case "createLesson", "updateLesson" -> {
                boolean create = row.operationId().equals("createLesson");
                method = create ? "POST" : "PUT";
                java.time.LocalDate from = java.time.LocalDate.now(OSLO);
                body = "{\"groupId\": " + (create && missing ? MISSING : own || !create ? f.staffGroup() : f.otherGroup())
                        + ", \"subjectCode\": \"NOR\", \"subjectName\": \"Norsk\", \"weekday\": \"" + (create ? "MONDAY" : "TUESDAY")
                        + "\", \"start\": \"08:30\", \"end\": \"09:15\", \"validFrom\": \"" + from + "\", \"validTo\": \"" + from.plusDays(60) + "\"}";
                yield create ? "/timetable/lessons" : "/timetable/lessons/" + (missing ? MISSING : matrixLesson(f));
            }
            case "deleteLesson" -> {
                method = "DELETE";
                yield "/timetable/lessons/" + (missing ? MISSING : matrixLesson(f));
            }
            case "createCalendarFeed", "revokeCalendarFeed" -> {
                method = row.operationId().startsWith("create") ? "POST" : "DELETE";
                yield "/timetable/feed";
            }
            case "getCalendarFeed" -> "/timetable/feed";
            // notifications (issue 23): the queue; a guardian's own settings (a bad address and code: 400 once access allowed it, nothing sent)
            case "getNotificationQueue" -> "/notifications/queue";
            case "retryFailedNotifications" -> {
                method = "POST";
                yield "/notifications/failed/retry";
            }
            case "getMyNotificationSettings" -> "/me/notification-settings";
            case "putMyNotificationSettings" -> {
                method = "PUT";
                body = "{\"language\": \"nb\"}";
                yield "/me/notification-settings";
            }
            case "changeMyNotificationContact" -> {
                method = "POST";
                body = "{\"email\": \"not-an-address\"}";
                yield "/me/notification-settings/contact";
            }
            case "confirmMyNotificationContact" -> {
                method = "POST";
                body = "{\"code\": \"12\"}";
                yield "/me/notification-settings/contact/confirm";
            }
            case "getCalendarFeedContent" -> "/timetable/feeds/" + "A".repeat(43) + ".ics";
            case "runOneRosterExport" -> {
                method = "POST";
                yield "/timetable/exports/oneroster";
            }
            case "listOneRosterExports" -> "/timetable/exports/oneroster";
            case "getLatestOneRosterExport" -> "/timetable/exports/oneroster/latest.zip";
            default -> throw new IllegalStateException("The matrix runner does not know " + row.operationId() + ": teach it");
        };
        String authorization = freshGuardian && row.role().startsWith("GUARDIAN") ? "Bearer " + api.freshToken(row.role())
                : api.authorization(row.role());
        HttpResponse<String> r = bytes != null ? sendBytes(method, path, authorization, bytes) : api.send(method, path, authorization, body);
        boolean statusOk = row.status().equals("2xx") ? r.statusCode() / 100 == 2 : Integer.toString(r.statusCode()).equals(row.status());
        if (!statusOk) {
            return row + ": expected " + row.status() + ", got " + r.statusCode() + " " + abbreviate(r.body());
        }
        if (r.statusCode() >= 400 && !r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return row + ": an error that is not application/problem+json";
        }
        if (row.fields().isEmpty()) {
            return null;
        }
        JsonNode json = Api.JSON.readTree(r.body());
        for (String field : row.fields()) {
            boolean mustBePresent = field.startsWith("+");
            String p = mustBePresent ? field.substring(1) : field;
            List<JsonNode> values = select(json, p, f.guardianPerson());
            boolean anyPresent = values.stream().anyMatch(v -> v != null && !v.isNull() && !v.isMissingNode());
            if (mustBePresent && !anyPresent) {
                return row + ": '" + p + "' must be present, and is not";
            }
            if (!mustBePresent && anyPresent) {
                return row + ": '" + p + "' must be absent, and is there";
            }
        }
        return null;
    }

    /** The demo timetable teacher's person id (data/demo-timetable.txt), set by the suite before the matrix runs. */
    static volatile long timetableTeacher = MISSING;

    /** The lesson the matrix's unit admin entered in the staff group (its first), or an id no lesson has. */
    private long matrixLesson(Fixture f) throws IOException, InterruptedException {
        JsonNode lessons = api.getJson("/timetable/groups/" + f.staffGroup() + "/lessons", "SYSTEM_ADMIN");
        return lessons.size() == 0 ? MISSING : lessons.get(0).get("id").asLong();
    }

    /** Values at a path like "[].guardians[other].email" (other: personId is not the demo guardian's). */
    static List<JsonNode> select(JsonNode root, String path, long self) {
        List<JsonNode> current = List.of(root);
        for (String part : path.split("\\.")) {
            List<JsonNode> next = new ArrayList<>();
            String name = part;
            String selector = null;
            int bracket = part.indexOf('[');
            if (bracket >= 0) {
                name = part.substring(0, bracket);
                selector = part.substring(bracket + 1, part.length() - 1);
            }
            for (JsonNode n : current) {
                JsonNode v = name.isEmpty() ? n : n == null ? null : n.get(name);
                if (selector == null) {
                    next.add(v);
                } else if (v != null && v.isArray()) {
                    for (JsonNode e : v) {
                        if (selector.isEmpty() || (selector.equals("other") && e.path("personId").asLong() != self)) {
                            next.add(e);
                        }
                    }
                }
            }
            current = next;
        }
        return current;
    }

    /** Operations of the live document the matrix does not cover for every role (and without credentials). */
    static List<String> uncovered(JsonNode openApi, List<Row> rows) {
        List<String> missing = new ArrayList<>();
        openApi.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String id = op.getValue().path("operationId").asText();
            boolean anonymous = op.getValue().has("security") && op.getValue().get("security").isEmpty();
            List<String> needed = new ArrayList<>();
            needed.add("-");
            if (!anonymous) {
                needed.addAll(ROLES);
                needed.addAll(ID_PORTEN_ROLES);
            }
            for (String role : needed) {
                if (rows.stream().noneMatch(r -> r.operationId().equals(id) && r.role().equals(role))) {
                    missing.add(id + " as " + role);
                }
            }
        }));
        return missing;
    }

    private static final java.time.ZoneId OSLO = java.time.ZoneId.of("Europe/Oslo");

    /** The messaging objects the rows act on, made once by the demo LEADER (with a PNG attachment each). */
    record Messages(long ownThread, long ownMessage, long ownAttachment, long ownSend, long neighbourThread, long neighbourMessage,
                    long neighbourAttachment, long neighbourSend, long sensitiveThread, long formerThread) {
    }

    private Messages messages;

    Messages messages(Fixture f) throws IOException, InterruptedException {
        if (messages == null) {
            long[] own = sendWithAttachment(f.ownChild(), false);
            long[] neighbour = sendWithAttachment(f.neighbourChild(), false);
            long[] sensitive = sendWithAttachment(f.ownChild(), true);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("# Former thread: .*\\(id (\\d+)\\)")
                    .matcher(java.nio.file.Files.readString(api.accountsFile()));
            require(m.find(), "the demo names the former guardian's thread");
            messages = new Messages(own[0], own[1], own[2], own[3], neighbour[0], neighbour[1], neighbour[2], neighbour[3], sensitive[0],
                    Long.parseLong(m.group(1)));
        }
        return messages;
    }

    /** Thread, message, attachment and send of a new message from the LEADER to the child's family. */
    private long[] sendWithAttachment(long child, boolean sensitive) throws IOException, InterruptedException {
        String leader = api.authorization("LEADER");
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", png);
        java.net.http.HttpRequest upload = java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.baseUrl() + "/messages/attachments"))
                .header("Authorization", leader).header("Content-Type", "image/png")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(png.toByteArray())).build();
        HttpResponse<String> u = java.net.http.HttpClient.newHttpClient().send(upload, HttpResponse.BodyHandlers.ofString());
        require(u.statusCode() == 201, "the attachment uploaded: " + u.statusCode() + " " + u.body());
        long attachment = Api.JSON.readTree(u.body()).get("id").asLong();
        HttpResponse<String> s = api.send("POST", "/messages", leader, "{\"recipients\": {\"families\": [{\"childId\": " + child + "}]},"
                + " \"subject\": \"Matrise\", \"text\": \"Hei fra avdelingen (matrise).\", \"sensitive\": " + sensitive
                + ", \"attachmentIds\": [" + attachment + "]}");
        require(s.statusCode() == 201, "the message sent: " + s.statusCode() + " " + s.body());
        JsonNode sent = Api.JSON.readTree(s.body());
        long thread = sent.get("threadIds").get(0).asLong();
        JsonNode view = api.getJson("/threads/" + thread, "LEADER");
        long message = view.get("messages").get(view.get("messages").size() - 1).get("id").asLong();
        return new long[] {thread, message, attachment, sent.get("sendId").asLong()};
    }

    private long thread(Row row, Fixture f) throws IOException, InterruptedException {
        return switch (row.object()) {
            case "missing" -> MISSING;
            case "neighbour" -> messages(f).neighbourThread();
            case "sensitive" -> messages(f).sensitiveThread();
            case "former" -> messages(f).formerThread();
            default -> messages(f).ownThread();
        };
    }

    /** A message from a staff role to the child's family, or a guardian's about the child to its group's staff. */
    private static String messageTo(Row row, long child) {
        if (row.role().startsWith("GUARDIAN")) {
            return "{\"recipients\": {\"aboutChildId\": " + child + "}, \"text\": \"Hei (matrise).\"}";
        }
        return "{\"recipients\": {\"families\": [{\"childId\": " + child + "}]}, \"text\": \"Hei (matrise).\"}";
    }

    /** A fresh message from the LEADER to the child's family (a withdrawal or redaction acts on it). */
    private long freshMessage(long child) throws IOException, InterruptedException {
        String leader = api.authorization("LEADER");
        HttpResponse<String> s = api.send("POST", "/messages", leader, "{\"recipients\": {\"families\": [{\"childId\": " + child + "}]},"
                + " \"text\": \"Feil beskjed (matrise).\"}");
        require(s.statusCode() == 201, "the message sent: " + s.statusCode() + " " + s.body());
        long thread = Api.JSON.readTree(s.body()).get("threadIds").get(0).asLong();
        JsonNode view = api.getJson("/threads/" + thread, "LEADER");
        return view.get("messages").get(view.get("messages").size() - 1).get("id").asLong();
    }

    /** A fresh report for tomorrow on the child, with a free text, made by the system administrator. */
    private long absenceReport(long childId) throws IOException, InterruptedException {
        HttpResponse<String> r = api.send("POST", "/absence/reports", api.authorization("SYSTEM_ADMIN"), "{\"childId\": " + childId
                + ", \"fromDate\": \"" + java.time.LocalDate.now(OSLO).plusDays(1) + "\", \"kind\": \"SICK\", \"text\": \"Feber\"}");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("The matrix's absence report answered " + r.statusCode() + ": " + r.body());
        }
        return Api.JSON.readTree(r.body()).get("id").asLong();
    }

    /** A new staff account's body: an EMPLOYEE of the staff group (own), of another unit's group (other), a UNIT_ADMIN (admin). */
    private String newStaffAccount(Row row, Fixture f) {
        String username = "\"username\": \"matrix-staff-" + created.incrementAndGet() + "\"";
        return switch (row.object()) {
            case "other" -> "{" + username + ", \"roles\": [{\"role\": \"EMPLOYEE\", \"unitId\": " + f.otherUnit() + ", \"groupId\": "
                    + f.otherGroup() + "}]}";
            case "admin" -> "{" + username + ", \"roles\": [{\"role\": \"UNIT_ADMIN\", \"unitId\": " + f.staffUnit() + "}]}";
            default -> "{" + username + ", \"roles\": [{\"role\": \"EMPLOYEE\", \"unitId\": " + f.staffUnit() + ", \"groupId\": "
                    + f.staffGroup() + "}]}";
        };
    }

    /** The account a staff row acts on: made fresh by SYSTEM_ADMIN (or an id no account has). */
    private long staffTarget(Row row, Fixture f) throws IOException, InterruptedException {
        if (row.object().equals("missing")) {
            return MISSING;
        }
        HttpResponse<String> r = api.send("POST", "/staff-accounts", api.authorization("SYSTEM_ADMIN"), newStaffAccount(row, f));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("SYSTEM_ADMIN could not make a staff account for " + row + ": " + r.statusCode() + " " + r.body());
        }
        return Api.JSON.readTree(r.body()).get("accountId").asLong();
    }

    /**
     * A fresh pending request of the demo guardian for the own child at the staff unit: the unit
     * admin deactivates the guardian there, the guardian asks, the unit admin activates again by
     * hand (so the guardian's later rows keep their access); the request stays pending.
     */
    private long pendingRequest(Fixture f) throws IOException, InterruptedException {
        String admin = api.authorization("UNIT_ADMIN");
        String at = "/guardians/" + f.guardianPerson();
        require(api.send("POST", at + "/deactivate?unitId=" + f.staffUnit(), admin, null).statusCode() == 200, "the guardian deactivated");
        HttpResponse<String> r = api.send("POST", "/me/access-requests", api.authorization("GUARDIAN"),
                "{\"childId\": " + f.ownChild() + ", \"unitId\": " + f.staffUnit() + "}");
        require(r.statusCode() == 201, "the guardian's request made: " + r.statusCode() + " " + r.body());
        require(api.send("POST", at + "/activate?unitId=" + f.staffUnit(), admin, "{\"guardianAsked\": true}").statusCode() == 200,
                "the guardian active again");
        return Api.JSON.readTree(r.body()).get(0).get("id").asLong();
    }

    private long freshGroup(long unit) throws IOException, InterruptedException {
        HttpResponse<String> r = api.send("POST", "/units/" + unit + "/groups", api.authorization("SYSTEM_ADMIN"),
                "{\"code\": \"MATRIX-" + created.incrementAndGet() + "\", \"name\": \"Matrise\", \"type\": \"DEPARTMENT\"}");
        require(r.statusCode() == 201, "a fresh group: " + r.statusCode() + " " + r.body());
        return Api.JSON.readTree(r.body()).get("id").asLong();
    }

    private long firstGrant(long account) throws IOException, InterruptedException {
        if (account == MISSING) {
            return 1;
        }
        return api.getJson("/staff-accounts/" + account, "SYSTEM_ADMIN").get("grants").get(0).get("grantId").asLong();
    }

    private long lastRunId() throws IOException, InterruptedException {
        JsonNode runs = Api.JSON.readTree(api.send("GET", "/imports/demo-registry/runs", api.authorization("SYSTEM_ADMIN"), null).body());
        return runs.size() == 0 ? 1 : runs.get(0).get("id").asLong();
    }

    // ---- consents and the diary

    /** The matrix's diary objects, made once (by the staff group's leader and the unit admin). */
    static final class DiaryObjects {
        long ownPost;
        long ownPhoto;
        long neighbourPhoto;
        long otherPost;
        long otherPhoto;
        long ownPlan;
        long otherPlan;
        long siblingGroup;
    }

    private DiaryObjects diary;

    private DiaryObjects diary(Fixture f) throws IOException, InterruptedException {
        if (diary != null) {
            return diary;
        }
        DiaryObjects d = new DiaryObjects();
        d.siblingGroup = siblingGroup(f);
        String leader = api.authorization("LEADER");
        String admin = api.authorization("UNIT_ADMIN");
        d.ownPost = post(leader, f.staffGroup());
        try {
            d.ownPhoto = photo(leader, d.ownPost, "?tag=" + f.ownChild(), StorageFixtures.png());
            d.neighbourPhoto = photo(leader, d.ownPost, "?tag=" + f.neighbourChild(), StorageFixtures.png());
            d.otherPost = post(admin, d.siblingGroup);
            d.otherPhoto = photo(admin, d.otherPost, "", StorageFixtures.png());
            d.ownPlan = plan(leader, f.staffGroup());
            d.otherPlan = plan(admin, d.siblingGroup);
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        diary = d;
        return d;
    }

    /** A group of the staff unit besides the staff group where the demo guardian has no child. */
    private long siblingGroup(Fixture f) throws IOException, InterruptedException {
        Set<Long> mine = new HashSet<>();
        for (JsonNode c : api.getJson("/me/children", "GUARDIAN")) {
            mine.add(c.get("id").asLong());
        }
        for (JsonNode g : api.getJson("/units/" + f.staffUnit() + "/groups", "UNIT_ADMIN")) {
            long id = g.get("id").asLong();
            if (id == f.staffGroup()) {
                continue;
            }
            boolean none = true;
            for (JsonNode c : api.getJson("/groups/" + id + "/children", "UNIT_ADMIN")) {
                none &= !mine.contains(c.get("id").asLong());
            }
            if (none) {
                return id;
            }
        }
        throw new IllegalStateException("Fixture: the staff unit has no other group without the demo guardian's children");
    }

    private long post(String authorization, long group) throws IOException, InterruptedException {
        HttpResponse<String> r = api.send("POST", "/diary/posts", authorization,
                "{\"kind\": \"DIARY\", \"groupId\": " + group + ", \"title\": \"Matrisen\", \"text\": \"Tekst\"}");
        require(r.statusCode() == 201, "a diary post: " + r.statusCode() + " " + r.body());
        return Api.JSON.readTree(r.body()).get("id").asLong();
    }

    private long photo(String authorization, long post, String query, byte[] image) throws Exception {
        HttpResponse<String> r = sendBytes("POST", "/diary/posts/" + post + "/photos" + query, authorization, image);
        require(r.statusCode() == 201, "a diary photo: " + r.statusCode() + " " + r.body());
        return Api.JSON.readTree(r.body()).get("id").asLong();
    }

    private long plan(String authorization, long group) throws Exception {
        HttpResponse<String> r = sendBytes("POST", "/diary/plans?period=MONTH&startsOn=" + java.time.LocalDate.now(OSLO).withDayOfMonth(1)
                + "&title=Maanedsplan&groupId=" + group, authorization, StorageFixtures.pdf(4096));
        require(r.statusCode() == 201, "a plan: " + r.statusCode() + " " + r.body());
        return Api.JSON.readTree(r.body()).get("id").asLong();
    }

    private long freshPost(Fixture f, boolean other) throws IOException, InterruptedException {
        return post(api.authorization("UNIT_ADMIN"), other ? diary(f).siblingGroup : f.staffGroup());
    }

    private HttpResponse<String> sendBytes(String method, String path, String authorization, byte[] content) throws IOException, InterruptedException {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.baseUrl() + path))
                .timeout(java.time.Duration.ofSeconds(60)).header("Content-Type", "application/octet-stream")
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofByteArray(content));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Kinds the matrix defined: each a school year of its own (a renewal takes the year after). */
    private final AtomicInteger kinds = new AtomicInteger();

    private String freshConsentKind() {
        int n = kinds.incrementAndGet();
        return "{\"code\": \"matrise-" + n + "\", \"use\": \"yearbook\", \"schoolYear\": " + (2030 + 2 * n)
                + ", \"textNb\": \"Bilder i årboka\", \"textNn\": \"Bilete i årboka\", \"textEn\": \"Photos in the yearbook\"}";
    }

    /** A fresh kind, defined by the system administrator (renewed by the row). */
    private long definedConsentKind() throws IOException, InterruptedException {
        HttpResponse<String> r = api.send("POST", "/consent/kinds", api.authorization("SYSTEM_ADMIN"), freshConsentKind());
        require(r.statusCode() == 201, "a consent kind: " + r.statusCode() + " " + r.body());
        return Api.JSON.readTree(r.body()).get("id").asLong();
    }

    /** The kind for the diary's photos this school year (BlackBoxIT's consent case defines it, else the first row that needs it). */
    private long photoConsentKind() throws IOException, InterruptedException {
        for (JsonNode k : api.getJson("/consent/kinds", "SYSTEM_ADMIN")) {
            if (k.get("use").asText().equals("diary-photos")) {
                return k.get("id").asLong();
            }
        }
        // not yet defined (PostgresBlackBoxIT): this school year's, as the system administrator defines it
        java.time.LocalDate today = java.time.LocalDate.now(OSLO);
        HttpResponse<String> r = api.send("POST", "/consent/kinds", api.authorization("SYSTEM_ADMIN"), "{\"code\": \"bildedeling\", \"use\": "
                + "\"diary-photos\", \"schoolYear\": " + (today.getMonthValue() >= 8 ? today.getYear() : today.getYear() - 1)
                + ", \"textNb\": \"Bilder i dagboken\", \"textNn\": \"Bilete i dagboka\", \"textEn\": \"Photos in the diary\"}");
        require(r.statusCode() == 201, "the diary's photo consent: " + r.statusCode() + " " + r.body());
        return Api.JSON.readTree(r.body()).get("id").asLong();
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    static Map<String, Object> describe(Fixture f) {
        return Map.of("staffUnit", f.staffUnit(), "staffGroup", f.staffGroup(), "ownChild", f.ownChild(), "otherChild", f.otherChild());
    }
}
