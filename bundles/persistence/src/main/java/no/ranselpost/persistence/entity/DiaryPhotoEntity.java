package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;

/** A photo of a post: its content in the binary store (owner kind diary.photo); the children it shows are its tags. */
@Entity
@Table(name = "RP_DIARY_PHOTO", indexes = @Index(name = "IX_DIARY_PHOTO_POST", columnList = "POST_ID"))
public class DiaryPhotoEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "POST_ID", nullable = false) private DiaryPostEntity post;
    @Column(name = "CONTENT_ID", nullable = false) private long contentId;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;

    public long getId() { return id; }
    public DiaryPostEntity getPost() { return post; }
    public void setPost(DiaryPostEntity post) { this.post = post; }
    public long getContentId() { return contentId; }
    public void setContentId(long contentId) { this.contentId = contentId; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
}
