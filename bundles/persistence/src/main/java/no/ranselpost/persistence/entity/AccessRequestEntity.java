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
 * A guardian's request for access at a unit, for one child (seed 000's form "hvem foresatt
 * ønsker tilgang for"): PENDING until the unit admin activates from it (the request is then the
 * recorded wish of the guardian) or declines it with a reason code.
 */
@Entity
@Table(name = "RP_ACCESS_REQUEST", indexes = {
        @Index(name = "IX_ACCESS_REQUEST_UNIT", columnList = "UNIT_ID"),
        @Index(name = "IX_ACCESS_REQUEST_GUARDIAN", columnList = "GUARDIAN_ID")})
public class AccessRequestEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "GUARDIAN_ID") private PersonEntity guardian;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "CHILD_ID") private PersonEntity child;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "UNIT_ID") private UnitEntity unit;
    /** The guardian's account that asked. */
    @Column(name = "REQUESTED_BY", nullable = false) private long requestedBy;
    @Column(name = "REQUESTED_AT", nullable = false) private OffsetDateTime requestedAt;
    /** PENDING, ACTIVATED or DECLINED. */
    @Column(name = "REQUEST_STATE", length = 20, nullable = false) private String state;
    @Column(name = "DECIDED_AT") private OffsetDateTime decidedAt;
    @Column(name = "DECIDED_BY") private Long decidedBy;
    /** Why it was declined: a code. */
    @Column(name = "DECLINE_REASON", length = 50) private String declineReason;

    public long getId() { return id; }
    public PersonEntity getGuardian() { return guardian; }
    public void setGuardian(PersonEntity guardian) { this.guardian = guardian; }
    public PersonEntity getChild() { return child; }
    public void setChild(PersonEntity child) { this.child = child; }
    public UnitEntity getUnit() { return unit; }
    public void setUnit(UnitEntity unit) { this.unit = unit; }
    public long getRequestedBy() { return requestedBy; }
    public void setRequestedBy(long requestedBy) { this.requestedBy = requestedBy; }
    public OffsetDateTime getRequestedAt() { return requestedAt; }
    public void setRequestedAt(OffsetDateTime requestedAt) { this.requestedAt = requestedAt; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public OffsetDateTime getDecidedAt() { return decidedAt; }
    public void setDecidedAt(OffsetDateTime decidedAt) { this.decidedAt = decidedAt; }
    public Long getDecidedBy() { return decidedBy; }
    public void setDecidedBy(Long decidedBy) { this.decidedBy = decidedBy; }
    public String getDeclineReason() { return declineReason; }
    public void setDeclineReason(String declineReason) { this.declineReason = declineReason; }
}
