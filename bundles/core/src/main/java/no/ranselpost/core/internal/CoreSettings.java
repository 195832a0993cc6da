package no.ranselpost.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = "no.ranselpost.core", name = "Ranselpost core",
        description = "Settings of the core domain")
public @interface CoreSettings {

    @AttributeDefinition(name = "Allow synthetic national ids",
            description = "Accept Skatteetaten's synthetic test numbers (month + 80). On only in tests, demo and test environments.")
    boolean allowSyntheticIds() default false;
}
