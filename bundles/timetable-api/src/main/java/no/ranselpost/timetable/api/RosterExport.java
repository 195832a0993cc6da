package no.ranselpost.timetable.api;

import java.time.OffsetDateTime;

/** One OneRoster 1.2 CSV export (a zip): when, why, how many users and the digest of its content. */
public record RosterExport(long id, OffsetDateTime createdAt, String trigger, int users, long size, String sha256) {
}
