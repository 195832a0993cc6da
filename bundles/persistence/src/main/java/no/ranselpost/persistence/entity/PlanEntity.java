package no.ranselpost.persistence.entity;

import java.time.LocalDate;
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

/** A plan (year, month, week: "årsplan, månedsplan, ukeplan") of a unit or of one group: a document in the binary store. */
@Entity
@Table(name = "RP_PLAN", indexes = @Index(name = "IX_PLAN_UNIT", columnList = "UNIT_ID,STARTS_ON"))
public class PlanEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "UNIT_ID", nullable = false) private UnitEntity unit;
    @ManyToOne(fetch = FetchType.LAZY) @JoinColumn(name = "GROUP_ID") private GroupEntity group;
    @Column(name = "PLAN_PERIOD", length = 10, nullable = false) private String period;
    @Column(name = "STARTS_ON", nullable = false) private LocalDate startsOn;
    @Column(name = "TITLE", length = 200, nullable = false) private String title;
    @Column(name = "CONTENT_ID", nullable = false) private long contentId;
    @Column(name = "AUTHOR_ACCOUNT", nullable = false) private long authorAccount;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;

    public long getId() { return id; }
    public UnitEntity getUnit() { return unit; }
    public void setUnit(UnitEntity unit) { this.unit = unit; }
    public GroupEntity getGroup() { return group; }
    public void setGroup(GroupEntity group) { this.group = group; }
    public String getPeriod() { return period; }
    public void setPeriod(String period) { this.period = period; }
    public LocalDate getStartsOn() { return startsOn; }
    public void setStartsOn(LocalDate startsOn) { this.startsOn = startsOn; }
    public String getTitle() { return title; }
    public void setTitle(String title) { this.title = title; }
    public long getContentId() { return contentId; }
    public void setContentId(long contentId) { this.contentId = contentId; }
    public long getAuthorAccount() { return authorAccount; }
    public void setAuthorAccount(long authorAccount) { this.authorAccount = authorAccount; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
}
