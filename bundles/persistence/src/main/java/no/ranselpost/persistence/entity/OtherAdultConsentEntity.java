package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/** One custodian's answer to an other adult's registration: the registration holds only while every one of them has consented. */
@Entity
@Table(name = "RP_OTHER_ADULT_CONSENT", indexes = {@Index(name = "IX_OTHER_ADULT_CONSENT_REG", columnList = "REGISTRATION_ID")}, uniqueConstraints = {@UniqueConstraint(name = "UQ_OTHER_ADULT_CONSENT", columnNames = {"REGISTRATION_ID", "CUSTODIAN_ID"})})
public class OtherAdultConsentEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "REGISTRATION_ID", nullable = false) private long registrationId;
    @Column(name = "CUSTODIAN_ID", nullable = false) private long custodianId;
    @Column(name = "CONSENT_STATE", length = 20, nullable = false) private String state;
    @Column(name = "CONSENT_KIND", length = 20) private String kind;
    @Column(name = "REASON_CODE", length = 50) private String reasonCode;
    @Column(name = "ANSWERED_AT") private OffsetDateTime answeredAt;
    @Column(name = "RECORDED_BY") private Long recordedBy;

    public long getId() { return id; }
    public long getRegistrationId() { return registrationId; }
    public void setRegistrationId(long registrationId) { this.registrationId = registrationId; }
    public long getCustodianId() { return custodianId; }
    public void setCustodianId(long custodianId) { this.custodianId = custodianId; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getReasonCode() { return reasonCode; }
    public void setReasonCode(String reasonCode) { this.reasonCode = reasonCode; }
    public OffsetDateTime getAnsweredAt() { return answeredAt; }
    public void setAnsweredAt(OffsetDateTime answeredAt) { this.answeredAt = answeredAt; }
    public Long getRecordedBy() { return recordedBy; }
    public void setRecordedBy(Long recordedBy) { this.recordedBy = recordedBy; }
}
