package no.ranselpost.persistence.entity;

import java.time.LocalDate;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;

/** A child's membership of a unit and optionally one of its groups, with dates. */
@Entity
@Table(name = "RP_ENROLMENT", indexes = {
        @Index(name = "IX_ENROLMENT_CHILD", columnList = "CHILD_ID"),
        @Index(name = "IX_ENROLMENT_GROUP", columnList = "GROUP_ID"),
        @Index(name = "IX_ENROLMENT_SOURCE", columnList = "SOURCE_ID"),
        @Index(name = "IX_ENROLMENT_SOURCE_KEY", columnList = "SOURCE_ID, SOURCE_KEY")})
public class EnrolmentEntity implements SourcedPeriod {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "CHILD_ID") private PersonEntity child;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "UNIT_ID") private UnitEntity unit;
    @ManyToOne(fetch = FetchType.LAZY) @JoinColumn(name = "GROUP_ID") private GroupEntity group;
    @Column(name = "START_DATE", nullable = false) private LocalDate startDate;
    @Column(name = "END_DATE") private LocalDate endDate;
    /** The source the enrolment came from, and its identity there (child + unit + group + start). */
    @Column(name = "SOURCE_ID", length = 50) private String sourceId;
    @Column(name = "SOURCE_KEY", length = 200) private String sourceKey;
    @Column(name = "END_REASON", length = 100) private String endReason;

    public long getId() { return id; }
    public PersonEntity getChild() { return child; }
    public void setChild(PersonEntity child) { this.child = child; }
    public UnitEntity getUnit() { return unit; }
    public void setUnit(UnitEntity unit) { this.unit = unit; }
    public GroupEntity getGroup() { return group; }
    public void setGroup(GroupEntity group) { this.group = group; }
    public LocalDate getStartDate() { return startDate; }
    public void setStartDate(LocalDate startDate) { this.startDate = startDate; }
    public LocalDate getEndDate() { return endDate; }
    public void setEndDate(LocalDate endDate) { this.endDate = endDate; }
    public String getSourceId() { return sourceId; }
    public void setSourceId(String sourceId) { this.sourceId = sourceId; }
    public String getSourceKey() { return sourceKey; }
    public void setSourceKey(String sourceKey) { this.sourceKey = sourceKey; }
    public String getEndReason() { return endReason; }
    public void setEndReason(String endReason) { this.endReason = endReason; }
}
