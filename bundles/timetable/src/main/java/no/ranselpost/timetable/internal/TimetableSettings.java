package no.ranselpost.timetable.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = TimetableSettings.PID, name = "Ranselpost timetable",
        description = "Calendar feeds and the OneRoster export for Feide and learning tools")
public @interface TimetableSettings {

    String PID = "no.ranselpost.timetable";

    @AttributeDefinition(name = "Export interval (hours)", description = "How often the OneRoster export runs on its own; 0: on demand only", min = "0")
    int exportIntervalHours() default 24;

    @AttributeDefinition(name = "Strengt fortrolig pupils in the export",
            description = "NAME_ONLY (the default): an internal id and the name, with the pupil's classes, no national id; EXCLUDE: not exported",
            options = {@org.osgi.service.metatype.annotations.Option(value = "NAME_ONLY"), @org.osgi.service.metatype.annotations.Option(value = "EXCLUDE")})
    String strictlyConfidentialExport() default "NAME_ONLY";

    @AttributeDefinition(name = "National ids in the export", description = "Pupils' national ids as userIds {nin:...} (Feide matches on them)")
    boolean exportNationalIds() default true;

    @AttributeDefinition(name = "Exports kept", min = "1")
    int exportsKept() default 10;
}
