package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/** One run of a source (an import, a demo load): when, how it ended, and its counts. */
@Entity
@Table(name = "RP_SOURCE_RUN", indexes = @Index(name = "IX_SOURCE_RUN_SOURCE", columnList = "SOURCE_ID"))
public class SourceRunEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "SOURCE_ID", length = 50, nullable = false) private String sourceId;
    @Column(name = "STARTED_AT", nullable = false) private OffsetDateTime startedAt;
    @Column(name = "FINISHED_AT") private OffsetDateTime finishedAt;
    @Column(name = "RUN_STATUS", length = 20, nullable = false) private String status;
    @Column(name = "CREATED_COUNT") private int created;
    @Column(name = "UPDATED_COUNT") private int updated;
    @Column(name = "ENDED_COUNT") private int ended;
    @Column(name = "UNCHANGED_COUNT") private int unchanged;
    @Column(name = "REJECTED_COUNT") private int rejected;
    @Column(name = "MESSAGE", length = 1000) private String message;

    public long getId() { return id; }
    public String getSourceId() { return sourceId; }
    public void setSourceId(String sourceId) { this.sourceId = sourceId; }
    public OffsetDateTime getStartedAt() { return startedAt; }
    public void setStartedAt(OffsetDateTime startedAt) { this.startedAt = startedAt; }
    public OffsetDateTime getFinishedAt() { return finishedAt; }
    public void setFinishedAt(OffsetDateTime finishedAt) { this.finishedAt = finishedAt; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public int getCreated() { return created; }
    public void setCreated(int created) { this.created = created; }
    public int getUpdated() { return updated; }
    public void setUpdated(int updated) { this.updated = updated; }
    public int getEnded() { return ended; }
    public void setEnded(int ended) { this.ended = ended; }
    public int getUnchanged() { return unchanged; }
    public void setUnchanged(int unchanged) { this.unchanged = unchanged; }
    public int getRejected() { return rejected; }
    public void setRejected(int rejected) { this.rejected = rejected; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
}
