package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/** A signed-in session. Only the SHA-256 hash of its bearer token is stored. */
@Entity
@Table(name = "RP_SESSION", uniqueConstraints = @UniqueConstraint(name = "UQ_SESSION_TOKEN", columnNames = "TOKEN_HASH"),
        indexes = @Index(name = "IX_SESSION_PROVIDER_SESSION", columnList = "PROVIDER_SESSION_ID"))
public class SessionEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "ACCOUNT_ID") private StaffAccountEntity account;
    @Column(name = "TOKEN_HASH", length = 64, nullable = false) private String tokenHash;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;
    @Column(name = "EXPIRES_AT", nullable = false) private OffsetDateTime expiresAt;
    @Column(name = "REVOKED_AT") private OffsetDateTime revokedAt;
    /** How the session signed in (PASSWORD, PASSWORD_AND_TOTP). */
    @Column(name = "ASSURANCE", length = 30, nullable = false) private String assurance;
    /** The identity provider that opened it ({@code idporten}); null for local sign-in. */
    @Column(name = "PROVIDER_ID", length = 30) private String providerId;
    /** The provider's session id ({@code sid}), for front-channel logout. */
    @Column(name = "PROVIDER_SESSION_ID", length = 200) private String providerSessionId;
    /** The provider's id_token, kept on the server only, for its end-session call. */
    @Column(name = "ID_TOKEN_HINT", length = 8000) private String idTokenHint;

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
    public String getProviderId() { return providerId; }
    public void setProviderId(String providerId) { this.providerId = providerId; }
    public String getProviderSessionId() { return providerSessionId; }
    public void setProviderSessionId(String providerSessionId) { this.providerSessionId = providerSessionId; }
    public String getIdTokenHint() { return idTokenHint; }
    public void setIdTokenHint(String idTokenHint) { this.idTokenHint = idTokenHint; }
}
