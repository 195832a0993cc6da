/**
 * What a capability declares (actions, target kinds, field sets, anonymous endpoints) and the access policy it asks.
 *
 * <p>The package version follows OSGi semantic versioning: a change that breaks a user of the
 * package raises the major version, an addition the minor one (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package no.ranselpost.access.api;
