package org.example.kommune.sfo;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration: etc/org.example.kommune.sfo-&lt;name&gt;.cfg (a factory configuration). */
@ObjectClassDefinition(id = SfoSettings.PID, name = "Example kommune SFO register",
        description = "Enrolments in SFO from the kommune's own SFO register, read as a change list over HTTP")
public @interface SfoSettings {

    String PID = "org.example.kommune.sfo";

    @AttributeDefinition(name = "Base URL", description = "The register's API, e.g. https://sfo.kommune.example/api; the connector reads {baseUrl}/changes")
    String baseUrl();

    /** Property {@code .token}: the leading dot keeps it private to the component (not a service property). */
    @AttributeDefinition(name = "Token", type = AttributeType.PASSWORD, description = "A bearer token, if the register wants one. Property name .token")
    String _token() default "";

    @AttributeDefinition(name = "Request timeout (ms)", min = "1")
    long requestTimeoutMillis() default 30000;

    @AttributeDefinition(name = "Largest change list (bytes)", min = "1")
    long maxBodyBytes() default 10L * 1024 * 1024;
}
