package no.ranselpost.audit.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = "no.ranselpost.audit", name = "Ranselpost audit trail", description = "Sealing of the audit trail")
public @interface AuditSettings {

    @AttributeDefinition(name = "Seal interval (seconds)", description = "How often the sealing job runs; 0 turns the job off", min = "0")
    int sealIntervalSeconds() default 60;

    @AttributeDefinition(name = "Seal margin (seconds)",
            description = "Records younger than this wait for the next seal; a record that commits later (a long transaction, another node) "
                    + "goes into the next seal whatever its id",
            min = "0")
    int sealMarginSeconds() default 10;

    @AttributeDefinition(name = "Records per seal", min = "1")
    int sealBatchSize() default 10000;

    @AttributeDefinition(name = "Published seal file",
            description = "Where the latest seal is published outside the table; empty: <karaf.data>/audit/latest-seal.txt")
    String sealFile() default "";
}
