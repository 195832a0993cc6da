package no.ranselpost.persistence.entity;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

import no.ranselpost.core.api.UnitType;

@Entity
@Table(name = "RP_UNIT", uniqueConstraints = @UniqueConstraint(name = "UQ_UNIT_KEY", columnNames = {"ORG_NUMBER", "UNIT_TYPE"}))
public class UnitEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "ORG_NUMBER", length = 9, nullable = false) private String orgNumber;
    @Enumerated(EnumType.STRING) @Column(name = "UNIT_TYPE", length = 20, nullable = false) private UnitType unitType;
    @Column(nullable = false, length = 200) private String name;

    public long getId() { return id; }
    public String getOrgNumber() { return orgNumber; }
    public void setOrgNumber(String orgNumber) { this.orgNumber = orgNumber; }
    public UnitType getUnitType() { return unitType; }
    public void setUnitType(UnitType unitType) { this.unitType = unitType; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
}
