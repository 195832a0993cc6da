package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/**
 * One notice in the durable outbox: to one person, on one channel, about one message (or none, for
 * a notice of another category). Written in the message's own transaction; a worker claims it
 * ({@code claimedBy}, {@code claimUntil}), sends it (merged with the person's other due notices of
 * the same channel) and marks it SENT, SKIPPED (read meanwhile, no usable contact, turned off) or,
 * after its attempts, FAILED. {@code outcome} is a code, never an address or any text.
 */
@Entity
@Table(name = "RP_NOTIFICATION", indexes = {@Index(name = "IX_NOTIFICATION_DUE", columnList = "STATE,NEXT_ATTEMPT_AT"),
        @Index(name = "IX_NOTIFICATION_CLAIM", columnList = "CLAIMED_BY"), @Index(name = "IX_NOTIFICATION_PERSON", columnList = "PERSON_ID")})
public class NotificationEntity {
    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";
    public static final String SKIPPED = "SKIPPED";
    public static final String FAILED = "FAILED";

    @Id @GeneratedValue private long id;
    @Column(name = "PERSON_ID", nullable = false) private long personId;
    @Column(name = "CHANNEL", length = 20, nullable = false) private String channel;
    @Column(name = "CATEGORY", length = 40, nullable = false) private String category;
    @Column(name = "SEND_ID") private Long sendId;
    @Column(name = "THREAD_ID") private Long threadId;
    @Column(name = "MESSAGE_ID") private Long messageId;
    @Column(name = "STATE", length = 20, nullable = false) private String state;
    @Column(name = "ATTEMPTS", nullable = false) private int attempts;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;
    @Column(name = "NEXT_ATTEMPT_AT", nullable = false) private OffsetDateTime nextAttemptAt;
    @Column(name = "CLAIMED_BY", length = 80) private String claimedBy;
    @Column(name = "CLAIM_UNTIL") private OffsetDateTime claimUntil;
    @Column(name = "DONE_AT") private OffsetDateTime doneAt;
    @Column(name = "OUTCOME", length = 60) private String outcome;

    public long getId() { return id; }
    public long getPersonId() { return personId; }
    public void setPersonId(long personId) { this.personId = personId; }
    public String getChannel() { return channel; }
    public void setChannel(String channel) { this.channel = channel; }
    public String getCategory() { return category; }
    public void setCategory(String category) { this.category = category; }
    public Long getSendId() { return sendId; }
    public void setSendId(Long sendId) { this.sendId = sendId; }
    public Long getThreadId() { return threadId; }
    public void setThreadId(Long threadId) { this.threadId = threadId; }
    public Long getMessageId() { return messageId; }
    public void setMessageId(Long messageId) { this.messageId = messageId; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public int getAttempts() { return attempts; }
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
    public OffsetDateTime getNextAttemptAt() { return nextAttemptAt; }
    public void setNextAttemptAt(OffsetDateTime nextAttemptAt) { this.nextAttemptAt = nextAttemptAt; }
    public String getClaimedBy() { return claimedBy; }
    public void setClaimedBy(String claimedBy) { this.claimedBy = claimedBy; }
    public OffsetDateTime getClaimUntil() { return claimUntil; }
    public void setClaimUntil(OffsetDateTime claimUntil) { this.claimUntil = claimUntil; }
    public OffsetDateTime getDoneAt() { return doneAt; }
    public void setDoneAt(OffsetDateTime doneAt) { this.doneAt = doneAt; }
    public String getOutcome() { return outcome; }
    public void setOutcome(String outcome) { this.outcome = outcome; }
}
