package no.ranselpost.notification.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = "no.ranselpost.notification", name = "Ranselpost notifications",
        description = "The outbox of notices: when and how often the worker sends, its retries, the link a notice carries, the mandatory categories")
public @interface NotificationSettings {

    @AttributeDefinition(name = "Base URL", description = "The link every notice carries (the portal's address); nothing else of Ranselpost is in a notice")
    String baseUrl() default "http://localhost:8181/";

    @AttributeDefinition(name = "Delay (seconds)", description = "A notice waits this long, merged with the recipient's other notices, and is"
            + " skipped when the message was read meanwhile", min = "0")
    int delaySeconds() default 60;

    @AttributeDefinition(name = "Worker interval (milliseconds)", description = "How often the worker looks for due notices (0: no worker)", min = "0")
    int pollMillis() default 2000;

    @AttributeDefinition(name = "Batch", description = "How many notices one worker round claims", min = "1")
    int batchSize() default 200;

    @AttributeDefinition(name = "Attempts", description = "After this many failed attempts a notice is kept as failed", min = "1")
    int maxAttempts() default 10;

    @AttributeDefinition(name = "First backoff (seconds)", description = "The wait after the first failed attempt; it doubles after each", min = "1")
    int backoffSeconds() default 30;

    @AttributeDefinition(name = "Longest backoff (seconds)", min = "1")
    int maxBackoffSeconds() default 3600;

    @AttributeDefinition(name = "Claim (seconds)", description = "How long a worker holds the notices it claimed; after a crash they are"
            + " sent again once it ran out", min = "1")
    int claimSeconds() default 120;

    @AttributeDefinition(name = "Mandatory categories", description = "Categories guardians cannot turn off (message, announcement, urgent)")
    String mandatoryCategories() default "urgent";

    @AttributeDefinition(name = "Confirmation code validity (minutes)", min = "1")
    int codeMinutes() default 30;
}
