package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/** One key/value pair of a source's own state (a feed position, a last-run mark). */
@Entity
@Table(name = "RP_SOURCE_STATE", uniqueConstraints = @UniqueConstraint(name = "UQ_SOURCE_STATE_KEY", columnNames = {"SOURCE_ID", "STATE_KEY"}))
public class SourceStateEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "SOURCE_ID", length = 50, nullable = false) private String sourceId;
    @Column(name = "STATE_KEY", length = 100, nullable = false) private String key;
    @Column(name = "STATE_VALUE", length = 4000) private String value;
    @Column(name = "UPDATED_AT", nullable = false) private OffsetDateTime updatedAt;

    public long getId() { return id; }
    public String getSourceId() { return sourceId; }
    public void setSourceId(String sourceId) { this.sourceId = sourceId; }
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }
    public String getValue() { return value; }
    public void setValue(String value) { this.value = value; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(OffsetDateTime updatedAt) { this.updatedAt = updatedAt; }
}
