/**
 * The Oslo clock every service reads the time from, and (tests only) the control that moves it.
 *
 * <p>The package version follows OSGi semantic versioning: a change that breaks a user of the
 * package raises the major version, an addition the minor one (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package no.ranselpost.core.api.time;
