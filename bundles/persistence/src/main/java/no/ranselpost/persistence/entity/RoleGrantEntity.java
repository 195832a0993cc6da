package no.ranselpost.persistence.entity;

import java.time.LocalDate;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;

import no.ranselpost.core.api.Role;

/** A role held by a staff account, scoped to the kommune (no unit), a unit, or a group. */
@Entity
@Table(name = "RP_ROLE_GRANT")
public class RoleGrantEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(optional = false) @JoinColumn(name = "ACCOUNT_ID") private StaffAccountEntity account;
    @Enumerated(EnumType.STRING) @Column(name = "STAFF_ROLE", length = 20, nullable = false) private Role role;
    @Column(name = "UNIT_ID") private Long unitId;
    @Column(name = "GROUP_ID") private Long groupId;
    @Column(name = "VALID_FROM") private LocalDate validFrom;
    @Column(name = "VALID_TO") private LocalDate validTo;
    /** For INTEGRATION: the one source id the account pushes records for. */
    @Column(name = "SOURCE_ID", length = 50) private String sourceId;

    public long getId() { return id; }
    public StaffAccountEntity getAccount() { return account; }
    public void setAccount(StaffAccountEntity account) { this.account = account; }
    public Role getRole() { return role; }
    public void setRole(Role role) { this.role = role; }
    public Long getUnitId() { return unitId; }
    public void setUnitId(Long unitId) { this.unitId = unitId; }
    public Long getGroupId() { return groupId; }
    public void setGroupId(Long groupId) { this.groupId = groupId; }
    public LocalDate getValidFrom() { return validFrom; }
    public void setValidFrom(LocalDate validFrom) { this.validFrom = validFrom; }
    public LocalDate getValidTo() { return validTo; }
    public void setValidTo(LocalDate validTo) { this.validTo = validTo; }
    public String getSourceId() { return sourceId; }
    public void setSourceId(String sourceId) { this.sourceId = sourceId; }
}
