/**
 * Daily life: absence and holiday reports (AbsenceService), their reason codes (AbsenceKind), units'
 * opening hours and children's health information, with the capability's action ids (AbsenceActions).
 *
 * <p>The package version follows OSGi semantic versioning (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package no.ranselpost.absence.api;
