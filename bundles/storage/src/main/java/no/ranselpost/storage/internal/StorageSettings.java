package no.ranselpost.storage.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = "no.ranselpost.storage", name = "Ranselpost binary storage",
        description = "The database store's limits per kind of content")
public @interface StorageSettings {

    @AttributeDefinition(name = "Largest image (bytes)", description = "JPEG and PNG: they are decoded and re-encoded on the way in", min = "1")
    long maxImageBytes() default 20L * 1024 * 1024;

    @AttributeDefinition(name = "Largest image (pixels)", description = "Width times height; a larger picture is refused before it is decoded (a 24-megapixel picture takes about 200 MB of heap while it is processed)", min = "1")
    long maxImagePixels() default 24_000_000L;

    @AttributeDefinition(name = "Largest document (bytes)", description = "PDF and DOCX: streamed into the database", min = "1")
    long maxDocumentBytes() default 50L * 1024 * 1024;

    @AttributeDefinition(name = "Thumbnail size (pixels)", description = "The longest side of an image's thumbnail", min = "16")
    int thumbnailPixels() default 320;

    @AttributeDefinition(name = "Chunk size (bytes)", description = "Content is written and read in pieces of this size", min = "4096")
    int chunkBytes() default 256 * 1024;
}
