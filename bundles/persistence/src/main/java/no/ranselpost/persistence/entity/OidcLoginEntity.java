package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/**
 * A browser sign-in under way at an OpenID Connect provider: the state (stored as its SHA-256
 * only), the nonce and the PKCE verifier, kept in the database so the callback may land on any
 * node; used once, and only until it expires.
 */
@Entity
@Table(name = "RP_OIDC_LOGIN", uniqueConstraints = @UniqueConstraint(name = "UQ_OIDC_LOGIN_STATE", columnNames = "STATE_HASH"))
public class OidcLoginEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "PROVIDER_ID", length = 30, nullable = false) private String providerId;
    @Column(name = "STATE_HASH", length = 64, nullable = false) private String stateHash;
    @Column(name = "NONCE", length = 100, nullable = false) private String nonce;
    @Column(name = "CODE_VERIFIER", length = 128, nullable = false) private String codeVerifier;
    /** The level asked for ({@code idporten-loa-high}). */
    @Column(name = "ACR", length = 50, nullable = false) private String acr;
    /** Where the browser goes after sign-in: a path on this server, never another site. */
    @Column(name = "RETURN_PATH", length = 500) private String returnPath;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;
    @Column(name = "EXPIRES_AT", nullable = false) private OffsetDateTime expiresAt;
    @Column(name = "USED_AT") private OffsetDateTime usedAt;

    public long getId() { return id; }
    public String getProviderId() { return providerId; }
    public void setProviderId(String providerId) { this.providerId = providerId; }
    public String getStateHash() { return stateHash; }
    public void setStateHash(String stateHash) { this.stateHash = stateHash; }
    public String getNonce() { return nonce; }
    public void setNonce(String nonce) { this.nonce = nonce; }
    public String getCodeVerifier() { return codeVerifier; }
    public void setCodeVerifier(String codeVerifier) { this.codeVerifier = codeVerifier; }
    public String getAcr() { return acr; }
    public void setAcr(String acr) { this.acr = acr; }
    public String getReturnPath() { return returnPath; }
    public void setReturnPath(String returnPath) { this.returnPath = returnPath; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
    public OffsetDateTime getExpiresAt() { return expiresAt; }
    public void setExpiresAt(OffsetDateTime expiresAt) { this.expiresAt = expiresAt; }
    public OffsetDateTime getUsedAt() { return usedAt; }
    public void setUsedAt(OffsetDateTime usedAt) { this.usedAt = usedAt; }
}
