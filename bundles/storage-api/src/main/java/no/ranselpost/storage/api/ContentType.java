package no.ranselpost.storage.api;

import java.util.Arrays;
import java.util.Optional;

/** The types the store takes, each decided from the content itself. Anything else is refused (HTTP 415). */
public enum ContentType {
    PDF("application/pdf", Kind.DOCUMENT, "pdf"),
    DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", Kind.DOCUMENT, "docx"),
    JPEG("image/jpeg", Kind.IMAGE, "jpg"),
    PNG("image/png", Kind.IMAGE, "png");

    /** What a size limit applies to: images are decoded (and so limited more tightly) and get a thumbnail. */
    public enum Kind { IMAGE, DOCUMENT }

    private final String mediaType;
    private final Kind kind;
    private final String extension;

    ContentType(String mediaType, Kind kind, String extension) {
        this.mediaType = mediaType;
        this.kind = kind;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public Kind kind() {
        return kind;
    }

    /** The file name extension it is served with (never the one it was uploaded with). */
    public String extension() {
        return extension;
    }

    public static Optional<ContentType> ofMediaType(String mediaType) {
        return Arrays.stream(values()).filter(t -> t.mediaType.equals(mediaType)).findFirst();
    }
}
