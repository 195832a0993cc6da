package no.ranselpost.persistence.entity;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;

/** Index of the objects an audit record names, for "who read or changed child X". */
@Entity
@Table(name = "RP_AUDIT_OBJECT", indexes = {
        @Index(name = "IX_AUDIT_OBJECT_OBJECT", columnList = "OBJECT_ID"),
        @Index(name = "IX_AUDIT_OBJECT_RECORD", columnList = "RECORD_ID")})
public class AuditObjectEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "RECORD_ID") private AuditRecordEntity record;
    @Column(name = "OBJECT_ID", nullable = false) private long objectId;

    public long getId() { return id; }
    public AuditRecordEntity getRecord() { return record; }
    public void setRecord(AuditRecordEntity record) { this.record = record; }
    public long getObjectId() { return objectId; }
    public void setObjectId(long objectId) { this.objectId = objectId; }
}
