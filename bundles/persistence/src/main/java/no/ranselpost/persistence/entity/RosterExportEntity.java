package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;

/** One OneRoster export (a zip of CSV files) for Feide and learning tools, kept for its reader. */
@Entity
@Table(name = "RP_ROSTER_EXPORT")
public class RosterExportEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;
    /** ON_DEMAND or SCHEDULE. */
    @Column(name = "TRIGGER_KIND", length = 20, nullable = false) private String triggerKind;
    @Column(name = "USER_COUNT", nullable = false) private int userCount;
    @Column(name = "SIZE_BYTES", nullable = false) private long size;
    @Column(name = "SHA256", length = 64, nullable = false) private String sha256;
    @Lob @Basic(fetch = FetchType.LAZY) @Column(name = "CONTENT", nullable = false) private byte[] content;

    public long getId() { return id; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
    public String getTriggerKind() { return triggerKind; }
    public void setTriggerKind(String triggerKind) { this.triggerKind = triggerKind; }
    public int getUserCount() { return userCount; }
    public void setUserCount(int userCount) { this.userCount = userCount; }
    public long getSize() { return size; }
    public void setSize(long size) { this.size = size; }
    public String getSha256() { return sha256; }
    public void setSha256(String sha256) { this.sha256 = sha256; }
    public byte[] getContent() { return content; }
    public void setContent(byte[] content) { this.content = content; }
}
