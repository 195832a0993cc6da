package no.ranselpost.notification.sms.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = "no.ranselpost.notification.sms", name = "Ranselpost SMS notices",
        description = "The kommune's SMS gateway (the generic one of FORMATS.md): its URL and token")
public @interface SmsSettings {

    @AttributeDefinition(name = "Gateway URL", description = "POST <url> with {\"to\", \"text\", \"reference\"}; empty: no SMS is sent")
    String url() default "";

    @AttributeDefinition(name = "Token", description = "Sent as Authorization: Bearer; set as .token (the leading dot keeps it out of the service properties)",
            type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String _token() default "";

    @AttributeDefinition(name = "Timeout (milliseconds)", min = "100")
    int timeoutMillis() default 10000;
}
