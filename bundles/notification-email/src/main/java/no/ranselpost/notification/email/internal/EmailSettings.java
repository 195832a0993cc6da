package no.ranselpost.notification.email.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = "no.ranselpost.notification.email", name = "Ranselpost e-mail notices",
        description = "The kommune's SMTP server for notices: host, port, STARTTLS, authentication and the From address")
public @interface EmailSettings {

    @AttributeDefinition(name = "SMTP host")
    String host() default "localhost";

    @AttributeDefinition(name = "SMTP port", min = "1", max = "65535")
    int port() default 25;

    @AttributeDefinition(name = "STARTTLS", description = "NONE, OPTIONAL (when the server offers it) or REQUIRED")
    String starttls() default "OPTIONAL";

    @AttributeDefinition(name = "User name", description = "Empty: no authentication")
    String username() default "";

    @AttributeDefinition(name = "Password", description = "Set as .password (the leading dot keeps it out of the service properties)",
            type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String _password() default "";

    @AttributeDefinition(name = "From", description = "The sender of notices, e.g. Ranselpost <ikke-svar@kommune.no>")
    String from() default "Ranselpost <no-reply@localhost>";

    @AttributeDefinition(name = "Timeout (milliseconds)", description = "Connecting, reading and writing", min = "100")
    int timeoutMillis() default 10000;
}
