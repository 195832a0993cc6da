package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/**
 * A provider's token already exchanged for a Ranselpost session (its SHA-256 only), kept until
 * the token itself expires, so a token is exchanged once.
 */
@Entity
@Table(name = "RP_OIDC_TOKEN_USE", uniqueConstraints = @UniqueConstraint(name = "UQ_OIDC_TOKEN_USE", columnNames = "TOKEN_HASH"))
public class OidcTokenUseEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "TOKEN_HASH", length = 64, nullable = false) private String tokenHash;
    @Column(name = "USED_AT", nullable = false) private OffsetDateTime usedAt;
    @Column(name = "EXPIRES_AT", nullable = false) private OffsetDateTime expiresAt;

    public long getId() { return id; }
    public String getTokenHash() { return tokenHash; }
    public void setTokenHash(String tokenHash) { this.tokenHash = tokenHash; }
    public OffsetDateTime getUsedAt() { return usedAt; }
    public void setUsedAt(OffsetDateTime usedAt) { this.usedAt = usedAt; }
    public OffsetDateTime getExpiresAt() { return expiresAt; }
    public void setExpiresAt(OffsetDateTime expiresAt) { this.expiresAt = expiresAt; }
}
