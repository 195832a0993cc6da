/**
 * Retention: what a capability implements so that the retention job can delete or anonymise its
 * data about children who left and guardians without a child left ({@link RetentionParticipant}),
 * what it is handed ({@link RetentionScope}), the job's service ({@link RetentionService}) and its
 * action ids ({@link RetentionActions}).
 *
 * <p>The package version follows OSGi semantic versioning (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package no.ranselpost.retention.api;
