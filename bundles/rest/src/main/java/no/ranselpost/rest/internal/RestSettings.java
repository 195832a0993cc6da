package no.ranselpost.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = "no.ranselpost.rest", name = "Ranselpost REST API", description = "How the API takes credentials")
public @interface RestSettings {

    @AttributeDefinition(name = "Credentials only over TLS",
            description = "Refuse a password, a Basic header or a token over plain HTTP, except from loopback and the TLS proxies below")
    boolean credentialsOnlyOverTls() default true;

    @AttributeDefinition(name = "TLS proxies",
            description = "Addresses (IP literals, comma-separated) of the TLS proxies in front; their X-Forwarded-Proto: https is trusted")
    String trustedProxies() default "";

    @AttributeDefinition(name = "Origins of the portal",
            description = "Origins (https://host[:port], comma-separated) a browser's changing request with the session cookie may come from,"
                    + " besides the server's own host")
    String allowedOrigins() default "";
}
