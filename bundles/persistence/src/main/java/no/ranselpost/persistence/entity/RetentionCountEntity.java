package no.ranselpost.persistence.entity;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/** How many items of one kind (a code such as {@code messaging.message}) a retention run deleted or anonymised. */
@Entity
@Table(name = "RP_RETENTION_COUNT", indexes = @Index(name = "IX_RETENTION_COUNT_RUN", columnList = "RUN_ID"))
public class RetentionCountEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "RUN_ID", nullable = false) private long runId;
    @Column(name = "KIND", length = 100, nullable = false) private String kind;
    @Column(name = "ITEM_COUNT", nullable = false) private long count;

    public long getId() { return id; }
    public long getRunId() { return runId; }
    public void setRunId(long runId) { this.runId = runId; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public long getCount() { return count; }
    public void setCount(long count) { this.count = count; }
}
