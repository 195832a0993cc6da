package no.ranselpost.persistence.entity;

import java.time.LocalDate;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/** A date a unit is closed although its weekday has opening hours (planleggingsdag, a holiday). */
@Entity
@Table(name = "RP_UNIT_CLOSED_DAY", uniqueConstraints = @UniqueConstraint(name = "UQ_UNIT_CLOSED_DAY", columnNames = {"UNIT_ID", "CLOSED_DATE"}))
public class UnitClosedDayEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "UNIT_ID") private UnitEntity unit;
    @Column(name = "CLOSED_DATE", nullable = false) private LocalDate closedDate;

    public long getId() { return id; }
    public UnitEntity getUnit() { return unit; }
    public void setUnit(UnitEntity unit) { this.unit = unit; }
    public LocalDate getClosedDate() { return closedDate; }
    public void setClosedDate(LocalDate closedDate) { this.closedDate = closedDate; }
}
