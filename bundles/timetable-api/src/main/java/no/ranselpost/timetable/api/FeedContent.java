package no.ranselpost.timetable.api;

/** A feed's iCalendar text and its entity tag (a digest of the text). */
public record FeedContent(String calendar, String etag) {
}
