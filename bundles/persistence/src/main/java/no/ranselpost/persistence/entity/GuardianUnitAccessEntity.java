package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

import no.ranselpost.core.api.AccountState;

/**
 * A guardian's access at one unit ("svart / grå konvolutt" per unit): activated, deactivated
 * by that unit's admin (or a system administrator). A guardian sees a child while active at
 * any unit the child attends today; unit-scoped data follows each unit's own state.
 */
@Entity
@Table(name = "RP_GUARDIAN_UNIT_ACCESS",
        uniqueConstraints = @UniqueConstraint(name = "UQ_GUARDIAN_UNIT_ACCESS", columnNames = {"PERSON_ID", "UNIT_ID"}))
public class GuardianUnitAccessEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "PERSON_ID") private PersonEntity person;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "UNIT_ID") private UnitEntity unit;
    @Enumerated(EnumType.STRING) @Column(name = "ACCESS_STATE", length = 20, nullable = false) private AccountState state = AccountState.INACTIVE;
    @Column(name = "STATE_CHANGED_AT") private OffsetDateTime stateChangedAt;
    /** The staff account that changed the state last (null: an import or the demo). */
    @Column(name = "STATE_CHANGED_BY") private Long stateChangedBy;
    /** Activation is recorded with the guardian's own request (e.g. the consent form). */
    @Column(name = "GUARDIAN_ASKED", nullable = false) private boolean guardianAsked;

    public long getId() { return id; }
    public PersonEntity getPerson() { return person; }
    public void setPerson(PersonEntity person) { this.person = person; }
    public UnitEntity getUnit() { return unit; }
    public void setUnit(UnitEntity unit) { this.unit = unit; }
    public AccountState getState() { return state; }
    public void setState(AccountState state) { this.state = state; }
    public OffsetDateTime getStateChangedAt() { return stateChangedAt; }
    public void setStateChangedAt(OffsetDateTime stateChangedAt) { this.stateChangedAt = stateChangedAt; }
    public Long getStateChangedBy() { return stateChangedBy; }
    public void setStateChangedBy(Long stateChangedBy) { this.stateChangedBy = stateChangedBy; }
    public boolean isGuardianAsked() { return guardianAsked; }
    public void setGuardianAsked(boolean guardianAsked) { this.guardianAsked = guardianAsked; }
}
