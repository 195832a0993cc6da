package no.ranselpost.retention.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = "no.ranselpost.retention", name = "Ranselpost retention",
        description = "What is deleted or anonymised when (seed 002: a child's data up to one year after leaving)")
public @interface RetentionSettings {

    @AttributeDefinition(name = "Children: days after leaving",
            description = "A child with no current enrolment whose last enrolment ended more than this many days ago is forgotten, "
                    + "with its guardians when no child of theirs remains", min = "1")
    int childRetentionDays() default 365;

    @AttributeDefinition(name = "Sessions: days after they ended", min = "0")
    int sessionRetentionDays() default 30;

    @AttributeDefinition(name = "Import run inputs: days", description = "The stored input of an import run (a held file) goes after this many days", min = "1")
    int runInputRetentionDays() default 90;

    @AttributeDefinition(name = "Rejected records: days", description = "A run's rejected records go after this many days", min = "1")
    int rejectionRetentionDays() default 365;

    @AttributeDefinition(name = "Retry lists: days", description = "A source's retry list not updated for this many days goes", min = "1")
    int retryListRetentionDays() default 90;

    @AttributeDefinition(name = "Audit records: days", description = "Audit records older than this go, whole seals at a time, behind a checkpoint "
            + "that verification starts from (default 5 years)", min = "1")
    int auditRetentionDays() default 1826;

    @AttributeDefinition(name = "Daily at (hour, Oslo time)", description = "The scheduled run starts in this hour once a day; -1: no scheduled run",
            min = "-1", max = "23")
    int dailyAtHour() default 2;

    @AttributeDefinition(name = "Check interval (seconds)", description = "How often the schedule is looked at", min = "10")
    int checkIntervalSeconds() default 600;

    @AttributeDefinition(name = "Children per batch", description = "Each batch commits on its own: an interrupted run is run again from where it stopped",
            min = "1", max = "1000")
    int batchSize() default 200;
}
