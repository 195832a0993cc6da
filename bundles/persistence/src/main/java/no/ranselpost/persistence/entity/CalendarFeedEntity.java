package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/** A user's calendar feed: the SHA-256 of its secret URL token (the token itself is never stored), until revoked. */
@Entity
@Table(name = "RP_CALENDAR_FEED", uniqueConstraints = @UniqueConstraint(name = "UQ_CALENDAR_FEED_TOKEN", columnNames = "TOKEN_HASH"),
        indexes = @Index(name = "IX_CALENDAR_FEED_ACCOUNT", columnList = "ACCOUNT_ID"))
public class CalendarFeedEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "ACCOUNT_ID", nullable = false) private long accountId;
    @Column(name = "ACCOUNT_KIND", length = 20, nullable = false) private String accountKind;
    @Column(name = "TOKEN_HASH", length = 64, nullable = false) private String tokenHash;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;
    @Column(name = "REVOKED_AT") private OffsetDateTime revokedAt;

    public long getId() { return id; }
    public long getAccountId() { return accountId; }
    public void setAccountId(long accountId) { this.accountId = accountId; }
    public String getAccountKind() { return accountKind; }
    public void setAccountKind(String accountKind) { this.accountKind = accountKind; }
    public String getTokenHash() { return tokenHash; }
    public void setTokenHash(String tokenHash) { this.tokenHash = tokenHash; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
    public OffsetDateTime getRevokedAt() { return revokedAt; }
    public void setRevokedAt(OffsetDateTime revokedAt) { this.revokedAt = revokedAt; }
}
