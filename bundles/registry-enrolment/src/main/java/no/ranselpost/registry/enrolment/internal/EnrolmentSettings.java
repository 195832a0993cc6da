package no.ranselpost.registry.enrolment.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = EnrolmentSettings.PID, name = "Ranselpost enrolment source (CSV)",
        description = "Enrolments from the admission / school administration export: one CSV file per run, a full snapshot")
public @interface EnrolmentSettings {

    String PID = "no.ranselpost.registry.enrolment";

    @AttributeDefinition(name = "Pickup directory",
            description = "Where the export is dropped as *.csv; read files move to done/, unreadable ones to failed/. Empty: <karaf.data>/import/enrolment")
    String pickupDirectory() default "";

    @AttributeDefinition(name = "Largest file (bytes)", min = "1")
    long maxFileBytes() default 50L * 1024 * 1024;
}
