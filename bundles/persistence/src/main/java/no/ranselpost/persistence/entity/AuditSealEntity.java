package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/**
 * A seal over the audit records that name it (RP_AUDIT_RECORD.SEAL_ID), lowest id
 * AFTER_RECORD_ID + 1, highest LAST_RECORD_ID. SEAL_NO is its place in the chain (1, 2, ...).
 * The unique SEAL_NO (and AFTER_RECORD_ID: a record is in one segment only) make two sealers
 * that race for the same segment fail, not fork the chain.
 */
@Entity
@Table(name = "RP_AUDIT_SEAL", uniqueConstraints = {
        @UniqueConstraint(name = "UQ_AUDIT_SEAL_AFTER", columnNames = "AFTER_RECORD_ID"),
        @UniqueConstraint(name = "UQ_AUDIT_SEAL_NO", columnNames = "SEAL_NO")})
public class AuditSealEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "SEAL_NO", nullable = false) private long number;
    @Column(name = "SEALED_AT", nullable = false) private OffsetDateTime sealedAt;
    @Column(name = "AFTER_RECORD_ID", nullable = false) private long afterRecordId;
    @Column(name = "LAST_RECORD_ID", nullable = false) private long lastRecordId;
    @Column(name = "RECORD_COUNT", nullable = false) private long count;
    @Column(name = "PREVIOUS_HASH", length = 64, nullable = false) private String previousHash;
    @Column(name = "HASH", length = 64, nullable = false) private String hash;

    public long getId() { return id; }
    public long getNumber() { return number; }
    public void setNumber(long number) { this.number = number; }
    public OffsetDateTime getSealedAt() { return sealedAt; }
    public void setSealedAt(OffsetDateTime sealedAt) { this.sealedAt = sealedAt; }
    public long getAfterRecordId() { return afterRecordId; }
    public void setAfterRecordId(long afterRecordId) { this.afterRecordId = afterRecordId; }
    public long getLastRecordId() { return lastRecordId; }
    public void setLastRecordId(long lastRecordId) { this.lastRecordId = lastRecordId; }
    public long getCount() { return count; }
    public void setCount(long count) { this.count = count; }
    public String getPreviousHash() { return previousHash; }
    public void setPreviousHash(String previousHash) { this.previousHash = previousHash; }
    public String getHash() { return hash; }
    public void setHash(String hash) { this.hash = hash; }
}
