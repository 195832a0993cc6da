/**
 * Timetable: subject groups and weekly lessons, weekly views of a pupil, a teacher and a group
 * (Europe/Oslo), the per-user iCalendar feeds under a secret revocable token, and the OneRoster
 * 1.2 CSV export for Feide and learning tools.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package no.ranselpost.timetable.api;
