package no.ranselpost.timetable.api;

/** The ids of the timetable capability's actions; the capability declares their rules. */
public final class TimetableActions {

    /** A pupil's week: the pupil's guardians and the pupil's staff. */
    public static final String PUPIL_READ = "timetable.pupil.read";
    /** A teacher's week: the teacher and the unit admin. */
    public static final String TEACHER_READ = "timetable.teacher.read";
    /** A group's week: the group's staff and the unit admin. */
    public static final String GROUP_READ = "timetable.group.read";
    /** Enter, change or remove a lesson or subject group no source owns: the unit admin. */
    public static final String LESSON_WRITE = "timetable.lesson.write";
    /** Create, renew or revoke one's own calendar feed. */
    public static final String FEED_MANAGE = "timetable.feed.manage";
    /** Run the OneRoster export now. */
    public static final String EXPORT_RUN = "timetable.export.run";
    /** Read the newest OneRoster export: SYSTEM_ADMIN and the INTEGRATION account bound to {@code feide}. */
    public static final String EXPORT_READ = "timetable.export.read";

    /** The source id an export reader is bound to. */
    public static final String FEIDE_SOURCE = "feide";
    /** The record types the timetable brings to the registry SPI. */
    public static final String SUBJECT_GROUP_RECORD = "timetable.subject-group";
    public static final String LESSON_RECORD = "timetable.lesson";

    private TimetableActions() {
    }
}
