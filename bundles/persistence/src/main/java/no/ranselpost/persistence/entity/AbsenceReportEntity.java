package no.ranselpost.persistence.entity;

import java.time.LocalDate;
import java.time.LocalTime;
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
 * An absence or holiday report for one child over one or more days (a part of one day when the
 * times are given), by a guardian or by staff. The free text can be removed by staff when it
 * holds sensitive information: then it is gone from this row, and only that it was removed stays.
 */
@Entity
@Table(name = "RP_ABSENCE", indexes = {@Index(name = "IX_ABSENCE_CHILD", columnList = "CHILD_ID"),
        @Index(name = "IX_ABSENCE_DATES", columnList = "FROM_DATE,TO_DATE")})
public class AbsenceReportEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "CHILD_ID", nullable = false) private PersonEntity child;
    @Column(name = "FROM_DATE", nullable = false) private LocalDate fromDate;
    @Column(name = "TO_DATE", nullable = false) private LocalDate toDate;
    /** Both null: whole days. Both set: a part of one day. */
    @Column(name = "FROM_TIME") private LocalTime fromTime;
    @Column(name = "TO_TIME") private LocalTime toTime;
    @Column(name = "KIND", length = 30, nullable = false) private String kind;
    @Column(name = "FREE_TEXT", length = 500) private String freeText;
    @Column(name = "TEXT_REMOVED", nullable = false) private boolean textRemoved;
    /** ACTIVE or WITHDRAWN. */
    @Column(name = "STATE", length = 20, nullable = false) private String state;
    /** GUARDIAN or STAFF: who reported it. */
    @Column(name = "REPORTER_KIND", length = 20, nullable = false) private String reporterKind;
    @Column(name = "REPORTED_BY", nullable = false) private long reportedBy;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;
    @Column(name = "CHANGED_AT") private OffsetDateTime changedAt;

    public long getId() { return id; }
    public PersonEntity getChild() { return child; }
    public void setChild(PersonEntity child) { this.child = child; }
    public LocalDate getFromDate() { return fromDate; }
    public void setFromDate(LocalDate fromDate) { this.fromDate = fromDate; }
    public LocalDate getToDate() { return toDate; }
    public void setToDate(LocalDate toDate) { this.toDate = toDate; }
    public LocalTime getFromTime() { return fromTime; }
    public void setFromTime(LocalTime fromTime) { this.fromTime = fromTime; }
    public LocalTime getToTime() { return toTime; }
    public void setToTime(LocalTime toTime) { this.toTime = toTime; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getFreeText() { return freeText; }
    public void setFreeText(String freeText) { this.freeText = freeText; }
    public boolean isTextRemoved() { return textRemoved; }
    public void setTextRemoved(boolean textRemoved) { this.textRemoved = textRemoved; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public String getReporterKind() { return reporterKind; }
    public void setReporterKind(String reporterKind) { this.reporterKind = reporterKind; }
    public long getReportedBy() { return reportedBy; }
    public void setReportedBy(long reportedBy) { this.reportedBy = reportedBy; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
    public OffsetDateTime getChangedAt() { return changedAt; }
    public void setChangedAt(OffsetDateTime changedAt) { this.changedAt = changedAt; }
}
