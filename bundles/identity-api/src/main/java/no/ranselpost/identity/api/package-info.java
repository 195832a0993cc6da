/**
 * The identity provider SPI: a way of signing in (IdentityProvider) hands what it proved
 * (VerifiedIdentity) to the SessionIssuer, which opens Ranselpost's own session; and how a browser
 * carries that session (BrowserSessions).
 *
 * <p>The package version follows OSGi semantic versioning (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package no.ranselpost.identity.api;
