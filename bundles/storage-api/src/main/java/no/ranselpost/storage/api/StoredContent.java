package no.ranselpost.storage.api;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * What the store knows of one stored content: its id, the capability that owns it, the type
 * detected from it, its size in bytes, its SHA-256 (lower-case hex), when it was stored, and
 * for images the upright dimensions and the id of its thumbnail.
 */
public record StoredContent(long id, String ownerKind, ContentType type, long size, String sha256, OffsetDateTime createdAt,
                            Integer width, Integer height, Long thumbnailId) {

    public Optional<Long> thumbnail() {
        return Optional.ofNullable(thumbnailId);
    }
}
