/**
 * Attendance: check-in and check-out with who brought and fetched the child, guardians' pick-up
 * notes, the head count and the sleep list, and the mark "out with staff's knowledge" (seed 000).
 *
 * <p>The package version follows OSGi semantic versioning (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package no.ranselpost.attendance.api;
