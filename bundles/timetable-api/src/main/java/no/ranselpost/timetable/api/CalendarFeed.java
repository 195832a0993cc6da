package no.ranselpost.timetable.api;

import java.time.OffsetDateTime;

/**
 * A user's calendar feed. The token and the URL are shown only when the feed is created or renewed.
 *
 * @param path the feed's path from the server root ({@code /api/v1/timetable/feeds/<token>.ics}), or null after creation
 */
public record CalendarFeed(long id, OffsetDateTime createdAt, String token, String path) {

    @Override
    public String toString() {
        return "CalendarFeed[" + id + ", token=***]";
    }
}
