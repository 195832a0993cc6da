package no.ranselpost.diary.api;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A post as a reader may see it: the photos the reader may see now, and how many are withheld
 * from them (a child in it without consent, or a protected child). The label is what the
 * deployment calls posts ("nyheter" Vigilo-style, "dagbok" Visma-style).
 */
public record Post(long id, PostKind kind, String label, long unitId, Long groupId, String title, String text, OffsetDateTime createdAt,
                   List<Photo> photos, int withheldPhotos) {
}
