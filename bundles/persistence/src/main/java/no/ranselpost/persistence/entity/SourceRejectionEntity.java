package no.ranselpost.persistence.entity;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/** A record a run rejected: its key in the source and the reason (never a national id). */
@Entity
@Table(name = "RP_SOURCE_REJECTION", indexes = @Index(name = "IX_SOURCE_REJECTION_RUN", columnList = "RUN_ID"))
public class SourceRejectionEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "RUN_ID", nullable = false) private long runId;
    @Column(name = "RECORD_KEY", length = 200, nullable = false) private String recordKey;
    @Column(name = "REASON", length = 500, nullable = false) private String reason;
    /** REJECTED: the record was not applied; NOTICE: applied, with something to report. */
    @Column(name = "KIND", length = 10) private String kind;

    public long getId() { return id; }
    public long getRunId() { return runId; }
    public void setRunId(long runId) { this.runId = runId; }
    public String getRecordKey() { return recordKey; }
    public void setRecordKey(String recordKey) { this.recordKey = recordKey; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
}
