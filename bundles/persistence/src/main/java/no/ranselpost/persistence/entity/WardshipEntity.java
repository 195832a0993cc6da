package no.ranselpost.persistence.entity;

import java.time.LocalDate;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;

/** A vergemål as the registry records it. Recorded; gives no access to anything. */
@Entity
@Table(name = "RP_WARDSHIP")
public class WardshipEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "WARD_ID") private PersonEntity ward;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "VERGE_ID") private PersonEntity verge;
    @Column(name = "IS_CURRENT", nullable = false) private boolean current;
    @Column(name = "VALID_TO") private LocalDate validTo;
    @Column(name = "SOURCE_ID", length = 50) private String sourceId;

    public long getId() { return id; }
    public PersonEntity getWard() { return ward; }
    public void setWard(PersonEntity ward) { this.ward = ward; }
    public PersonEntity getVerge() { return verge; }
    public void setVerge(PersonEntity verge) { this.verge = verge; }
    public boolean isCurrent() { return current; }
    public void setCurrent(boolean current) { this.current = current; }
    public LocalDate getValidTo() { return validTo; }
    public void setValidTo(LocalDate validTo) { this.validTo = validTo; }
    public String getSourceId() { return sourceId; }
    public void setSourceId(String sourceId) { this.sourceId = sourceId; }
}
