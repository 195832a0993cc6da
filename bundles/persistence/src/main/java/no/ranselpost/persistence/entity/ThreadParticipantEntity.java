package no.ranselpost.persistence.entity;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/** An account that takes part in a thread, and the person (a guardian) whose relation made it one. */
@Entity
@Table(name = "RP_MSG_PARTICIPANT", indexes = {@Index(name = "IX_MSG_PARTICIPANT_ACCOUNT", columnList = "ACCOUNT_ID,THREAD_ID"), @Index(name = "IX_MSG_PARTICIPANT_THREAD", columnList = "THREAD_ID")})
public class ThreadParticipantEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "THREAD_ID", nullable = false) private long threadId;
    @Column(name = "ACCOUNT_ID", nullable = false) private long accountId;
    @Column(name = "PERSON_ID") private Long personId;
    @Column(name = "PARTICIPANT_KIND", length = 20, nullable = false) private String kind;

    public long getId() { return id; }
    public long getThreadId() { return threadId; }
    public void setThreadId(long threadId) { this.threadId = threadId; }
    public long getAccountId() { return accountId; }
    public void setAccountId(long accountId) { this.accountId = accountId; }
    public Long getPersonId() { return personId; }
    public void setPersonId(Long personId) { this.personId = personId; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
}
