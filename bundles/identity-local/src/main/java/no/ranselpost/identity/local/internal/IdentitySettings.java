package no.ranselpost.identity.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = "no.ranselpost.identity.local", name = "Ranselpost local sign-in",
        description = "Staff sign-in with local accounts")
public @interface IdentitySettings {

    @AttributeDefinition(name = "Token lifetime (minutes)", min = "1", max = "1440")
    int tokenLifetimeMinutes() default 60;

    @AttributeDefinition(name = "Argon2 memory (KiB)", min = "8192")
    int argon2MemoryKb() default 19456;

    @AttributeDefinition(name = "Argon2 iterations", min = "1")
    int argon2Iterations() default 2;

    @AttributeDefinition(name = "Failed sign-ins before lockout", min = "1")
    int maxFailedAttempts() default 5;

    @AttributeDefinition(name = "Lockout (minutes)", min = "1")
    int lockoutMinutes() default 15;

    /**
     * Sign-in and HTTP Basic attempts per user name in a sliding minute, refused before the
     * password is hashed (successful ones give their slot back). Each node counts its own.
     */
    @AttributeDefinition(name = "Attempts per account and minute", min = "1")
    int maxAttemptsPerAccountPerMinute() default 10;

    /**
     * Sign-in and HTTP Basic attempts per client address (an IPv6 address by its /64) in a
     * sliding minute, refused before the password is hashed. Each node counts its own; behind a
     * reverse proxy every client has the proxy's address.
     */
    @AttributeDefinition(name = "Attempts per client address and minute", min = "1")
    int maxAttemptsPerAddressPerMinute() default 30;

    /** The day of the month by which each unit signs its monthly access review off; later, the unit is flagged overdue. */
    @AttributeDefinition(name = "Access review due by day of month", min = "1", max = "28")
    int accessReviewDayOfMonth() default 10;
}
