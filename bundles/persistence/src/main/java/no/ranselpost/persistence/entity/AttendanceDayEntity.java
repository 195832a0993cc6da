package no.ranselpost.persistence.entity;

import java.time.LocalDate;
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

/**
 * One child's day at its unit: check-in and check-out with who brought and who fetched the child
 * (a guardian by person, or another adult by the name staff noted), the sleep, and the mark "out
 * with staff's knowledge" (seed 000: the child left with the child welfare service or the police),
 * which only the department's staff ever see and which is cleared when the child is checked out
 * at the unit's closing time.
 */
@Entity
@Table(name = "RP_ATTENDANCE_DAY", uniqueConstraints = @UniqueConstraint(name = "UQ_ATTENDANCE_DAY", columnNames = {"CHILD_ID", "DAY"}))
public class AttendanceDayEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "CHILD_ID", nullable = false) private PersonEntity child;
    @Column(name = "DAY", nullable = false) private LocalDate day;
    @Column(name = "CHECKED_IN_AT") private OffsetDateTime checkedInAt;
    @Column(name = "CHECKED_IN_BY") private Long checkedInBy;
    @Column(name = "BROUGHT_BY_PERSON") private Long broughtByPerson;
    @Column(name = "BROUGHT_BY_NAME", length = 100) private String broughtByName;
    @Column(name = "CHECKED_OUT_AT") private OffsetDateTime checkedOutAt;
    @Column(name = "CHECKED_OUT_BY") private Long checkedOutBy;
    @Column(name = "FETCHED_BY_PERSON") private Long fetchedByPerson;
    @Column(name = "FETCHED_BY_NAME", length = 100) private String fetchedByName;
    @Column(name = "OUT_WITH_STAFF", nullable = false) private boolean outWithStaff;
    @Column(name = "SLEEP_START") private OffsetDateTime sleepStart;
    @Column(name = "SLEEP_END") private OffsetDateTime sleepEnd;

    public long getId() { return id; }
    public PersonEntity getChild() { return child; }
    public void setChild(PersonEntity child) { this.child = child; }
    public LocalDate getDay() { return day; }
    public void setDay(LocalDate day) { this.day = day; }
    public OffsetDateTime getCheckedInAt() { return checkedInAt; }
    public void setCheckedInAt(OffsetDateTime checkedInAt) { this.checkedInAt = checkedInAt; }
    public Long getCheckedInBy() { return checkedInBy; }
    public void setCheckedInBy(Long checkedInBy) { this.checkedInBy = checkedInBy; }
    public Long getBroughtByPerson() { return broughtByPerson; }
    public void setBroughtByPerson(Long broughtByPerson) { this.broughtByPerson = broughtByPerson; }
    public String getBroughtByName() { return broughtByName; }
    public void setBroughtByName(String broughtByName) { this.broughtByName = broughtByName; }
    public OffsetDateTime getCheckedOutAt() { return checkedOutAt; }
    public void setCheckedOutAt(OffsetDateTime checkedOutAt) { this.checkedOutAt = checkedOutAt; }
    public Long getCheckedOutBy() { return checkedOutBy; }
    public void setCheckedOutBy(Long checkedOutBy) { this.checkedOutBy = checkedOutBy; }
    public Long getFetchedByPerson() { return fetchedByPerson; }
    public void setFetchedByPerson(Long fetchedByPerson) { this.fetchedByPerson = fetchedByPerson; }
    public String getFetchedByName() { return fetchedByName; }
    public void setFetchedByName(String fetchedByName) { this.fetchedByName = fetchedByName; }
    public boolean isOutWithStaff() { return outWithStaff; }
    public void setOutWithStaff(boolean outWithStaff) { this.outWithStaff = outWithStaff; }
    public OffsetDateTime getSleepStart() { return sleepStart; }
    public void setSleepStart(OffsetDateTime sleepStart) { this.sleepStart = sleepStart; }
    public OffsetDateTime getSleepEnd() { return sleepEnd; }
    public void setSleepEnd(OffsetDateTime sleepEnd) { this.sleepEnd = sleepEnd; }
}
