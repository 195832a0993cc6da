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

/**
 * A one-time activation code of a staff account: shown once to whoever created it (only its
 * SHA-256 is stored), used once by the account's owner to set the password and, where the role
 * needs it, enrol a TOTP device; it expires. A new account, a password reset and a lost TOTP
 * device each get one. The TOTP secret offered during enrolment waits here until the owner
 * proves it with a code.
 */
@Entity
@Table(name = "RP_ACTIVATION_CODE", uniqueConstraints = @UniqueConstraint(name = "UQ_ACTIVATION_CODE_HASH", columnNames = "CODE_HASH"),
        indexes = @Index(name = "IX_ACTIVATION_CODE_ACCOUNT", columnList = "ACCOUNT_ID"))
public class ActivationCodeEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "ACCOUNT_ID") private StaffAccountEntity account;
    @Column(name = "CODE_HASH", length = 64, nullable = false) private String codeHash;
    /** NEW_ACCOUNT, PASSWORD_RESET or TOTP_RESET. */
    @Column(name = "PURPOSE", length = 20, nullable = false) private String purpose;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;
    /** The staff account that asked for it (null: a system job). */
    @Column(name = "CREATED_BY") private Long createdBy;
    @Column(name = "EXPIRES_AT", nullable = false) private OffsetDateTime expiresAt;
    @Column(name = "USED_AT") private OffsetDateTime usedAt;
    /** A code replaced by a newer one for the same account, or withdrawn, before it was used. */
    @Column(name = "WITHDRAWN_AT") private OffsetDateTime withdrawnAt;
    /** The TOTP secret offered to the owner, until a code proves it (then it moves to the account). */
    @Column(name = "PENDING_TOTP_SECRET", length = 64) private String pendingTotpSecret;

    public long getId() { return id; }
    public StaffAccountEntity getAccount() { return account; }
    public void setAccount(StaffAccountEntity account) { this.account = account; }
    public String getCodeHash() { return codeHash; }
    public void setCodeHash(String codeHash) { this.codeHash = codeHash; }
    public String getPurpose() { return purpose; }
    public void setPurpose(String purpose) { this.purpose = purpose; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
    public Long getCreatedBy() { return createdBy; }
    public void setCreatedBy(Long createdBy) { this.createdBy = createdBy; }
    public OffsetDateTime getExpiresAt() { return expiresAt; }
    public void setExpiresAt(OffsetDateTime expiresAt) { this.expiresAt = expiresAt; }
    public OffsetDateTime getUsedAt() { return usedAt; }
    public void setUsedAt(OffsetDateTime usedAt) { this.usedAt = usedAt; }
    public OffsetDateTime getWithdrawnAt() { return withdrawnAt; }
    public void setWithdrawnAt(OffsetDateTime withdrawnAt) { this.withdrawnAt = withdrawnAt; }
    public String getPendingTotpSecret() { return pendingTotpSecret; }
    public void setPendingTotpSecret(String pendingTotpSecret) { this.pendingTotpSecret = pendingTotpSecret; }
}
