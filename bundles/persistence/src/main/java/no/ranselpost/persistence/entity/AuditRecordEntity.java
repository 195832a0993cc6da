package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Lob;
import javax.persistence.Table;

/**
 * One audit record. Appended only; the sealing job chains records into seals and sets SEAL_ID
 * (null: not sealed yet), whatever the record's id.
 */
@Entity
@Table(name = "RP_AUDIT_RECORD", indexes = {
        @Index(name = "IX_AUDIT_AT", columnList = "RECORDED_AT"),
        @Index(name = "IX_AUDIT_PRINCIPAL", columnList = "PRINCIPAL"),
        @Index(name = "IX_AUDIT_RECORD_SEAL", columnList = "SEAL_ID")})
public class AuditRecordEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "RECORDED_AT", nullable = false) private OffsetDateTime at;
    @Column(name = "PRINCIPAL", length = 100, nullable = false) private String principal;
    @Column(name = "PRINCIPAL_ROLE", length = 100, nullable = false) private String role;
    @Column(name = "ACTION_CODE", length = 100, nullable = false) private String action;
    @Column(name = "OBJECT_TYPE", length = 100) private String objectType;
    /** The object ids, comma-separated, ascending. */
    @Lob @Basic(fetch = FetchType.EAGER) @Column(name = "OBJECT_IDS") private String objectIds;
    @Column(name = "OUTCOME", length = 10, nullable = false) private String outcome;
    @Column(name = "REASON", length = 100) private String reason;
    @Column(name = "UNIT_ID") private Long unitId;
    /** The seal whose segment holds this record; null until sealed. */
    @Column(name = "SEAL_ID") private Long sealId;

    public long getId() { return id; }
    public OffsetDateTime getAt() { return at; }
    public void setAt(OffsetDateTime at) { this.at = at; }
    public String getPrincipal() { return principal; }
    public void setPrincipal(String principal) { this.principal = principal; }
    public String getRole() { return role; }
    public void setRole(String role) { this.role = role; }
    public String getAction() { return action; }
    public void setAction(String action) { this.action = action; }
    public String getObjectType() { return objectType; }
    public void setObjectType(String objectType) { this.objectType = objectType; }
    public String getObjectIds() { return objectIds; }
    public void setObjectIds(String objectIds) { this.objectIds = objectIds; }
    public String getOutcome() { return outcome; }
    public void setOutcome(String outcome) { this.outcome = outcome; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public Long getUnitId() { return unitId; }
    public void setUnitId(Long unitId) { this.unitId = unitId; }
    public Long getSealId() { return sealId; }
    public void setSealId(Long sealId) { this.sealId = sealId; }
}
