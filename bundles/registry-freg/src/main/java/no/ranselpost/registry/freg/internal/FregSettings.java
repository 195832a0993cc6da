package no.ranselpost.registry.freg.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = FregSettings.PID, name = "Ranselpost Folkeregisteret source",
        description = "Folkeregisteret, rights package offentlig med hjemmel: the followed children and their parental responsibility")
public @interface FregSettings {

    String PID = "no.ranselpost.registry.freg";

    @AttributeDefinition(name = "Base URL", description = "e.g. https://host/folkeregisteret/offentlig-med-hjemmel/api")
    String baseUrl();

    /**
     * Property {@code .staticToken}: the leading dot keeps it private to the component, so the
     * token is not published as a service property of the RegistrySource.
     */
    @AttributeDefinition(name = "Static token", type = AttributeType.PASSWORD, required = false,
            description = "A fixed bearer token (tests and test environments); empty: tokens from the AccessTokenSupplier (Maskinporten). Property name .staticToken")
    String _staticToken() default "";

    @AttributeDefinition(name = "Scope", description = "The Maskinporten scope asked for")
    String scope() default "folkeregister:deling/offentligmedhjemmel";

    @AttributeDefinition(name = "Followed units", description = "Organisation numbers whose enrolled children are followed; empty: every child enrolled today")
    String[] followUnits() default {};

    @AttributeDefinition(name = "Batch size", description = "Identifiers per bulk look-up (at most 1000)", min = "1", max = "1000")
    int batchSize() default 1000;

    @AttributeDefinition(name = "Longest Retry-After honoured (ms)", min = "0")
    long maxRetryAfterMillis() default 60000;

    @AttributeDefinition(name = "Attempts per call", description = "Attempts on 5xx and I/O failures before the run fails", min = "1")
    int maxAttempts() default 5;

    @AttributeDefinition(name = "First backoff (ms)", description = "Doubles on every failed attempt", min = "0")
    long initialBackoffMillis() default 500;

    @AttributeDefinition(name = "Request timeout (ms)", min = "1")
    long requestTimeoutMillis() default 60000;

    @AttributeDefinition(name = "Largest response body (bytes)", min = "1")
    long maxBodyBytes() default 50L * 1024 * 1024;
}
