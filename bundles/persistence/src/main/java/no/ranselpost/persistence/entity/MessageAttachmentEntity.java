package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/** A file in the binary store, uploaded by an account and then carried by one send. */
@Entity
@Table(name = "RP_MSG_ATTACHMENT", indexes = {@Index(name = "IX_MSG_ATTACHMENT_SEND", columnList = "SEND_ID"), @Index(name = "IX_MSG_ATTACHMENT_UPLOADER", columnList = "UPLOADED_BY")})
public class MessageAttachmentEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "CONTENT_ID", nullable = false) private long contentId;
    @Column(name = "UPLOADED_BY", nullable = false) private long uploadedBy;
    @Column(name = "UPLOADED_AT", nullable = false) private OffsetDateTime uploadedAt;
    @Column(name = "SEND_ID") private Long sendId;
    @Column(name = "CONTENT_TYPE", length = 100, nullable = false) private String contentType;
    @Column(name = "SIZE_BYTES", nullable = false) private long sizeBytes;

    public long getId() { return id; }
    public long getContentId() { return contentId; }
    public void setContentId(long contentId) { this.contentId = contentId; }
    public long getUploadedBy() { return uploadedBy; }
    public void setUploadedBy(long uploadedBy) { this.uploadedBy = uploadedBy; }
    public OffsetDateTime getUploadedAt() { return uploadedAt; }
    public void setUploadedAt(OffsetDateTime uploadedAt) { this.uploadedAt = uploadedAt; }
    public Long getSendId() { return sendId; }
    public void setSendId(Long sendId) { this.sendId = sendId; }
    public String getContentType() { return contentType; }
    public void setContentType(String contentType) { this.contentType = contentType; }
    public long getSizeBytes() { return sizeBytes; }
    public void setSizeBytes(long sizeBytes) { this.sizeBytes = sizeBytes; }
}
