package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Table;

/** One run of the retention job: when, who started it (a principal code), how it ended. */
@Entity
@Table(name = "RP_RETENTION_RUN")
public class RetentionRunEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "STARTED_AT", nullable = false) private OffsetDateTime startedAt;
    @Column(name = "FINISHED_AT") private OffsetDateTime finishedAt;
    /** RUNNING, SUCCEEDED, FAILED (an interrupted run stays RUNNING until the next run marks it INTERRUPTED). */
    @Column(name = "RUN_STATUS", length = 20, nullable = false) private String status;
    /** SCHEDULE or REQUEST. */
    @Column(name = "TRIGGER_KIND", length = 20, nullable = false) private String trigger;
    @Column(name = "STARTED_BY", length = 100, nullable = false) private String startedBy;
    @Column(name = "MESSAGE", length = 500) private String message;

    public long getId() { return id; }
    public OffsetDateTime getStartedAt() { return startedAt; }
    public void setStartedAt(OffsetDateTime startedAt) { this.startedAt = startedAt; }
    public OffsetDateTime getFinishedAt() { return finishedAt; }
    public void setFinishedAt(OffsetDateTime finishedAt) { this.finishedAt = finishedAt; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getTrigger() { return trigger; }
    public void setTrigger(String trigger) { this.trigger = trigger; }
    public String getStartedBy() { return startedBy; }
    public void setStartedBy(String startedBy) { this.startedBy = startedBy; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
}
