package no.ranselpost.soap.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ranselpost SOAP publisher", description = "The JAX-WS publisher at /api/soap/<Service>")
public @interface SoapSettings {

    @AttributeDefinition(description = "The largest envelope accepted, in bytes; a larger one is refused with a fault before it is parsed")
    long maxEnvelopeBytes() default 10L * 1024 * 1024;

    @AttributeDefinition(description = "Refuse HTTP Basic over plain HTTP, except from loopback and the TLS proxies below")
    boolean credentialsOnlyOverTls() default true;

    @AttributeDefinition(description = "The TLS proxies in front (IP addresses, comma-separated): their X-Forwarded-Proto: https is believed")
    String trustedProxies() default "";
}
