package no.ranselpost.persistence.entity;

import java.time.LocalDate;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;

import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.ParentalResponsibility;

/** Relation + parental responsibility between a child and an adult, per child, as FREG records it. */
@Entity
@Table(name = "RP_GUARDIANSHIP", indexes = {
        @Index(name = "IX_GUARDIANSHIP_CHILD", columnList = "CHILD_ID"),
        @Index(name = "IX_GUARDIANSHIP_GUARDIAN", columnList = "GUARDIAN_ID")})
public class GuardianshipEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "CHILD_ID") private PersonEntity child;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "GUARDIAN_ID") private PersonEntity guardian;
    @Enumerated(EnumType.STRING) @Column(name = "RELATION", length = 20, nullable = false) private GuardianRelation relation;
    @Enumerated(EnumType.STRING) @Column(name = "RESPONSIBILITY", length = 20, nullable = false) private ParentalResponsibility responsibility;
    @Column(name = "IS_CURRENT", nullable = false) private boolean current;
    @Column(name = "VALID_FROM") private LocalDate validFrom;
    @Column(name = "VALID_TO") private LocalDate validTo;
    @Column(name = "END_REASON", length = 200) private String endReason;
    /** The source the link came from (freg, or demo). */
    @Column(name = "SOURCE_ID", length = 50) private String sourceId;

    public long getId() { return id; }
    public PersonEntity getChild() { return child; }
    public void setChild(PersonEntity child) { this.child = child; }
    public PersonEntity getGuardian() { return guardian; }
    public void setGuardian(PersonEntity guardian) { this.guardian = guardian; }
    public GuardianRelation getRelation() { return relation; }
    public void setRelation(GuardianRelation relation) { this.relation = relation; }
    public ParentalResponsibility getResponsibility() { return responsibility; }
    public void setResponsibility(ParentalResponsibility responsibility) { this.responsibility = responsibility; }
    public boolean isCurrent() { return current; }
    public void setCurrent(boolean current) { this.current = current; }
    public LocalDate getValidFrom() { return validFrom; }
    public void setValidFrom(LocalDate validFrom) { this.validFrom = validFrom; }
    public LocalDate getValidTo() { return validTo; }
    public void setValidTo(LocalDate validTo) { this.validTo = validTo; }
    public String getEndReason() { return endReason; }
    public void setEndReason(String endReason) { this.endReason = endReason; }
    public String getSourceId() { return sourceId; }
    public void setSourceId(String sourceId) { this.sourceId = sourceId; }
}
