package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/** One send: a message to one or many, stored as one message per thread it went into. */
@Entity
@Table(name = "RP_MSG_SEND", indexes = {@Index(name = "IX_MSG_SEND_SENDER", columnList = "SENDER_ACCOUNT")})
public class MessageSendEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "SENDER_ACCOUNT", nullable = false) private long senderAccount;
    @Column(name = "SENDER_KIND", length = 20, nullable = false) private String senderKind;
    @Column(name = "SCOPE_KIND", length = 20, nullable = false) private String scopeKind;
    @Column(name = "SCOPE_ID") private Long scopeId;
    @Column(name = "UNIT_ID", nullable = false) private long unitId;
    @Column(name = "FAMILIES", nullable = false) private int families;
    @Column(name = "GUARDIANS", nullable = false) private int guardians;
    @Column(name = "URGENT", nullable = false) private boolean urgent;
    @Column(name = "SENSITIVE", nullable = false) private boolean sensitive;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;

    public long getId() { return id; }
    public long getSenderAccount() { return senderAccount; }
    public void setSenderAccount(long senderAccount) { this.senderAccount = senderAccount; }
    public String getSenderKind() { return senderKind; }
    public void setSenderKind(String senderKind) { this.senderKind = senderKind; }
    public String getScopeKind() { return scopeKind; }
    public void setScopeKind(String scopeKind) { this.scopeKind = scopeKind; }
    public Long getScopeId() { return scopeId; }
    public void setScopeId(Long scopeId) { this.scopeId = scopeId; }
    public long getUnitId() { return unitId; }
    public void setUnitId(long unitId) { this.unitId = unitId; }
    public int getFamilies() { return families; }
    public void setFamilies(int families) { this.families = families; }
    public int getGuardians() { return guardians; }
    public void setGuardians(int guardians) { this.guardians = guardians; }
    public boolean isUrgent() { return urgent; }
    public void setUrgent(boolean urgent) { this.urgent = urgent; }
    public boolean isSensitive() { return sensitive; }
    public void setSensitive(boolean sensitive) { this.sensitive = sensitive; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
}
