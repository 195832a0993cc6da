package no.ranselpost.persistence.entity;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/** An adult other than the custodians (a step-parent, a grandparent) registered by the unit admin for one child at one unit for a period, on the custodians' consent. */
@Entity
@Table(name = "RP_OTHER_ADULT", indexes = {@Index(name = "IX_OTHER_ADULT_ADULT", columnList = "ADULT_ID"), @Index(name = "IX_OTHER_ADULT_CHILD", columnList = "CHILD_ID")})
public class OtherAdultEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "ADULT_ID", nullable = false) private long adultId;
    @Column(name = "CHILD_ID", nullable = false) private long childId;
    @Column(name = "UNIT_ID", nullable = false) private long unitId;
    @Column(name = "VALID_FROM", nullable = false) private LocalDate validFrom;
    @Column(name = "VALID_TO", nullable = false) private LocalDate validTo;
    @Column(name = "REGISTERED_BY", nullable = false) private long registeredBy;
    @Column(name = "REGISTERED_AT", nullable = false) private OffsetDateTime registeredAt;
    @Column(name = "ENDED_AT") private OffsetDateTime endedAt;
    @Column(name = "ENDED_BY") private Long endedBy;
    @Column(name = "END_REASON", length = 50) private String endReason;

    public long getId() { return id; }
    public long getAdultId() { return adultId; }
    public void setAdultId(long adultId) { this.adultId = adultId; }
    public long getChildId() { return childId; }
    public void setChildId(long childId) { this.childId = childId; }
    public long getUnitId() { return unitId; }
    public void setUnitId(long unitId) { this.unitId = unitId; }
    public LocalDate getValidFrom() { return validFrom; }
    public void setValidFrom(LocalDate validFrom) { this.validFrom = validFrom; }
    public LocalDate getValidTo() { return validTo; }
    public void setValidTo(LocalDate validTo) { this.validTo = validTo; }
    public long getRegisteredBy() { return registeredBy; }
    public void setRegisteredBy(long registeredBy) { this.registeredBy = registeredBy; }
    public OffsetDateTime getRegisteredAt() { return registeredAt; }
    public void setRegisteredAt(OffsetDateTime registeredAt) { this.registeredAt = registeredAt; }
    public OffsetDateTime getEndedAt() { return endedAt; }
    public void setEndedAt(OffsetDateTime endedAt) { this.endedAt = endedAt; }
    public Long getEndedBy() { return endedBy; }
    public void setEndedBy(Long endedBy) { this.endedBy = endedBy; }
    public String getEndReason() { return endReason; }
    public void setEndReason(String endReason) { this.endReason = endReason; }
}
