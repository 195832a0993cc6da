package no.ranselpost.core.api;

/** The ids of overrides of imported data; the core bundle declares their rules (ACCESS.md: SYSTEM_ADMIN, with a reason). */
public final class OverrideActions {

    public static final String OVERRIDE = "core.person.override";
    public static final String LIFT = "core.person.override-lift";
    /** Which overrides apply to a person: a system administrator, the unit admin of the person's units. */
    public static final String READ = "core.person.override-read";
    /** Edit a person's names by hand where no source describes the person. */
    public static final String EDIT = "core.person.edit";

    private OverrideActions() {
    }
}
