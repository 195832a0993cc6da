package no.ranselpost.registry.maskinporten.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = MaskinportenSettings.PID, name = "Ranselpost Maskinporten tokens",
        description = "Access tokens for the national registers (FREG, KRR): a JWT grant signed with the kommune's key")
public @interface MaskinportenSettings {

    String PID = "no.ranselpost.registry.maskinporten";

    @AttributeDefinition(name = "Token endpoint", description = "e.g. https://test.maskinporten.no/token (production: https://maskinporten.no/token)")
    String tokenEndpoint();

    @AttributeDefinition(name = "Audience", description = "Maskinporten's issuer, the grant's aud: e.g. https://test.maskinporten.no/")
    String audience();

    @AttributeDefinition(name = "Client id", description = "The kommune's integration (client) id in Samarbeidsportalen: the grant's iss")
    String clientId();

    @AttributeDefinition(name = "Key file", description = "PKCS#12 (.p12, .pfx) or PEM (PKCS#8 private key, optionally its certificate); "
            + "a relative path is taken from Karaf's etc/")
    String keyFile();

    /** Property {@code .keyPassword}: the leading dot keeps it out of the service properties. */
    @AttributeDefinition(name = "Key password", type = AttributeType.PASSWORD, required = false,
            description = "The PKCS#12 file's password. Property name .keyPassword")
    String _keyPassword() default "";

    @AttributeDefinition(name = "Key alias", required = false, description = "The PKCS#12 entry; empty: the first key entry")
    String keyAlias() default "";

    @AttributeDefinition(name = "Key id", required = false,
            description = "kid of a key registered with Maskinporten; empty: the certificate chain goes in x5c (virksomhetssertifikat)")
    String keyId() default "";

    @AttributeDefinition(name = "Grant lifetime (seconds)", description = "exp - iat of the JWT grant (Maskinporten allows at most 120)",
            min = "1", max = "120")
    int grantLifetimeSeconds() default 120;

    @AttributeDefinition(name = "Refresh margin (seconds)",
            description = "A token is fetched anew this long before it expires (at most half its lifetime)", min = "0")
    int refreshMarginSeconds() default 30;

    @AttributeDefinition(name = "Attempts", description = "Attempts on 5xx and I/O failures of the token endpoint", min = "1")
    int maxAttempts() default 3;

    @AttributeDefinition(name = "First backoff (ms)", min = "0")
    long initialBackoffMillis() default 500;

    @AttributeDefinition(name = "Longest Retry-After honoured (ms)", min = "0")
    long maxRetryAfterMillis() default 30000;

    @AttributeDefinition(name = "Request timeout (ms)", min = "1")
    long requestTimeoutMillis() default 30000;
}
