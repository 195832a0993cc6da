/**
 * Other adults by the custodians' consent (ACCESS.md): a step-parent or a grandparent registered
 * by the unit admin for one child for a period, holding only while every custodian has
 * consented (OtherAdultService), with the capability's action ids (OtherAdultActions).
 *
 * <p>The package version follows OSGi semantic versioning (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package no.ranselpost.otheradults.api;
