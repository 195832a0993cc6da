package no.ranselpost.registry.timetablecsv.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = TimetableCsvSettings.PID, name = "Ranselpost timetable source (CSV)",
        description = "Subject groups and lessons from the school administration system: one CSV file per run, a full snapshot")
public @interface TimetableCsvSettings {

    String PID = "no.ranselpost.registry.timetablecsv";

    @AttributeDefinition(name = "Pickup directory",
            description = "Where the export is dropped as *.csv; read files move to done/, unreadable ones to failed/. Empty: <karaf.data>/import/timetable")
    String pickupDirectory() default "";

    @AttributeDefinition(name = "Largest file (bytes)", min = "1")
    long maxFileBytes() default 20L * 1024 * 1024;
}
