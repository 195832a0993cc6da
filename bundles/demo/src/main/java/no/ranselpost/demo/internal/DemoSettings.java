package no.ranselpost.demo.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = "no.ranselpost.demo", name = "Ranselpost demo kommune",
        description = "Loads a synthetic kommune once, on embedded Derby only (unless allowAnyDatabase)")
public @interface DemoSettings {

    @AttributeDefinition(name = "Enabled", description = "Off in the shipped configuration")
    boolean enabled() default false;

    @AttributeDefinition(name = "Children", description = "About how many children the kommune has", min = "10", max = "200000")
    int children() default 300;

    @AttributeDefinition(name = "Seed", description = "Same seed and size, same kommune")
    long seed() default 20261130L;

    @AttributeDefinition(name = "Allow any database", description = "Load also into a database that is not embedded Derby, such as"
            + " a test environment's throwaway PostgreSQL; never on a kommune's own database. Off: the demo refuses anything but embedded Derby")
    boolean allowAnyDatabase() default false;
}
