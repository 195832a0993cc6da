package no.ranselpost.persistence.entity;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/** One who takes part in a thread: a staff account, or a guardian (by person: the relation to the thread's child is what makes them one). */
@Entity
@Table(name = "RP_MSG_PARTICIPANT", indexes = {@Index(name = "IX_MSG_PARTICIPANT_ACCOUNT", columnList = "ACCOUNT_ID,THREAD_ID"), @Index(name = "IX_MSG_PARTICIPANT_PERSON", columnList = "PERSON_ID,THREAD_ID"), @Index(name = "IX_MSG_PARTICIPANT_THREAD", columnList = "THREAD_ID")})
public class ThreadParticipantEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "THREAD_ID", nullable = false) private long threadId;
    @Column(name = "ACCOUNT_ID") private Long accountId;
    @Column(name = "PERSON_ID") private Long personId;
    @Column(name = "PARTICIPANT_KIND", length = 20, nullable = false) private String kind;

    public long getId() { return id; }
    public long getThreadId() { return threadId; }
    public void setThreadId(long threadId) { this.threadId = threadId; }
    public Long getAccountId() { return accountId; }
    public void setAccountId(Long accountId) { this.accountId = accountId; }
    public Long getPersonId() { return personId; }
    public void setPersonId(Long personId) { this.personId = personId; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
}
