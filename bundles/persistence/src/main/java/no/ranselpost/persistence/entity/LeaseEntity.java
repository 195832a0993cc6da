package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * A job's lease (ShedLock's lock record): written by the lease service over JDBC only; the
 * entity is there to read who holds what (monitoring) and so that the schema is the entities'.
 */
@Entity
@Table(name = "RP_LEASE")
public class LeaseEntity {
    @Id @Column(name = "NAME", length = 64, nullable = false) private String name;
    @Column(name = "LOCK_UNTIL", nullable = false) private OffsetDateTime lockUntil;
    @Column(name = "LOCKED_AT", nullable = false) private OffsetDateTime lockedAt;
    @Column(name = "LOCKED_BY", length = 255, nullable = false) private String lockedBy;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public OffsetDateTime getLockUntil() { return lockUntil; }
    public void setLockUntil(OffsetDateTime lockUntil) { this.lockUntil = lockUntil; }
    public OffsetDateTime getLockedAt() { return lockedAt; }
    public void setLockedAt(OffsetDateTime lockedAt) { this.lockedAt = lockedAt; }
    public String getLockedBy() { return lockedBy; }
    public void setLockedBy(String lockedBy) { this.lockedBy = lockedBy; }
}
