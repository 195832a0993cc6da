/**
 * The SPI a registry connector implements (RegistrySource, FileImportSource), the canonical records it hands to the ImportSink, and the ImportService.
 *
 * <p>1.1: {@link no.ranselpost.registry.api.CapabilityRecord} and {@link no.ranselpost.registry.api.CapabilityRecordHandler}, the extension point
 * for record types a capability brings, and {@link no.ranselpost.registry.api.ImportSink#record}.
 *
 * <p>1.2: {@link no.ranselpost.registry.api.ImportSink#children}, several children handed at once (the engine may share a
 * transaction among them, rolling back to the child on a rejected one).
 *
 * <p>The package version follows OSGi semantic versioning: a change that breaks a user of the
 * package raises the major version, an addition the minor one (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package no.ranselpost.registry.api;
