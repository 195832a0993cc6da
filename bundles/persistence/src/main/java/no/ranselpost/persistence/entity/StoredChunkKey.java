package no.ranselpost.persistence.entity;

import java.io.Serializable;
import java.util.Objects;

/** The key of a {@link StoredChunkEntity}: its content and its number. */
public class StoredChunkKey implements Serializable {
    private static final long serialVersionUID = 1L;

    public long contentId;
    public int chunkNo;

    public StoredChunkKey() {
    }

    public StoredChunkKey(long contentId, int chunkNo) {
        this.contentId = contentId;
        this.chunkNo = chunkNo;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredChunkKey k && k.contentId == contentId && k.chunkNo == chunkNo;
    }

    @Override
    public int hashCode() {
        return Objects.hash(contentId, chunkNo);
    }
}
