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

/**
 * A system administrator's override of one imported, locked field of a person (seed 003: a pupil
 * who changes name; protection not yet settled in the register), with a reason code. While not
 * lifted, every import keeps it and remembers what the source said, which a lift restores.
 */
@Entity
@Table(name = "RP_FIELD_OVERRIDE", indexes = @Index(name = "IX_FIELD_OVERRIDE_PERSON", columnList = "PERSON_ID"))
public class FieldOverrideEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "PERSON_ID") private PersonEntity person;
    /** given-name, family-name or address-protection. */
    @Column(name = "FIELD_NAME", length = 30, nullable = false) private String field;
    @Column(name = "FIELD_VALUE", length = 200) private String value;
    /** What the source gave last (restored when the override is lifted). */
    @Column(name = "SOURCE_VALUE", length = 200) private String sourceValue;
    @Column(name = "REASON_CODE", length = 50, nullable = false) private String reasonCode;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;
    @Column(name = "CREATED_BY", nullable = false) private long createdBy;
    @Column(name = "LIFTED_AT") private OffsetDateTime liftedAt;
    @Column(name = "LIFTED_BY") private Long liftedBy;

    public long getId() { return id; }
    public PersonEntity getPerson() { return person; }
    public void setPerson(PersonEntity person) { this.person = person; }
    public String getField() { return field; }
    public void setField(String field) { this.field = field; }
    public String getValue() { return value; }
    public void setValue(String value) { this.value = value; }
    public String getSourceValue() { return sourceValue; }
    public void setSourceValue(String sourceValue) { this.sourceValue = sourceValue; }
    public String getReasonCode() { return reasonCode; }
    public void setReasonCode(String reasonCode) { this.reasonCode = reasonCode; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
    public long getCreatedBy() { return createdBy; }
    public void setCreatedBy(long createdBy) { this.createdBy = createdBy; }
    public OffsetDateTime getLiftedAt() { return liftedAt; }
    public void setLiftedAt(OffsetDateTime liftedAt) { this.liftedAt = liftedAt; }
    public Long getLiftedBy() { return liftedBy; }
    public void setLiftedBy(Long liftedBy) { this.liftedBy = liftedBy; }
}
