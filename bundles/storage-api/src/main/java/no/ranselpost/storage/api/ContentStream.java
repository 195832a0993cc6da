package no.ranselpost.storage.api;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Stored content being read: its metadata and a stream that reads it piece by piece (never the
 * whole content in memory). Close it when done.
 */
public record ContentStream(StoredContent content, InputStream stream) implements Closeable {

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
