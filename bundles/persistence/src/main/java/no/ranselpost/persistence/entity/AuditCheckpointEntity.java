package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/**
 * Where the audit trail starts after retention removed its oldest seals with their records: the
 * last removed seal's number and hash (the next seal's PREVIOUS_HASH must equal it) and its last
 * record id. Checkpoints chain to one another (HASH over PREVIOUS_HASH and the fields), so
 * verification starts from the newest one.
 */
@Entity
@Table(name = "RP_AUDIT_CHECKPOINT", uniqueConstraints = @UniqueConstraint(name = "UQ_AUDIT_CHECKPOINT_NO", columnNames = "CHECKPOINT_NO"))
public class AuditCheckpointEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "CHECKPOINT_NO", nullable = false) private long number;
    @Column(name = "MADE_AT", nullable = false) private OffsetDateTime madeAt;
    /** Records older than this went (whole seals only). */
    @Column(name = "RECORDED_BEFORE", nullable = false) private OffsetDateTime recordedBefore;
    @Column(name = "SEAL_NO", nullable = false) private long sealNumber;
    @Column(name = "SEAL_HASH", length = 64, nullable = false) private String sealHash;
    @Column(name = "LAST_RECORD_ID", nullable = false) private long lastRecordId;
    @Column(name = "SEALS_REMOVED", nullable = false) private long sealsRemoved;
    @Column(name = "RECORDS_REMOVED", nullable = false) private long recordsRemoved;
    @Column(name = "PREVIOUS_HASH", length = 64, nullable = false) private String previousHash;
    @Column(name = "HASH", length = 64, nullable = false) private String hash;

    public long getId() { return id; }
    public long getNumber() { return number; }
    public void setNumber(long number) { this.number = number; }
    public OffsetDateTime getMadeAt() { return madeAt; }
    public void setMadeAt(OffsetDateTime madeAt) { this.madeAt = madeAt; }
    public OffsetDateTime getRecordedBefore() { return recordedBefore; }
    public void setRecordedBefore(OffsetDateTime recordedBefore) { this.recordedBefore = recordedBefore; }
    public long getSealNumber() { return sealNumber; }
    public void setSealNumber(long sealNumber) { this.sealNumber = sealNumber; }
    public String getSealHash() { return sealHash; }
    public void setSealHash(String sealHash) { this.sealHash = sealHash; }
    public long getLastRecordId() { return lastRecordId; }
    public void setLastRecordId(long lastRecordId) { this.lastRecordId = lastRecordId; }
    public long getSealsRemoved() { return sealsRemoved; }
    public void setSealsRemoved(long sealsRemoved) { this.sealsRemoved = sealsRemoved; }
    public long getRecordsRemoved() { return recordsRemoved; }
    public void setRecordsRemoved(long recordsRemoved) { this.recordsRemoved = recordsRemoved; }
    public String getPreviousHash() { return previousHash; }
    public void setPreviousHash(String previousHash) { this.previousHash = previousHash; }
    public String getHash() { return hash; }
    public void setHash(String hash) { this.hash = hash; }
}
