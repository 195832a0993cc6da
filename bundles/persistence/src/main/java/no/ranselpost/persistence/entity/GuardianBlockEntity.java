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

/**
 * The blocklist ("sperret foresatt"): a guardian blocked by staff from one child. Only the
 * block and unblock actions write it; no import ever does; every access query excludes it.
 * Lifting a block keeps the row (liftedAt) for the record.
 */
@Entity
@Table(name = "RP_GUARDIAN_BLOCK", indexes = @Index(name = "IX_GUARDIAN_BLOCK_GUARDIAN", columnList = "GUARDIAN_ID"))
public class GuardianBlockEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "GUARDIAN_ID") private PersonEntity guardian;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "CHILD_ID") private PersonEntity child;
    @Column(name = "BLOCKED_AT", nullable = false) private OffsetDateTime blockedAt;
    @Column(name = "BLOCKED_BY", nullable = false) private long blockedBy;
    @Column(name = "REASON_CODE", length = 50, nullable = false) private String reasonCode;
    @Column(name = "LIFTED_AT") private OffsetDateTime liftedAt;
    @Column(name = "LIFTED_BY") private Long liftedBy;

    public long getId() { return id; }
    public PersonEntity getGuardian() { return guardian; }
    public void setGuardian(PersonEntity guardian) { this.guardian = guardian; }
    public PersonEntity getChild() { return child; }
    public void setChild(PersonEntity child) { this.child = child; }
    public OffsetDateTime getBlockedAt() { return blockedAt; }
    public void setBlockedAt(OffsetDateTime blockedAt) { this.blockedAt = blockedAt; }
    public long getBlockedBy() { return blockedBy; }
    public void setBlockedBy(long blockedBy) { this.blockedBy = blockedBy; }
    public String getReasonCode() { return reasonCode; }
    public void setReasonCode(String reasonCode) { this.reasonCode = reasonCode; }
    public OffsetDateTime getLiftedAt() { return liftedAt; }
    public void setLiftedAt(OffsetDateTime liftedAt) { this.liftedAt = liftedAt; }
    public Long getLiftedBy() { return liftedBy; }
    public void setLiftedBy(Long liftedBy) { this.liftedBy = liftedBy; }
}
