package no.ranselpost.access.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = "no.ranselpost.access", name = "Ranselpost access policy", description = "Settings ACCESS.md names")
public @interface AccessSettings {

    @AttributeDefinition(name = "Unit-wide read for leaders",
            description = "LEADER (pedagogisk leder) reads all of the unit, read-only, not only their own groups")
    boolean unitWideRead() default false;
}
