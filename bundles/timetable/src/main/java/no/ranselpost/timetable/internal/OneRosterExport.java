package no.ranselpost.timetable.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.persistence.EntityManager;

import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.persistence.entity.EmploymentEntity;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.LessonEntity;
import no.ranselpost.persistence.entity.MunicipalityEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.SubjectGroupEntity;
import no.ranselpost.persistence.entity.UnitEntity;

/**
 * The OneRoster 1.2 CSV bulk export (the CSV binding's files, header rows in its column order,
 * RFC 4180 quoting, UTF-8) of the kommune's schools: the kommune and its schools (orgs), this
 * school year (academicSessions), the classes and subject groups (classes, with a course each),
 * pupils enrolled today and their teachers (users, roles) and who is in which class (enrollments),
 * with manifest.csv. Ids are Ranselpost's internal ids with a prefix, never a national id; a
 * pupil with strengt fortrolig address goes out with the minimum the kommune configured.
 */
final class OneRosterExport {

    /** What goes out of a pupil with strengt fortrolig address. */
    enum Protected { NAME_ONLY, EXCLUDE }

    record Result(byte[] zip, int users) {
    }

    static final List<String> MANIFEST = List.of("propertyName", "value");
    static final List<String> ORGS = List.of("sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId");
    static final List<String> ACADEMIC_SESSIONS = List.of("sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate",
            "parentSourcedId", "schoolYear");
    static final List<String> COURSES = List.of("sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode",
            "grades", "orgSourcedId", "subjects", "subjectCodes");
    static final List<String> CLASSES = List.of("sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode",
            "classType", "location", "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods");
    static final List<String> USERS = List.of("sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds", "givenName",
            "familyName", "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password", "userMasterIdentifier",
            "resourceSourcedIds", "preferredGivenName", "preferredMiddleName", "preferredFamilyName", "primaryOrgSourcedId", "pronouns");
    static final List<String> ROLES = List.of("sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate",
            "endDate", "orgSourcedId", "userProfileSourcedId");
    static final List<String> ENROLLMENTS = List.of("sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId",
            "userSourcedId", "role", "primary", "beginDate", "endDate");

    /** The files the binding names, in the manifest's order, with what this export gives of each. */
    static final Map<String, String> FILES = new LinkedHashMap<>();

    static {
        for (String f : List.of("academicSessions", "categories", "classes", "classResources", "courses", "courseResources", "demographics",
                "enrollments", "lineItemLearningObjectiveIds", "lineItems", "lineItemScoreScales", "orgs", "resources",
                "resultLearningObjectiveIds", "results", "resultScoreScales", "roles", "scoreScales", "userProfiles", "userResources", "users")) {
            FILES.put(f, Set.of("academicSessions", "classes", "courses", "enrollments", "orgs", "roles", "users").contains(f) ? "bulk" : "absent");
        }
    }

    private OneRosterExport() {
    }

    static Result build(EntityManager em, LocalDate today, OffsetDateTime now, Protected protectedPupils, boolean nationalIds) {
        String modified = now.withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replace("+00:00", "Z");
        // the school year: 1 August to 31 July; OneRoster names it by the year it ends
        int endYear = today.getMonthValue() >= 8 ? today.getYear() + 1 : today.getYear();
        String session = "sy-" + endYear;
        LocalDate yearStart = LocalDate.of(endYear - 1, 8, 1);
        LocalDate yearEnd = LocalDate.of(endYear, 7, 31);

        List<MunicipalityEntity> kommuner = em.createQuery("select m from MunicipalityEntity m order by m.id", MunicipalityEntity.class).getResultList();
        String kommune = kommuner.isEmpty() ? "kommune" : "kommune-" + kommuner.get(0).getNumber();
        List<UnitEntity> schools = em.createQuery("select u from UnitEntity u where u.unitType = :t order by u.id", UnitEntity.class)
                .setParameter("t", UnitType.SCHOOL).getResultList();

        List<List<String>> orgs = new ArrayList<>();
        orgs.add(List.of(kommune, "", "", kommuner.isEmpty() ? "Kommune" : kommuner.get(0).getName(), "district",
                kommuner.isEmpty() ? "" : kommuner.get(0).getNumber(), ""));
        for (UnitEntity u : schools) {
            orgs.add(List.of(org(u), "", "", u.getName(), "school", u.getOrgNumber(), kommune));
        }
        List<List<String>> sessions = List.of(List.of(session, "", "", "Skoleåret " + (endYear - 1) + "/" + endYear, "schoolYear",
                yearStart.toString(), yearEnd.toString(), "", Integer.toString(endYear)));

        Map<String, SubjectGroupEntity> subjects = new LinkedHashMap<>();
        em.createQuery("select s from SubjectGroupEntity s", SubjectGroupEntity.class).getResultList()
                .forEach(s -> subjects.put(Long.toString(s.getGroup().getId()), s));
        List<GroupEntity> groups = em.createQuery("select g from GroupEntity g where g.unit.unitType = :t and g.groupType in :types"
                        + " order by g.unit.id, g.code", GroupEntity.class).setParameter("t", UnitType.SCHOOL)
                .setParameter("types", List.of(GroupType.CLASS, GroupType.BASE_GROUP, GroupType.SUBJECT_GROUP)).getResultList();
        Map<String, List<String>> courses = new LinkedHashMap<>();
        List<List<String>> classes = new ArrayList<>();
        for (GroupEntity g : groups) {
            SubjectGroupEntity sg = subjects.get(Long.toString(g.getId()));
            String subject = sg == null ? "" : sg.getSubjectName();
            String subjectCode = sg == null ? "" : sg.getSubjectCode();
            String courseCode = sg == null ? (g.getGroupType() == GroupType.CLASS ? "KLASSE" : "BASIS") : sg.getSubjectCode();
            String course = "course-" + g.getUnit().getId() + "-" + courseCode.replaceAll("[^A-Za-z0-9_.-]", "_");
            courses.putIfAbsent(course, List.of(course, "", "", session, sg == null ? (g.getGroupType() == GroupType.CLASS ? "Klasse" : "Basisgruppe")
                    : sg.getSubjectName(), courseCode, "", org(g.getUnit()), subject, ""));
            classes.add(List.of(clazz(g), "", "", g.getName(), "", course, g.getCode(),
                    g.getGroupType() == GroupType.CLASS ? "homeroom" : "scheduled", "", org(g.getUnit()), session, subject, "", ""));
        }

        Map<Long, List<String>> users = new LinkedHashMap<>();
        List<List<String>> roles = new ArrayList<>();
        List<List<String>> enrollments = new ArrayList<>();
        Set<String> roleKeys = new LinkedHashSet<>();
        // pupils enrolled today at a school, in one of its exported groups
        List<EnrolmentEntity> current = em.createQuery("select e from EnrolmentEntity e where e.unit.unitType = :t and e.group is not null"
                        + " and e.startDate <= :d and (e.endDate is null or e.endDate >= :d) order by e.child.id, e.id", EnrolmentEntity.class)
                .setParameter("t", UnitType.SCHOOL).setParameter("d", today).getResultList();
        Set<Long> exportedGroups = new java.util.HashSet<>();
        groups.forEach(g -> exportedGroups.add(g.getId()));
        for (EnrolmentEntity e : current) {
            PersonEntity p = e.getChild();
            if (!exportedGroups.contains(e.getGroup().getId())) {
                continue;
            }
            boolean strict = p.getAddressProtection() == AddressProtection.STRICTLY_CONFIDENTIAL;
            if (strict && protectedPupils == Protected.EXCLUDE) {
                continue;
            }
            String user = user(p);
            users.computeIfAbsent(p.getId(), id -> List.of(user, "", "", "true", user, strict || !nationalIds ? "" : "{nin:" + p.getNationalId() + "}",
                    nz(p.getGivenName()), nz(p.getFamilyName()), "", "", "", "", "", "", "", "", "", "", "", "", "", org(e.getUnit()), ""));
            if (roleKeys.add(user + "|" + e.getUnit().getId())) {
                roles.add(List.of("role-" + user + "-" + e.getUnit().getId(), "", "", user, "primary", "student", "", "", org(e.getUnit()), ""));
            }
            enrollments.add(List.of("enr-" + e.getId(), "", "", clazz(e.getGroup()), org(e.getUnit()), user, "student", "false",
                    e.getStartDate().toString(), e.getEndDate() == null ? "" : e.getEndDate().toString()));
        }
        // teachers: of lessons in the exported groups, and those employed at a school today
        Map<String, String> teaches = new LinkedHashMap<>();
        for (LessonEntity l : em.createQuery("select l from LessonEntity l where l.teacher is not null and l.validFrom <= :d and l.validTo >= :d"
                + " order by l.id", LessonEntity.class).setParameter("d", today).getResultList()) {
            if (exportedGroups.contains(l.getGroup().getId())) {
                teaches.putIfAbsent(l.getTeacher().getId() + "|" + l.getGroup().getId(), "");
                addTeacher(users, roles, roleKeys, l.getTeacher(), l.getUnit());
            }
        }
        for (EmploymentEntity e : em.createQuery("select e from EmploymentEntity e where e.unit.unitType = :t and e.startDate <= :d"
                + " and (e.endDate is null or e.endDate >= :d) order by e.id", EmploymentEntity.class).setParameter("t", UnitType.SCHOOL)
                .setParameter("d", today).getResultList()) {
            addTeacher(users, roles, roleKeys, e.getPerson(), e.getUnit());
        }
        Map<Long, GroupEntity> byId = new LinkedHashMap<>();
        groups.forEach(g -> byId.put(g.getId(), g));
        for (String key : teaches.keySet()) {
            String[] parts = key.split("\\|");
            GroupEntity g = byId.get(Long.parseLong(parts[1]));
            String user = "user-" + parts[0];
            enrollments.add(List.of("enr-t" + parts[0] + "-" + g.getId(), "", "", clazz(g), org(g.getUnit()), user, "teacher", "true", "", ""));
        }

        List<List<String>> manifest = new ArrayList<>();
        manifest.add(List.of("manifest.version", "1.0"));
        manifest.add(List.of("oneroster.version", "1.2"));
        FILES.forEach((f, mode) -> manifest.add(List.of("file." + f, mode)));
        manifest.add(List.of("source.systemName", "Ranselpost"));
        manifest.add(List.of("source.systemCode", kommune));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            write(zip, "manifest.csv", MANIFEST, manifest);
            write(zip, "academicSessions.csv", ACADEMIC_SESSIONS, sessions);
            write(zip, "classes.csv", CLASSES, classes);
            write(zip, "courses.csv", COURSES, new ArrayList<>(courses.values()));
            write(zip, "enrollments.csv", ENROLLMENTS, enrollments);
            write(zip, "orgs.csv", ORGS, orgs);
            write(zip, "roles.csv", ROLES, roles);
            write(zip, "users.csv", USERS, new ArrayList<>(users.values()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // bulk files carry no status or date (the binding: both blank in bulk mode); the export's time is in the manifest's source
        return new Result(bytes.toByteArray(), users.size());
    }

    private static void addTeacher(Map<Long, List<String>> users, List<List<String>> roles, Set<String> roleKeys, PersonEntity p, UnitEntity unit) {
        String user = user(p);
        users.computeIfAbsent(p.getId(), id -> List.of(user, "", "", "true", user, "", nz(p.getGivenName()), nz(p.getFamilyName()), "", "",
                nz(p.getEmail()), "", "", "", "", "", "", "", "", "", "", org(unit), ""));
        if (roleKeys.add(user + "|" + unit.getId())) {
            roles.add(List.of("role-" + user + "-" + unit.getId(), "", "", user, "primary", "teacher", "", "", org(unit), ""));
        }
    }

    private static String org(UnitEntity u) {
        return "org-" + u.getId();
    }

    private static String clazz(GroupEntity g) {
        return "class-" + g.getId();
    }

    private static String user(PersonEntity p) {
        return "user-" + p.getId();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void write(ZipOutputStream zip, String name, List<String> header, List<List<String>> rows) throws IOException {
        StringBuilder out = new StringBuilder();
        line(out, header);
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalStateException(name + ": a row of " + row.size() + " fields under " + header.size() + " columns");
            }
            line(out, row);
        }
        zip.putNextEntry(new ZipEntry(name));
        zip.write(out.toString().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled; lines end with CRLF. */
    private static void line(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String f = fields.get(i) == null ? "" : fields.get(i).replace("\r", " ").replace("\n", " ");
            if (f.contains(",") || f.contains("\"")) {
                out.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                out.append(f);
            }
        }
        out.append("\r\n");
    }
}
