package no.ranselpost.persistence.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ranselpost leases", description = "The database leases of the jobs only one node runs at a time")
public @interface LeaseSettings {

    @AttributeDefinition(name = "Time to live (s)",
            description = "How long a lease lives without renewal; renewed every third of it while its job works. A node killed "
                    + "hard gives up its leases after this long.", min = "3")
    int ttlSeconds() default 60;

    @AttributeDefinition(name = "Node name", description = "Written into the leases this node holds; one per node, the same after a "
            + "restart (a restarted node releases what it held under it); empty: host name and Karaf directory")
    String nodeName() default "";
}
