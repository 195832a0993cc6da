package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Lob;
import javax.persistence.Table;

/** One message in one thread. Its text is removed (null) when it is withdrawn or redacted. */
@Entity
@Table(name = "RP_MSG_MESSAGE", indexes = {@Index(name = "IX_MSG_MESSAGE_THREAD", columnList = "THREAD_ID,ID"), @Index(name = "IX_MSG_MESSAGE_SEND", columnList = "SEND_ID")})
public class MessageEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "THREAD_ID", nullable = false) private long threadId;
    @Column(name = "SEND_ID", nullable = false) private long sendId;
    @Column(name = "SENDER_ACCOUNT", nullable = false) private long senderAccount;
    @Column(name = "SENDER_KIND", length = 20, nullable = false) private String senderKind;
    @Column(name = "SENDER_PERSON") private Long senderPerson;
    @Lob @Basic(fetch = FetchType.EAGER) @Column(name = "BODY") private String body;
    @Column(name = "STATE", length = 20, nullable = false) private String state;
    @Column(name = "URGENT", nullable = false) private boolean urgent;
    @Column(name = "SENSITIVE", nullable = false) private boolean sensitive;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;
    @Column(name = "CHANGED_AT") private OffsetDateTime changedAt;
    @Column(name = "CHANGE_REASON", length = 50) private String changeReason;

    public long getId() { return id; }
    public long getThreadId() { return threadId; }
    public void setThreadId(long threadId) { this.threadId = threadId; }
    public long getSendId() { return sendId; }
    public void setSendId(long sendId) { this.sendId = sendId; }
    public long getSenderAccount() { return senderAccount; }
    public void setSenderAccount(long senderAccount) { this.senderAccount = senderAccount; }
    public String getSenderKind() { return senderKind; }
    public void setSenderKind(String senderKind) { this.senderKind = senderKind; }
    public Long getSenderPerson() { return senderPerson; }
    public void setSenderPerson(Long senderPerson) { this.senderPerson = senderPerson; }
    public String getBody() { return body; }
    public void setBody(String body) { this.body = body; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public boolean isUrgent() { return urgent; }
    public void setUrgent(boolean urgent) { this.urgent = urgent; }
    public boolean isSensitive() { return sensitive; }
    public void setSensitive(boolean sensitive) { this.sensitive = sensitive; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
    public OffsetDateTime getChangedAt() { return changedAt; }
    public void setChangedAt(OffsetDateTime changedAt) { this.changedAt = changedAt; }
    public String getChangeReason() { return changeReason; }
    public void setChangeReason(String changeReason) { this.changeReason = changeReason; }
}
