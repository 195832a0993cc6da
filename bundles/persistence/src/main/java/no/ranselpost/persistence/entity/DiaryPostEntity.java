package no.ranselpost.persistence.entity;

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

/** A news post (unit-wide, "nyheter": no group) or a diary post (one group, "dagbok"), with text; its photos apart. */
@Entity
@Table(name = "RP_DIARY_POST", indexes = @Index(name = "IX_DIARY_POST_UNIT", columnList = "UNIT_ID,CREATED_AT"))
public class DiaryPostEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "POST_KIND", length = 10, nullable = false) private String kind;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "UNIT_ID", nullable = false) private UnitEntity unit;
    @ManyToOne(fetch = FetchType.LAZY) @JoinColumn(name = "GROUP_ID") private GroupEntity group;
    @Column(name = "TITLE", length = 200, nullable = false) private String title;
    @Column(name = "BODY", length = 4000, nullable = false) private String body;
    @Column(name = "AUTHOR_ACCOUNT", nullable = false) private long authorAccount;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;

    public long getId() { return id; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public UnitEntity getUnit() { return unit; }
    public void setUnit(UnitEntity unit) { this.unit = unit; }
    public GroupEntity getGroup() { return group; }
    public void setGroup(GroupEntity group) { this.group = group; }
    public String getTitle() { return title; }
    public void setTitle(String title) { this.title = title; }
    public String getBody() { return body; }
    public void setBody(String body) { this.body = body; }
    public long getAuthorAccount() { return authorAccount; }
    public void setAuthorAccount(long authorAccount) { this.authorAccount = authorAccount; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
}
