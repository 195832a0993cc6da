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
 * A national identity number the population register replaced (a D-number that became a
 * fødselsnummer, a corrected number): it still names the same person, so an export that lists
 * the old number finds them.
 */
@Entity
@Table(name = "RP_FORMER_NATIONAL_ID", uniqueConstraints = @UniqueConstraint(name = "UQ_FORMER_NATIONAL_ID", columnNames = "NATIONAL_ID"))
public class FormerNationalIdEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "PERSON_ID") private PersonEntity person;
    @Column(name = "NATIONAL_ID", length = 11, nullable = false) private String nationalId;
    @Column(name = "REPLACED_AT", nullable = false) private OffsetDateTime replacedAt;

    public long getId() { return id; }
    public PersonEntity getPerson() { return person; }
    public void setPerson(PersonEntity person) { this.person = person; }
    public String getNationalId() { return nationalId; }
    public void setNationalId(String nationalId) { this.nationalId = nationalId; }
    public OffsetDateTime getReplacedAt() { return replacedAt; }
    public void setReplacedAt(OffsetDateTime replacedAt) { this.replacedAt = replacedAt; }
}
