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

/** A signed-in session. Only the SHA-256 hash of its bearer token is stored. */
@Entity
@Table(name = "RP_SESSION", uniqueConstraints = @UniqueConstraint(name = "UQ_SESSION_TOKEN", columnNames = "TOKEN_HASH"))
public class SessionEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "ACCOUNT_ID") private StaffAccountEntity account;
    @Column(name = "TOKEN_HASH", length = 64, nullable = false) private String tokenHash;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;
    @Column(name = "EXPIRES_AT", nullable = false) private OffsetDateTime expiresAt;
    @Column(name = "REVOKED_AT") private OffsetDateTime revokedAt;
    /** How the session signed in (PASSWORD, PASSWORD_AND_TOTP). */
    @Column(name = "ASSURANCE", length = 30, nullable = false) private String assurance;

    public long getId() { return id; }
    public StaffAccountEntity getAccount() { return account; }
    public void setAccount(StaffAccountEntity account) { this.account = account; }
    public String getTokenHash() { return tokenHash; }
    public void setTokenHash(String tokenHash) { this.tokenHash = tokenHash; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
    public OffsetDateTime getExpiresAt() { return expiresAt; }
    public void setExpiresAt(OffsetDateTime expiresAt) { this.expiresAt = expiresAt; }
    public OffsetDateTime getRevokedAt() { return revokedAt; }
    public void setRevokedAt(OffsetDateTime revokedAt) { this.revokedAt = revokedAt; }
    public String getAssurance() { return assurance; }
    public void setAssurance(String assurance) { this.assurance = assurance; }
}
