/**
 * The audit trail: appending records, seals, queries and administration; retention of old
 * records behind a checkpoint (AuditRetention).
 *
 * <p>The package version follows OSGi semantic versioning: a change that breaks a user of the
 * package raises the major version, an addition the minor one (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package no.ranselpost.audit.api;
