/**
 * What the file adapters share: the pickup directory and strict CSV snapshot reading.
 *
 * <p>The package version follows OSGi semantic versioning: a change that breaks a user of the
 * package raises the major version, an addition the minor one (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package no.ranselpost.registry.files.api;
