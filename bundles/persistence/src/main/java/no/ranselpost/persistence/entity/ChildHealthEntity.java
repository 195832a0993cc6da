package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/** A child's health information, entered by its guardians: allergies, food intolerances, the GP (fastlege). */
@Entity
@Table(name = "RP_CHILD_HEALTH", uniqueConstraints = @UniqueConstraint(name = "UQ_CHILD_HEALTH_CHILD", columnNames = "CHILD_ID"))
public class ChildHealthEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "CHILD_ID") private PersonEntity child;
    @Column(name = "ALLERGIES", length = 1000) private String allergies;
    @Column(name = "INTOLERANCES", length = 1000) private String intolerances;
    @Column(name = "GP", length = 300) private String gp;
    @Column(name = "UPDATED_AT", nullable = false) private OffsetDateTime updatedAt;
    @Column(name = "UPDATED_BY", nullable = false) private long updatedBy;

    public long getId() { return id; }
    public PersonEntity getChild() { return child; }
    public void setChild(PersonEntity child) { this.child = child; }
    public String getAllergies() { return allergies; }
    public void setAllergies(String allergies) { this.allergies = allergies; }
    public String getIntolerances() { return intolerances; }
    public void setIntolerances(String intolerances) { this.intolerances = intolerances; }
    public String getGp() { return gp; }
    public void setGp(String gp) { this.gp = gp; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(OffsetDateTime updatedAt) { this.updatedAt = updatedAt; }
    public long getUpdatedBy() { return updatedBy; }
    public void setUpdatedBy(long updatedBy) { this.updatedBy = updatedBy; }
}
