package no.ranselpost.storage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.IntFunction;

/**
 * A stored content read piece by piece: one chunk in memory at a time, fetched when the reader
 * gets to it.
 */
final class ChunkInputStream extends InputStream {

    private final int chunkCount;
    private final IntFunction<byte[]> fetch;
    private byte[] current = new byte[0];
    private int pos;
    private int next;
    private boolean closed;

    /** @param fetch gives chunk number n (0 ... chunkCount-1) */
    ChunkInputStream(int chunkCount, IntFunction<byte[]> fetch) {
        this.chunkCount = chunkCount;
        this.fetch = fetch;
    }

    private boolean fill() throws IOException {
        if (closed) {
            throw new IOException("Stream closed");
        }
        while (pos >= current.length) {
            if (next >= chunkCount) {
                return false;
            }
            try {
                current = fetch.apply(next++);
            } catch (RuntimeException e) {
                throw new IOException("Could not read the stored content", e);
            }
            pos = 0;
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        return fill() ? current[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
        current = new byte[0];
    }
}
