package no.ranselpost.registry.imports.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = "no.ranselpost.registry.import", name = "Ranselpost registry import",
        description = "How imports from the kommune's registries are applied")
public @interface ImportSettings {

    @AttributeDefinition(name = "Mass-deletion hold (share)",
            description = "A full-snapshot run that would end more than this share of what its source holds waits for a SYSTEM_ADMIN to confirm")
    double massDeletionShare() default 0.10;

    @AttributeDefinition(name = "Pickup interval (seconds)",
            description = "How often file sources are asked whether a new file waits in their pickup directory; 0 turns it off", min = "0")
    int pickupIntervalSeconds() default 60;

    @AttributeDefinition(name = "Progress interval", description = "Records between progress updates of a running import", min = "1")
    int progressEvery() default 500;

    @AttributeDefinition(name = "Records per transaction",
            description = "Children or enrolment rows applied together in one transaction; a rejected one rolls the batch back to it, "
                    + "the ones before it are applied together again and it alone is rejected (1: every record in its own transaction)",
            min = "1", max = "2000")
    int recordsPerTransaction() default 200;
}
