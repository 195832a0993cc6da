package no.ranselpost.persistence.entity;

import java.time.LocalDate;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;

import no.ranselpost.core.api.Role;

/** An employment of a person at a unit (from HR); the role comes from the position table. */
@Entity
@Table(name = "RP_EMPLOYMENT", indexes = @javax.persistence.Index(name = "IX_EMPLOYMENT_SOURCE_KEY", columnList = "SOURCE_ID, SOURCE_KEY"))
public class EmploymentEntity implements SourcedPeriod {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "PERSON_ID") private PersonEntity person;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "UNIT_ID") private UnitEntity unit;
    @Column(name = "POSITION_CODE", length = 50) private String positionCode;
    @Enumerated(EnumType.STRING) @Column(name = "STAFF_ROLE", length = 20) private Role role;
    @Column(name = "START_DATE", nullable = false) private LocalDate startDate;
    @Column(name = "END_DATE") private LocalDate endDate;
    @Column(name = "POSITION_TITLE", length = 200) private String positionTitle;
    @Column(name = "LEAVE_FROM") private LocalDate leaveFrom;
    @Column(name = "LEAVE_TO") private LocalDate leaveTo;
    /** The source the employment came from, and its identity there. */
    @Column(name = "SOURCE_ID", length = 50) private String sourceId;
    @Column(name = "SOURCE_KEY", length = 200) private String sourceKey;
    @Column(name = "END_REASON", length = 100) private String endReason;

    public long getId() { return id; }
    public PersonEntity getPerson() { return person; }
    public void setPerson(PersonEntity person) { this.person = person; }
    public UnitEntity getUnit() { return unit; }
    public void setUnit(UnitEntity unit) { this.unit = unit; }
    public String getPositionCode() { return positionCode; }
    public void setPositionCode(String positionCode) { this.positionCode = positionCode; }
    public Role getRole() { return role; }
    public void setRole(Role role) { this.role = role; }
    public LocalDate getStartDate() { return startDate; }
    public void setStartDate(LocalDate startDate) { this.startDate = startDate; }
    public LocalDate getEndDate() { return endDate; }
    public void setEndDate(LocalDate endDate) { this.endDate = endDate; }
    public String getPositionTitle() { return positionTitle; }
    public void setPositionTitle(String positionTitle) { this.positionTitle = positionTitle; }
    public LocalDate getLeaveFrom() { return leaveFrom; }
    public void setLeaveFrom(LocalDate leaveFrom) { this.leaveFrom = leaveFrom; }
    public LocalDate getLeaveTo() { return leaveTo; }
    public void setLeaveTo(LocalDate leaveTo) { this.leaveTo = leaveTo; }
    public String getSourceId() { return sourceId; }
    public void setSourceId(String sourceId) { this.sourceId = sourceId; }
    public String getSourceKey() { return sourceKey; }
    public void setSourceKey(String sourceKey) { this.sourceKey = sourceKey; }
    public String getEndReason() { return endReason; }
    public void setEndReason(String endReason) { this.endReason = endReason; }
}
