/**
 * The SPI a registry connector implements (RegistrySource, FileImportSource), the canonical records it hands to the ImportSink, and the ImportService.
 *
 * <p>The package version follows OSGi semantic versioning: a change that breaks a user of the
 * package raises the major version, an addition the minor one (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package no.ranselpost.registry.api;
