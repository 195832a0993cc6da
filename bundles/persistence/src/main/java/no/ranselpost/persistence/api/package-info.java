/**
 * The one transaction helper, the per-source state and run history stores, and the jobs' leases.
 *
 * <p>The package version follows OSGi semantic versioning: a change that breaks a user of the
 * package raises the major version, an addition the minor one (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package no.ranselpost.persistence.api;
