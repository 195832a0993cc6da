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

/**
 * A person the unit admin recorded as knowing a shared department account's current password
 * (seed 000: "ansatte/vikar som kjenner til passordet"). When HR ends such a person's
 * employment, the shared account signs in no more until its password is rotated; a rotation
 * forgets the holders of the old password.
 */
@Entity
@Table(name = "RP_SHARED_PASSWORD_HOLDER",
        uniqueConstraints = @UniqueConstraint(name = "UQ_SHARED_PASSWORD_HOLDER", columnNames = {"ACCOUNT_ID", "PERSON_ID"}))
public class SharedPasswordHolderEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "ACCOUNT_ID") private StaffAccountEntity account;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "PERSON_ID") private PersonEntity person;
    @Column(name = "RECORDED_AT", nullable = false) private OffsetDateTime recordedAt;
    @Column(name = "RECORDED_BY", nullable = false) private long recordedBy;

    public long getId() { return id; }
    public StaffAccountEntity getAccount() { return account; }
    public void setAccount(StaffAccountEntity account) { this.account = account; }
    public PersonEntity getPerson() { return person; }
    public void setPerson(PersonEntity person) { this.person = person; }
    public OffsetDateTime getRecordedAt() { return recordedAt; }
    public void setRecordedAt(OffsetDateTime recordedAt) { this.recordedAt = recordedAt; }
    public long getRecordedBy() { return recordedBy; }
    public void setRecordedBy(long recordedBy) { this.recordedBy = recordedBy; }
}
