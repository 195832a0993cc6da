package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/** How far one account has read one thread. */
@Entity
@Table(name = "RP_MSG_READ", indexes = {@Index(name = "IX_MSG_READ_ACCOUNT", columnList = "ACCOUNT_ID")}, uniqueConstraints = {@UniqueConstraint(name = "UQ_MSG_READ", columnNames = {"THREAD_ID", "ACCOUNT_ID"})})
public class MessageReadEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "THREAD_ID", nullable = false) private long threadId;
    @Column(name = "ACCOUNT_ID", nullable = false) private long accountId;
    @Column(name = "LAST_READ_MESSAGE_ID", nullable = false) private long lastReadMessageId;
    @Column(name = "FIRST_READ_AT", nullable = false) private OffsetDateTime firstReadAt;
    @Column(name = "LAST_READ_AT", nullable = false) private OffsetDateTime lastReadAt;

    public long getId() { return id; }
    public long getThreadId() { return threadId; }
    public void setThreadId(long threadId) { this.threadId = threadId; }
    public long getAccountId() { return accountId; }
    public void setAccountId(long accountId) { this.accountId = accountId; }
    public long getLastReadMessageId() { return lastReadMessageId; }
    public void setLastReadMessageId(long lastReadMessageId) { this.lastReadMessageId = lastReadMessageId; }
    public OffsetDateTime getFirstReadAt() { return firstReadAt; }
    public void setFirstReadAt(OffsetDateTime firstReadAt) { this.firstReadAt = firstReadAt; }
    public OffsetDateTime getLastReadAt() { return lastReadAt; }
    public void setLastReadAt(OffsetDateTime lastReadAt) { this.lastReadAt = lastReadAt; }
}
