package no.ranselpost.registry.krr.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = KrrSettings.PID, name = "Ranselpost KRR source",
        description = "Kontakt- og reservasjonsregisteret (oppslagstjenesten REST): the guardians' e-mail, mobile and reservation")
public @interface KrrSettings {

    String PID = "no.ranselpost.registry.krr";

    @AttributeDefinition(name = "Base URL", description = "Before /rest/v1/personer, e.g. https://krr.digdir.no")
    String baseUrl();

    /** Property {@code .staticToken}: the leading dot keeps it out of the service properties. */
    @AttributeDefinition(name = "Static token", type = AttributeType.PASSWORD, required = false,
            description = "A fixed bearer token (tests and test environments); empty: tokens from the AccessTokenSupplier (Maskinporten). Property name .staticToken")
    String _staticToken() default "";

    @AttributeDefinition(name = "Scope", description = "The Maskinporten scope asked for")
    String scope() default "krr:global/kontaktinformasjon.read";

    @AttributeDefinition(name = "Batch size", description = "Persons per look-up (at most 1000)", min = "1", max = "1000")
    int batchSize() default 1000;

    @AttributeDefinition(name = "Refresh after (minutes)",
            description = "A guardian last looked up longer ago than this is looked up again (0: every run looks up everyone)", min = "0")
    long refreshAfterMinutes() default 1440;

    @AttributeDefinition(name = "Schedule (minutes)",
            description = "At most one scheduled run per this many minutes, when a guardian is due (0: no scheduled runs)", min = "0")
    long scheduleMinutes() default 60;

    @AttributeDefinition(name = "Longest Retry-After honoured (ms)", min = "0")
    long maxRetryAfterMillis() default 60000;

    @AttributeDefinition(name = "Attempts per call", description = "Attempts on 5xx and I/O failures before the run fails", min = "1")
    int maxAttempts() default 5;

    @AttributeDefinition(name = "First backoff (ms)", description = "Doubles on every failed attempt", min = "0")
    long initialBackoffMillis() default 500;

    @AttributeDefinition(name = "Request timeout (ms)", min = "1")
    long requestTimeoutMillis() default 60000;

    @AttributeDefinition(name = "Largest response body (bytes)", min = "1")
    long maxBodyBytes() default 20L * 1024 * 1024;
}
