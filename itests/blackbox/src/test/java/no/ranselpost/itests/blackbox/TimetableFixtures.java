package no.ranselpost.itests.blackbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The demo timetable people (data/demo-timetable.txt) and a timetable export for their school, as the school administration system sends it. */
final class TimetableFixtures {

    static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

    record Demo(String orgNumber, long unitId, String classCode, long classGroupId, String employeeId, long teacherPersonId, long pupilId,
                String teacherUser, String teacherPassword, String guardianUser, String guardianPassword) {
    }

    /** Per distribution (each suite boots its own, in the same JVM). */
    private static final Map<Path, Demo> DEMOS = new java.util.concurrent.ConcurrentHashMap<>();

    private TimetableFixtures() {
    }

    /** Waits (up to a minute) for the demo to write the file, once. */
    static Demo demo(Path home) throws IOException, InterruptedException {
        Demo known = DEMOS.get(home);
        if (known != null) {
            return known;
        }
        Path file = home.resolve("data/demo-timetable.txt");
        for (int i = 0; i < 120 && !(Files.exists(file) && Files.readString(file).contains("PUPIL_GUARDIAN")); i++) {
            Thread.sleep(500);
        }
        Map<String, String[]> v = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.trim().split("\\s+");
                v.put(f[0], f);
            }
        }
        Demo demo = new Demo(v.get("SCHOOL_ORG_NUMBER")[1], Long.parseLong(v.get("SCHOOL_UNIT_ID")[1]), v.get("CLASS_CODE")[1],
                Long.parseLong(v.get("CLASS_GROUP_ID")[1]), v.get("TEACHER_EMPLOYEE_ID")[1], Long.parseLong(v.get("TEACHER_PERSON_ID")[1]),
                Long.parseLong(v.get("PUPIL_ID")[1]), v.get("TEACHER")[1], v.get("TEACHER")[2], v.get("PUPIL_GUARDIAN")[1],
                v.get("PUPIL_GUARDIAN")[2]);
        DEMOS.put(home, demo);
        return demo;
    }

    static LocalDate thisMonday() {
        return LocalDate.now(OSLO).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /**
     * The export for the demo school (the committed schema, bundles/registry-timetable-csv): a subject group, three lessons of
     * the pupil's class (one of them cancelled on next week's Thursday), one of the subject group, and three rows the timetable
     * rejects: an unknown teacher (line 7), an unknown group (line 8), a lesson overlapping another of the class (line 9).
     */
    static String export(Demo d) {
        LocalDate from = thisMonday().minusWeeks(1);
        LocalDate to = from.plusWeeks(20);
        String cancelled = thisMonday().plusWeeks(1).plusDays(3).toString();
        String org = d.orgNumber();
        List<String> lines = List.of(
                "record_type;unit_org_number;unit_type;group_code;group_name;subject_code;subject_name;lesson_id;teacher_employee_id;room;"
                        + "weekday;start_time;end_time;valid_from;valid_to;cancelled_dates",
                "SUBJECT_GROUP;" + org + ";SCHOOL;BB-SAM;Samfunnsfag valgfag;SAM;Samfunnsfag;;;;;;;;;",
                lesson(org, d.classCode(), "NOR", "Norsk", "BB-1", d.employeeId(), "Rom 101", "TUE", "08:30", "09:30", from, to, ""),
                lesson(org, d.classCode(), "MAT", "Matematikk", "BB-2", d.employeeId(), "Rom 101", "THU", "10:00", "11:00", from, to, cancelled),
                lesson(org, d.classCode(), "ENG", "Engelsk", "BB-3", d.employeeId(), "Rom 102", "FRI", "12:30", "13:15", from, to, ""),
                lesson(org, "BB-SAM", "SAM", "Samfunnsfag", "BB-4", d.employeeId(), "Rom 201", "WED", "09:30", "10:30", from, to, ""),
                lesson(org, d.classCode(), "KRO", "Kroppsøving", "BB-5", "NO-SUCH-TEACHER", "Gymsal", "MON", "08:30", "09:30", from, to, ""),
                lesson(org, "NO-SUCH-GROUP", "KRO", "Kroppsøving", "BB-6", d.employeeId(), "Gymsal", "MON", "08:30", "09:30", from, to, ""),
                lesson(org, d.classCode(), "MUS", "Musikk", "BB-7", d.employeeId(), "Rom 301", "TUE", "09:00", "10:00", from, to, ""));
        return String.join("\n", lines) + "\n";
    }

    private static String lesson(String org, String group, String subject, String subjectName, String id, String teacher, String room,
                                 String day, String start, String end, LocalDate from, LocalDate to, String cancelled) {
        return String.join(";", "LESSON", org, "SCHOOL", group, "", subject, subjectName, id, teacher, room, day, start, end, from.toString(),
                to.toString(), cancelled);
    }
}
