package no.ranselpost.itests.blackbox;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.ws.BindingProvider;

import com.fasterxml.jackson.databind.JsonNode;

import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.OrgNumber;
import no.ranselpost.itests.blackbox.soap.absence.AbsencePort;
import no.ranselpost.itests.blackbox.soap.absence.AbsenceService;
import no.ranselpost.itests.blackbox.soap.imports.EmploymentPort;
import no.ranselpost.itests.blackbox.soap.imports.EmploymentService;
import no.ranselpost.itests.blackbox.soap.imports.EnrolmentPort;
import no.ranselpost.itests.blackbox.soap.imports.EnrolmentService;
import no.ranselpost.itests.blackbox.soap.imports.StatusPort;
import no.ranselpost.itests.blackbox.soap.imports.StatusService;

/**
 * The SOAP services (issue 27) as their clients meet them: raw envelopes over HTTP, and clients
 * generated from the project's WSDLs (build time, cxf-codegen-plugin) that read the live {@code ?wsdl}.
 * Also the SOAP rows of the authorization matrix: INTEGRATION is the demo's account, bound to
 * {@code hr}; INTEGRATION_ENROLMENT an account this fixture makes, bound to {@code enrolment} (the
 * admission and school administration source), which enrols one child at a unit of its own.
 */
final class Soap {

    static final String IMPORTS_NS = "urn:no:ranselpost:soap:imports:v1";
    static final String ABSENCE_NS = "urn:no:ranselpost:soap:absence:v1";
    static final String FAULT_NS = "urn:no:ranselpost:soap:v1";
    static final String ENROLMENT_ROLE = "INTEGRATION_ENROLMENT";
    /** Every SOAP operation, as the matrix names it. */
    static final List<String> OPERATIONS = List.of("EnrolmentService.pushEnrolments", "EmploymentService.pushEmployments",
            "StatusService.getImportStatus", "AbsenceService.getAbsence", "EnrolmentService.wsdl", "EmploymentService.wsdl",
            "StatusService.wsdl", "AbsenceService.wsdl");
    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<Api, Fixture> FIXTURES = new ConcurrentHashMap<>();

    /** The enrolment source's own integration account and the unit it enrols a child at. */
    record Fixture(long accountId, String username, String password, String unitOrg, String childNationalId, long childId, long reportId,
                   String admin) {
        String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Api api;

    Soap(Api api) {
        this.api = api;
    }

    String base() {
        return api.baseUrl().replaceFirst("/v1$", "/soap");
    }

    // ---- raw envelopes

    static String envelope(String ns, String body) {
        return "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:t=\"" + ns + "\"><soapenv:Body>" + body
                + "</soapenv:Body></soapenv:Envelope>";
    }

    static String pushEnrolments(String mode, List<String[]> rows) {
        StringBuilder b = new StringBuilder("<t:pushEnrolments><t:mode>" + mode + "</t:mode>");
        String[] names = {"childNationalId", "unitOrgNumber", "unitName", "unitType", "groupCode", "groupName", "groupType", "startDate", "endDate"};
        for (String[] row : rows) {
            b.append("<t:enrolment>");
            for (int i = 0; i < names.length; i++) {
                if (i < row.length && !row[i].isEmpty()) {
                    b.append("<t:").append(names[i]).append('>').append(xml(row[i])).append("</t:").append(names[i]).append('>');
                }
            }
            b.append("</t:enrolment>");
        }
        return envelope(IMPORTS_NS, b.append("</t:pushEnrolments>").toString());
    }

    static String pushEmployments(String mode, String employmentsXml) {
        return envelope(IMPORTS_NS, "<t:pushEmployments><t:mode>" + mode + "</t:mode>" + employmentsXml + "</t:pushEmployments>");
    }

    static String getImportStatus(String source) {
        return envelope(IMPORTS_NS, "<t:getImportStatus><t:source>" + source + "</t:source><t:max>5</t:max></t:getImportStatus>");
    }

    static String getAbsence(String org, String type, LocalDate from, LocalDate to) {
        return envelope(ABSENCE_NS, "<t:getAbsence><t:unitOrgNumber>" + org + "</t:unitOrgNumber><t:unitType>" + type + "</t:unitType><t:from>"
                + from + "</t:from><t:to>" + to + "</t:to></t:getAbsence>");
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    HttpResponse<String> post(String service, String authorization, String envelope) throws IOException, InterruptedException {
        return post(service, authorization, HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String service, String authorization, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + "/" + service)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "\"\"").POST(body);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> wsdl(String service) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/" + service + "?wsdl")).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The fault's Ranselpost code (detail/rp:code), or null for an answer without a fault. */
    static String faultCode(String body) {
        if (!body.contains("Fault>")) {
            return null;
        }
        Matcher m = Pattern.compile("<(?:\\w+:)?code xmlns(?::\\w+)?=\"" + Pattern.quote(FAULT_NS) + "\">([^<]+)<").matcher(body);
        return m.find() ? m.group(1) : "(a fault without a code)";
    }

    /** The text of the first element of that local name. */
    static String element(String body, String name) {
        Matcher m = Pattern.compile("<(?:\\w+:)?" + name + "(?: [^>]*)?>([^<]*)</").matcher(body);
        return m.find() ? m.group(1) : null;
    }

    // ---- the generated client

    EnrolmentPort enrolmentClient(String username, String password) throws IOException {
        return with(new EnrolmentService(new URL(base() + "/EnrolmentService?wsdl")).getEnrolmentPort(), "EnrolmentService", username, password);
    }

    EmploymentPort employmentClient(String username, String password) throws IOException {
        return with(new EmploymentService(new URL(base() + "/EmploymentService?wsdl")).getEmploymentPort(), "EmploymentService", username,
                password);
    }

    StatusPort statusClient(String username, String password) throws IOException {
        return with(new StatusService(new URL(base() + "/StatusService?wsdl")).getStatusPort(), "StatusService", username, password);
    }

    AbsencePort absenceClient(String username, String password) throws IOException {
        return with(new AbsenceService(new URL(base() + "/AbsenceService?wsdl")).getAbsencePort(), "AbsenceService", username, password);
    }

    private <T> T with(T port, String service, String username, String password) {
        Map<String, Object> context = ((BindingProvider) port).getRequestContext();
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, base() + "/" + service);
        if (username != null) {
            context.put(BindingProvider.USERNAME_PROPERTY, username);
            context.put(BindingProvider.PASSWORD_PROPERTY, password);
        }
        return port;
    }

    // ---- the fixture

    /** Made once per running Ranselpost (the suites' Api): the enrolment integration and its unit, with one absence report there. */
    Fixture fixture() throws IOException, InterruptedException {
        Fixture f = FIXTURES.get(api);
        if (f == null) {
            f = makeFixture();
            FIXTURES.put(api, f);
        }
        return f;
    }

    private Fixture makeFixture() throws IOException, InterruptedException {
        // a session of its own: the matrix signs its cached sessions out
        String sysadmin = "Bearer " + api.freshToken("SYSTEM_ADMIN");
        String username = "soap-enrolment-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        HttpResponse<String> created = api.send("POST", "/integration-accounts", sysadmin,
                "{\"username\": \"" + username + "\", \"sourceId\": \"enrolment\"}");
        require(created.statusCode() == 201, "the enrolment integration account: " + created.body());
        JsonNode account = Api.JSON.readTree(created.body());
        String org = null;
        for (int b = 94000000 + (int) (System.nanoTime() % 500_000); org == null; b++) {
            org = OrgNumber.withCheckDigit(Integer.toString(b));
        }
        Optional<NationalId> id = Optional.empty();
        for (int individual = 500 + (int) (System.nanoTime() % 400); id.isEmpty(); individual++) {
            id = NationalId.compose(LocalDate.of(2016, 3, 14), individual, NationalId.Kind.D_NUMBER, true);
        }
        LocalDate today = LocalDate.now(OSLO);
        String basic = "Basic " + Base64.getEncoder().encodeToString((username + ":" + account.get("password").asText())
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> pushed = post("EnrolmentService", basic, pushEnrolments("CHANGES", List.<String[]>of(new String[] {
                id.get().value(), org, "Soap skole", "SCHOOL", "4B", "4B", "CLASS", today.minusDays(30).toString(), ""})));
        require(pushed.statusCode() == 200 && "SUCCEEDED".equals(element(pushed.body(), "status")), "the fixture's enrolment pushed: "
                + pushed.body());
        long unitId = -1;
        for (JsonNode u : api.getJsonWith("/units", sysadmin)) {
            if (u.path("orgNumber").asText().equals(org)) {
                unitId = u.get("id").asLong();
            }
        }
        require(unitId > 0, "the pushed unit is listed");
        long childId = -1;
        for (JsonNode g : api.getJsonWith("/units/" + unitId + "/groups", sysadmin)) {
            for (JsonNode c : api.getJsonWith("/groups/" + g.get("id").asLong() + "/children", sysadmin)) {
                childId = c.get("id").asLong();
            }
        }
        require(childId > 0, "the pushed child is in its group");
        HttpResponse<String> report = api.send("POST", "/absence/reports", sysadmin, "{\"childId\": " + childId + ", \"fromDate\": \""
                + today.plusDays(1) + "\", \"kind\": \"SICK\", \"text\": \"Feber\"}");
        require(report.statusCode() / 100 == 2, "an absence report at the fixture's unit: " + report.body());
        return new Fixture(account.get("accountId").asLong(), username, account.get("password").asText(), org, id.get().value(), childId,
                Api.JSON.readTree(report.body()).get("id").asLong(), sysadmin);
    }

    /** A valid organisation number that no unit has (the demo's and the fixtures' start elsewhere). */
    static String missingOrg() {
        String org = null;
        for (int b = 89999000; org == null; b++) {
            org = OrgNumber.withCheckDigit(Integer.toString(b));
        }
        return org;
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("SOAP fixture: " + what);
        }
    }

    // ---- the matrix

    /**
     * One SOAP row: the status is {@code 200}, or the fault's code ({@code unauthenticated} comes with
     * HTTP 401, any other fault with 500, as WS-I Basic Profile has it). The object: {@code own} is
     * the caller's source (StatusService) or the fixture's unit (AbsenceService), {@code other} the
     * other source or the demo's staff unit, {@code missing} an organisation number no unit has.
     */
    String run(AuthorizationMatrix.Row row, AuthorizationMatrix.Fixture f) throws IOException, InterruptedException {
        Fixture soap = fixture();
        String authorization = row.role().equals(ENROLMENT_ROLE) ? soap.basic() : api.authorization(row.role());
        String[] op = row.operationId().split("\\.");
        String service = op[0];
        HttpResponse<String> r;
        if (op[1].equals("wsdl")) {
            r = wsdl(service);
            boolean ok = r.statusCode() == 200 && r.body().contains("wsdl:definitions") && r.body().contains(base() + "/" + service + "\"");
            return row.status().equals(ok ? "200" : "-") ? null : row + ": expected " + row.status() + ", got " + r.statusCode();
        }
        LocalDate today = LocalDate.now(OSLO);
        String envelope = switch (row.operationId()) {
            case "EnrolmentService.pushEnrolments" -> pushEnrolments("CHANGES", List.of());
            case "EmploymentService.pushEmployments" -> pushEmployments("CHANGES", "");
            case "StatusService.getImportStatus" -> {
                boolean enrolment = row.role().equals(ENROLMENT_ROLE);
                boolean own = row.object().equals("own");
                yield getImportStatus(enrolment == own ? "enrolment" : "hr");
            }
            case "AbsenceService.getAbsence" -> getAbsence(switch (row.object()) {
                case "own" -> soap.unitOrg();
                case "missing" -> missingOrg();
                default -> unitOrg(f.staffUnit());
            }, row.object().equals("own") ? "SCHOOL" : unitType(f.staffUnit()), today.minusDays(7), today.plusDays(7));
            default -> throw new IllegalStateException("The matrix runner does not know " + row.operationId() + ": teach it");
        };
        r = post(service, authorization, envelope);
        String code = faultCode(r.body());
        String got = code == null && r.statusCode() == 200 ? "200" : code;
        if (!row.status().equals(got)) {
            return row + ": expected " + row.status() + ", got HTTP " + r.statusCode() + " " + got + " " + abbreviate(r.body());
        }
        int expectedHttp = got.equals("200") ? 200 : got.equals("unauthenticated") ? 401 : 500;
        if (r.statusCode() != expectedHttp) {
            return row + ": " + got + " with HTTP " + r.statusCode() + ", expected " + expectedHttp;
        }
        if (code != null && (r.body().contains("Exception") || r.body().contains("\tat "))) {
            return row + ": a fault that names an exception or holds a stack trace: " + abbreviate(r.body());
        }
        return null;
    }

    private String unitOrg(long unitId) throws IOException, InterruptedException {
        return api.getJsonWith("/units/" + unitId, fixture().admin()).get("orgNumber").asText();
    }

    private String unitType(long unitId) throws IOException, InterruptedException {
        return api.getJsonWith("/units/" + unitId, fixture().admin()).get("type").asText();
    }

    /** SOAP operations the matrix does not cover without credentials, for both integrations and for staff. */
    static List<String> uncovered(List<AuthorizationMatrix.Row> rows) {
        List<String> missing = new ArrayList<>();
        for (String op : OPERATIONS) {
            List<String> needed = op.endsWith(".wsdl") ? List.of("-") : List.of("-", "INTEGRATION", ENROLMENT_ROLE, "SYSTEM_ADMIN", "LEADER");
            for (String role : needed) {
                if (rows.stream().noneMatch(r -> r.operationId().equals(op) && r.role().equals(role))) {
                    missing.add(op + " as " + role);
                }
            }
        }
        return missing;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
