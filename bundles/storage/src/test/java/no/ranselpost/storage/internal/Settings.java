package no.ranselpost.storage.internal;

import java.lang.annotation.Annotation;

/** The store's settings in a test: the defaults, with a limit changed where a test says so. */
record Settings(long maxImageBytes, long maxImagePixels, long maxDocumentBytes, int thumbnailPixels, int chunkBytes) implements StorageSettings {

    static Settings defaults() {
        return new Settings(20L * 1024 * 1024, 24_000_000L, 50L * 1024 * 1024, 320, 256 * 1024);
    }

    Settings withMaxDocumentBytes(long bytes) {
        return new Settings(maxImageBytes, maxImagePixels, bytes, thumbnailPixels, chunkBytes);
    }

    Settings withMaxImagePixels(long pixels) {
        return new Settings(maxImageBytes, pixels, maxDocumentBytes, thumbnailPixels, chunkBytes);
    }

    Settings withMaxImageBytes(long bytes) {
        return new Settings(bytes, maxImagePixels, maxDocumentBytes, thumbnailPixels, chunkBytes);
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return StorageSettings.class;
    }
}
