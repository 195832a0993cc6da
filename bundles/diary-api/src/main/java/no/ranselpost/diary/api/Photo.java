package no.ranselpost.diary.api;

/**
 * A photo as a reader may see it, with where to fetch it. The children it shows (its tags) are
 * listed for staff only; for anyone else null.
 */
public record Photo(long id, long postId, String contentType, Integer width, Integer height, java.util.List<Long> taggedChildIds,
                    String url, String thumbnailUrl) {
}
