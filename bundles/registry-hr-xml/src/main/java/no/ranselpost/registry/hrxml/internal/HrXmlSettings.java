package no.ranselpost.registry.hrxml.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = HrXmlSettings.PID, name = "Ranselpost HR XML source (Vigilo-style)",
        description = "Reads the newest ExportInfo XML file from a pickup directory: a full snapshot of the employments")
public @interface HrXmlSettings {

    String PID = "no.ranselpost.registry.hrxml";

    @AttributeDefinition(name = "Pickup directory",
            description = "Where the HR system drops its exports; ${karaf.data} is Karaf's data directory. Read files move to done/, unreadable ones to failed/")
    String pickupDirectory() default "${karaf.data}/import/hr";

    @AttributeDefinition(name = "Position table",
            description = "Position code to role, entries code=ROLE (LEADER or EMPLOYEE), e.g. 7951=LEADER,7954=EMPLOYEE. "
                    + "An employment with a code not in the table is kept without a role and reported")
    String[] positionRoles() default {};

    @AttributeDefinition(name = "Largest file (bytes)", min = "1")
    long maxFileBytes() default 50L * 1024 * 1024;
}
