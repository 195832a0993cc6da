package no.ranselpost.persistence.entity;

import java.time.LocalTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/** When a unit is open on one weekday (1 = Monday .. 7 = Sunday); a weekday without a row is closed. */
@Entity
@Table(name = "RP_UNIT_OPENING_HOURS",
        uniqueConstraints = @UniqueConstraint(name = "UQ_UNIT_OPENING_HOURS", columnNames = {"UNIT_ID", "WEEKDAY"}))
public class UnitOpeningHoursEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "UNIT_ID") private UnitEntity unit;
    @Column(name = "WEEKDAY", nullable = false) private int weekday;
    @Column(name = "OPENS", nullable = false) private LocalTime opens;
    @Column(name = "CLOSES", nullable = false) private LocalTime closes;

    public long getId() { return id; }
    public UnitEntity getUnit() { return unit; }
    public void setUnit(UnitEntity unit) { this.unit = unit; }
    public int getWeekday() { return weekday; }
    public void setWeekday(int weekday) { this.weekday = weekday; }
    public LocalTime getOpens() { return opens; }
    public void setOpens(LocalTime opens) { this.opens = opens; }
    public LocalTime getCloses() { return closes; }
    public void setCloses(LocalTime closes) { this.closes = closes; }
}
