package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/** A message thread: one family's copy of a message to many, a conversation about a child, an announcement, or a thread among staff. */
@Entity
@Table(name = "RP_MSG_THREAD", indexes = {@Index(name = "IX_MSG_THREAD_CHILD", columnList = "CHILD_ID"), @Index(name = "IX_MSG_THREAD_GROUP", columnList = "GROUP_ID,LAST_MESSAGE_ID"), @Index(name = "IX_MSG_THREAD_UNIT", columnList = "UNIT_ID,LAST_MESSAGE_ID"), @Index(name = "IX_MSG_THREAD_SEND", columnList = "SEND_ID")})
public class MessageThreadEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "THREAD_KIND", length = 20, nullable = false) private String kind;
    @Column(name = "UNIT_ID", nullable = false) private long unitId;
    @Column(name = "GROUP_ID") private Long groupId;
    @Column(name = "CHILD_ID") private Long childId;
    @Column(name = "PRIVATE_FOR") private Long privateFor;
    @Column(name = "SEND_ID") private Long sendId;
    @Column(name = "SUBJECT", length = 200) private String subject;
    @Column(name = "SENSITIVE", nullable = false) private boolean sensitive;
    @Column(name = "REPLY_ALLOWED", nullable = false) private boolean replyAllowed;
    @Column(name = "CREATED_BY", nullable = false) private long createdBy;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;
    @Column(name = "LAST_MESSAGE_ID", nullable = false) private long lastMessageId;
    @Column(name = "LAST_MESSAGE_AT", nullable = false) private OffsetDateTime lastMessageAt;
    @Column(name = "LAST_SENDER_ACCOUNT", nullable = false) private long lastSenderAccount;

    public long getId() { return id; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public long getUnitId() { return unitId; }
    public void setUnitId(long unitId) { this.unitId = unitId; }
    public Long getGroupId() { return groupId; }
    public void setGroupId(Long groupId) { this.groupId = groupId; }
    public Long getChildId() { return childId; }
    public void setChildId(Long childId) { this.childId = childId; }
    public Long getPrivateFor() { return privateFor; }
    public void setPrivateFor(Long privateFor) { this.privateFor = privateFor; }
    public Long getSendId() { return sendId; }
    public void setSendId(Long sendId) { this.sendId = sendId; }
    public String getSubject() { return subject; }
    public void setSubject(String subject) { this.subject = subject; }
    public boolean isSensitive() { return sensitive; }
    public void setSensitive(boolean sensitive) { this.sensitive = sensitive; }
    public boolean isReplyAllowed() { return replyAllowed; }
    public void setReplyAllowed(boolean replyAllowed) { this.replyAllowed = replyAllowed; }
    public long getCreatedBy() { return createdBy; }
    public void setCreatedBy(long createdBy) { this.createdBy = createdBy; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
    public long getLastMessageId() { return lastMessageId; }
    public void setLastMessageId(long lastMessageId) { this.lastMessageId = lastMessageId; }
    public OffsetDateTime getLastMessageAt() { return lastMessageAt; }
    public void setLastMessageAt(OffsetDateTime lastMessageAt) { this.lastMessageAt = lastMessageAt; }
    public long getLastSenderAccount() { return lastSenderAccount; }
    public void setLastSenderAccount(long lastSenderAccount) { this.lastSenderAccount = lastSenderAccount; }
}
