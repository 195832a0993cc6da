package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/** A subject group (faggruppe): a group of a unit with its subject, from the school administration system or entered by hand. */
@Entity
@Table(name = "RP_SUBJECT_GROUP", uniqueConstraints = @UniqueConstraint(name = "UQ_SUBJECT_GROUP_GROUP", columnNames = "GROUP_ID"))
public class SubjectGroupEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "GROUP_ID", nullable = false) private GroupEntity group;
    @Column(name = "SUBJECT_CODE", length = 50, nullable = false) private String subjectCode;
    @Column(name = "SUBJECT_NAME", length = 200, nullable = false) private String subjectName;
    /** The source that owns it, or null: entered by hand. */
    @Column(name = "SOURCE_ID", length = 50) private String sourceId;
    @Column(name = "SOURCE_KEY", length = 200) private String sourceKey;
    @Column(name = "UPDATED_AT", nullable = false) private OffsetDateTime updatedAt;

    public long getId() { return id; }
    public GroupEntity getGroup() { return group; }
    public void setGroup(GroupEntity group) { this.group = group; }
    public String getSubjectCode() { return subjectCode; }
    public void setSubjectCode(String subjectCode) { this.subjectCode = subjectCode; }
    public String getSubjectName() { return subjectName; }
    public void setSubjectName(String subjectName) { this.subjectName = subjectName; }
    public String getSourceId() { return sourceId; }
    public void setSourceId(String sourceId) { this.sourceId = sourceId; }
    public String getSourceKey() { return sourceKey; }
    public void setSourceKey(String sourceKey) { this.sourceKey = sourceKey; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(OffsetDateTime updatedAt) { this.updatedAt = updatedAt; }
}
