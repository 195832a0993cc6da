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

/** A unit's monthly access review (årshjul), signed off by its admin: once per unit and month. */
@Entity
@Table(name = "RP_ACCESS_REVIEW", uniqueConstraints = @UniqueConstraint(name = "UQ_ACCESS_REVIEW", columnNames = {"UNIT_ID", "REVIEW_MONTH"}))
public class AccessReviewEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "UNIT_ID") private UnitEntity unit;
    /** yyyy-MM, Oslo's month. */
    @Column(name = "REVIEW_MONTH", length = 7, nullable = false) private String month;
    @Column(name = "SIGNED_AT", nullable = false) private OffsetDateTime signedAt;
    @Column(name = "SIGNED_BY", nullable = false) private long signedBy;
    /** How many flags the review listed when it was signed off. */
    @Column(name = "FLAG_COUNT", nullable = false) private int flagCount;

    public long getId() { return id; }
    public UnitEntity getUnit() { return unit; }
    public void setUnit(UnitEntity unit) { this.unit = unit; }
    public String getMonth() { return month; }
    public void setMonth(String month) { this.month = month; }
    public OffsetDateTime getSignedAt() { return signedAt; }
    public void setSignedAt(OffsetDateTime signedAt) { this.signedAt = signedAt; }
    public long getSignedBy() { return signedBy; }
    public void setSignedBy(long signedBy) { this.signedBy = signedBy; }
    public int getFlagCount() { return flagCount; }
    public void setFlagCount(int flagCount) { this.flagCount = flagCount; }
}
