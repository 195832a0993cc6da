package no.ranselpost.registry.hrcsv.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = HrCsvSettings.PID, name = "Ranselpost HR source (CSV, Visma-style)",
        description = "Employments from the HR export: one CSV file per run, a full snapshot")
public @interface HrCsvSettings {

    String PID = "no.ranselpost.registry.hrcsv";

    @AttributeDefinition(name = "Pickup directory",
            description = "Where the export is dropped as *.csv; read files move to done/, unreadable ones to failed/. Empty: <karaf.data>/import/hr")
    String pickupDirectory() default "";

    @AttributeDefinition(name = "Position codes to roles",
            description = "code=ROLE, comma-separated; ROLE is LEADER or EMPLOYEE. A code not listed: the employment is kept without a role, and reported")
    String positionRoles() default "7951=LEADER,7954=EMPLOYEE";

    @AttributeDefinition(name = "Largest file (bytes)", min = "1")
    long maxFileBytes() default 50L * 1024 * 1024;
}
