package no.ranselpost.absence.api;

/** The ids of the absence capability's actions and fields; the capability declares their rules. */
public final class AbsenceActions {

    public static final String REPORT = "absence.report.create";
    public static final String CHANGE = "absence.report.change";
    public static final String CHILD_READ = "absence.child.read";
    public static final String GROUP_DAY_READ = "absence.group.read-day";
    public static final String UNIT_DAY_READ = "absence.unit.read-day";
    /** A unit's reports over a period (the school administration system; @since 1.1). */
    public static final String UNIT_PERIOD_READ = "absence.unit.read-period";
    /** The kind of target of {@link #UNIT_PERIOD_READ}: a unit, with the source that enrols its children (@since 1.1). */
    public static final String UNIT_SOURCE_KIND = "absence.unit-source";
    /** The school administration system's source (GLOSSARY.md: enrolments come from it; @since 1.1). */
    public static final String SCHOOL_ADMINISTRATION_SOURCE = "enrolment";
    public static final String TEXT_REMOVE = "absence.text.remove";
    public static final String OPENING_HOURS_READ = "absence.opening-hours.read";
    public static final String OPENING_HOURS_SET = "absence.opening-hours.set";
    public static final String HEALTH_READ = "health.child.read";
    public static final String HEALTH_UPDATE = "health.child.update";

    /** The view of a report: which of its fields a reader sees. */
    public static final String REPORT_VIEW = "absence.report";
    public static final String FIELD_TEXT = "text";
    /** The view of health information. */
    public static final String HEALTH_VIEW = "health.child";
    public static final String FIELD_ALLERGIES = "allergies";
    public static final String FIELD_INTOLERANCES = "intolerances";
    public static final String FIELD_GP = "gp";

    private AbsenceActions() {
    }
}
