package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * One stored binary content (bundle storage): what it is and who owns it. The bytes are in
 * {@link StoredChunkEntity} rows, written and read piece by piece so that no node ever holds
 * the whole content in memory or on its disk.
 */
@Entity
@Table(name = "RP_STORED_CONTENT")
public class StoredContentEntity {
    @Id @GeneratedValue private long id;
    /** Which capability's object owns it, a code such as {@code messaging.attachment}. */
    @Column(name = "OWNER_KIND", length = 64, nullable = false) private String ownerKind;
    /** The media type detected from the content. */
    @Column(name = "CONTENT_TYPE", length = 100, nullable = false) private String contentType;
    @Column(name = "SIZE_BYTES", nullable = false) private long size;
    @Column(name = "SHA256", length = 64, nullable = false) private String sha256;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;
    @Column(name = "CHUNK_COUNT", nullable = false) private int chunkCount;
    @Column(name = "WIDTH") private Integer width;
    @Column(name = "HEIGHT") private Integer height;
    /** An image's thumbnail, itself a stored content of the same owner kind. */
    @Column(name = "THUMBNAIL_ID") private Long thumbnailId;

    public long getId() { return id; }
    public String getOwnerKind() { return ownerKind; }
    public void setOwnerKind(String ownerKind) { this.ownerKind = ownerKind; }
    public String getContentType() { return contentType; }
    public void setContentType(String contentType) { this.contentType = contentType; }
    public long getSize() { return size; }
    public void setSize(long size) { this.size = size; }
    public String getSha256() { return sha256; }
    public void setSha256(String sha256) { this.sha256 = sha256; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
    public int getChunkCount() { return chunkCount; }
    public void setChunkCount(int chunkCount) { this.chunkCount = chunkCount; }
    public Integer getWidth() { return width; }
    public void setWidth(Integer width) { this.width = width; }
    public Integer getHeight() { return height; }
    public void setHeight(Integer height) { this.height = height; }
    public Long getThumbnailId() { return thumbnailId; }
    public void setThumbnailId(Long thumbnailId) { this.thumbnailId = thumbnailId; }
}
