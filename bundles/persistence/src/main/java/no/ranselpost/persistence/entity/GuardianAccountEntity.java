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
import javax.persistence.OneToOne;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

import no.ranselpost.core.api.AccountState;

@Entity
@Table(name = "RP_GUARDIAN_ACCOUNT", uniqueConstraints = @UniqueConstraint(name = "UQ_GUARDIAN_ACCOUNT_PERSON", columnNames = "PERSON_ID"))
public class GuardianAccountEntity {
    @Id @GeneratedValue private long id;
    @OneToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "PERSON_ID") private PersonEntity person;
    @Enumerated(EnumType.STRING) @Column(name = "ACCOUNT_STATE", length = 20, nullable = false) private AccountState state = AccountState.INACTIVE;
    @Column(name = "STATE_CHANGED_AT") private OffsetDateTime stateChangedAt;
    /** The staff account that changed the state last (null: an import or the demo). */
    @Column(name = "STATE_CHANGED_BY") private Long stateChangedBy;
    /** Activation is recorded with the guardian's own request (e.g. the consent form). */
    @Column(name = "GUARDIAN_ASKED", nullable = false) private boolean guardianAsked;

    public long getId() { return id; }
    public PersonEntity getPerson() { return person; }
    public void setPerson(PersonEntity person) { this.person = person; }
    public AccountState getState() { return state; }
    public void setState(AccountState state) { this.state = state; }
    public OffsetDateTime getStateChangedAt() { return stateChangedAt; }
    public void setStateChangedAt(OffsetDateTime stateChangedAt) { this.stateChangedAt = stateChangedAt; }
    public Long getStateChangedBy() { return stateChangedBy; }
    public void setStateChangedBy(Long stateChangedBy) { this.stateChangedBy = stateChangedBy; }
    public boolean isGuardianAsked() { return guardianAsked; }
    public void setGuardianAsked(boolean guardianAsked) { this.guardianAsked = guardianAsked; }
}
