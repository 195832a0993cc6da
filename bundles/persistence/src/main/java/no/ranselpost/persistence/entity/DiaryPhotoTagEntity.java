package no.ranselpost.persistence.entity;

import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/** A child shown in a photo. */
@Entity
@Table(name = "RP_DIARY_PHOTO_TAG", uniqueConstraints = @UniqueConstraint(name = "UQ_DIARY_PHOTO_TAG", columnNames = {"PHOTO_ID", "CHILD_ID"}))
public class DiaryPhotoTagEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "PHOTO_ID", nullable = false) private DiaryPhotoEntity photo;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "CHILD_ID", nullable = false) private PersonEntity child;

    public long getId() { return id; }
    public DiaryPhotoEntity getPhoto() { return photo; }
    public void setPhoto(DiaryPhotoEntity photo) { this.photo = photo; }
    public PersonEntity getChild() { return child; }
    public void setChild(PersonEntity child) { this.child = child; }
}
