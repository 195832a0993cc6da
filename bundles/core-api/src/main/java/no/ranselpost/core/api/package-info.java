/**
 * The domain: units, groups, persons, children, guardianships, national identity and organisation numbers, the core services.
 *
 * <p>The package version follows OSGi semantic versioning: a change that breaks a user of the
 * package raises the major version, an addition the minor one (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package no.ranselpost.core.api;
