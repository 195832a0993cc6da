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
import javax.persistence.UniqueConstraint;

/**
 * A weekly lesson of a group: subject, teacher, room, weekday and time (Europe/Oslo wall time),
 * valid between two dates, with single dates it does not take place. Imported from the school
 * administration system (owned by that source) or entered by hand (no source).
 */
@Entity
@Table(name = "RP_LESSON", uniqueConstraints = @UniqueConstraint(name = "UQ_LESSON_UID", columnNames = "CALENDAR_UID"),
        indexes = {@Index(name = "IX_LESSON_GROUP", columnList = "GROUP_ID"), @Index(name = "IX_LESSON_TEACHER", columnList = "TEACHER_ID"),
                @Index(name = "IX_LESSON_SOURCE", columnList = "SOURCE_ID,SOURCE_KEY")})
public class LessonEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "UNIT_ID", nullable = false) private UnitEntity unit;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "GROUP_ID", nullable = false) private GroupEntity group;
    @Column(name = "SUBJECT_CODE", length = 50, nullable = false) private String subjectCode;
    @Column(name = "SUBJECT_NAME", length = 200, nullable = false) private String subjectName;
    @ManyToOne(fetch = FetchType.LAZY) @JoinColumn(name = "TEACHER_ID") private PersonEntity teacher;
    @Column(name = "ROOM", length = 50) private String room;
    /** ISO weekday, 1 = Monday. */
    @Column(name = "WEEKDAY", nullable = false) private int weekday;
    @Column(name = "START_TIME", nullable = false) private LocalTime startTime;
    @Column(name = "END_TIME", nullable = false) private LocalTime endTime;
    @Column(name = "VALID_FROM", nullable = false) private LocalDate validFrom;
    @Column(name = "VALID_TO", nullable = false) private LocalDate validTo;
    /** ISO dates the lesson does not take place, comma-separated and sorted. */
    @Column(name = "CANCELLED_DATES", length = 2000) private String cancelledDates;
    @Column(name = "SOURCE_ID", length = 50) private String sourceId;
    @Column(name = "SOURCE_KEY", length = 200) private String sourceKey;
    /** The run of the source that last listed it (overlaps are checked against what the current snapshot lists). */
    @Column(name = "LAST_RUN_ID") private Long lastRunId;
    /** The iCalendar UID: stable for the lesson's life. */
    @Column(name = "CALENDAR_UID", length = 100, nullable = false) private String calendarUid;
    /** The iCalendar SEQUENCE: raised on every change. */
    @Column(name = "SEQUENCE_NO", nullable = false) private int sequence;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;
    @Column(name = "UPDATED_AT", nullable = false) private OffsetDateTime updatedAt;

    public long getId() { return id; }
    public UnitEntity getUnit() { return unit; }
    public void setUnit(UnitEntity unit) { this.unit = unit; }
    public GroupEntity getGroup() { return group; }
    public void setGroup(GroupEntity group) { this.group = group; }
    public String getSubjectCode() { return subjectCode; }
    public void setSubjectCode(String subjectCode) { this.subjectCode = subjectCode; }
    public String getSubjectName() { return subjectName; }
    public void setSubjectName(String subjectName) { this.subjectName = subjectName; }
    public PersonEntity getTeacher() { return teacher; }
    public void setTeacher(PersonEntity teacher) { this.teacher = teacher; }
    public String getRoom() { return room; }
    public void setRoom(String room) { this.room = room; }
    public int getWeekday() { return weekday; }
    public void setWeekday(int weekday) { this.weekday = weekday; }
    public LocalTime getStartTime() { return startTime; }
    public void setStartTime(LocalTime startTime) { this.startTime = startTime; }
    public LocalTime getEndTime() { return endTime; }
    public void setEndTime(LocalTime endTime) { this.endTime = endTime; }
    public LocalDate getValidFrom() { return validFrom; }
    public void setValidFrom(LocalDate validFrom) { this.validFrom = validFrom; }
    public LocalDate getValidTo() { return validTo; }
    public void setValidTo(LocalDate validTo) { this.validTo = validTo; }
    public String getCancelledDates() { return cancelledDates; }
    public void setCancelledDates(String cancelledDates) { this.cancelledDates = cancelledDates; }
    public String getSourceId() { return sourceId; }
    public void setSourceId(String sourceId) { this.sourceId = sourceId; }
    public String getSourceKey() { return sourceKey; }
    public void setSourceKey(String sourceKey) { this.sourceKey = sourceKey; }
    public Long getLastRunId() { return lastRunId; }
    public void setLastRunId(Long lastRunId) { this.lastRunId = lastRunId; }
    public String getCalendarUid() { return calendarUid; }
    public void setCalendarUid(String calendarUid) { this.calendarUid = calendarUid; }
    public int getSequence() { return sequence; }
    public void setSequence(int sequence) { this.sequence = sequence; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(OffsetDateTime updatedAt) { this.updatedAt = updatedAt; }
}
