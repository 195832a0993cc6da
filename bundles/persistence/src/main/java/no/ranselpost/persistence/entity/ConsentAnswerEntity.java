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

/**
 * One answer to a consent for a child: a custodian's (guardian set) or the pupil's own, recorded
 * by staff with a reason code (byPupil). Answers are never changed or deleted: a new answer
 * supersedes the one before (supersededAt), so the history of every answer stays.
 */
@Entity
@Table(name = "RP_CONSENT_ANSWER", indexes = @Index(name = "IX_CONSENT_ANSWER_KIND_CHILD", columnList = "KIND_ID,CHILD_ID"))
public class ConsentAnswerEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "KIND_ID", nullable = false) private ConsentKindEntity kind;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "CHILD_ID", nullable = false) private PersonEntity child;
    @ManyToOne(fetch = FetchType.LAZY) @JoinColumn(name = "GUARDIAN_ID") private PersonEntity guardian;
    @Column(name = "BY_PUPIL", nullable = false) private boolean byPupil;
    @Column(name = "CONSENT_GIVEN", nullable = false) private boolean given;
    @Column(name = "REASON_CODE", length = 50) private String reasonCode;
    @Column(name = "ANSWERED_BY", nullable = false) private long answeredBy;
    @Column(name = "ANSWERED_AT", nullable = false) private OffsetDateTime answeredAt;
    @Column(name = "SUPERSEDED_AT") private OffsetDateTime supersededAt;

    public long getId() { return id; }
    public ConsentKindEntity getKind() { return kind; }
    public void setKind(ConsentKindEntity kind) { this.kind = kind; }
    public PersonEntity getChild() { return child; }
    public void setChild(PersonEntity child) { this.child = child; }
    public PersonEntity getGuardian() { return guardian; }
    public void setGuardian(PersonEntity guardian) { this.guardian = guardian; }
    public boolean isByPupil() { return byPupil; }
    public void setByPupil(boolean byPupil) { this.byPupil = byPupil; }
    public boolean isGiven() { return given; }
    public void setGiven(boolean given) { this.given = given; }
    public String getReasonCode() { return reasonCode; }
    public void setReasonCode(String reasonCode) { this.reasonCode = reasonCode; }
    public long getAnsweredBy() { return answeredBy; }
    public void setAnsweredBy(long answeredBy) { this.answeredBy = answeredBy; }
    public OffsetDateTime getAnsweredAt() { return answeredAt; }
    public void setAnsweredAt(OffsetDateTime answeredAt) { this.answeredAt = answeredAt; }
    public OffsetDateTime getSupersededAt() { return supersededAt; }
    public void setSupersededAt(OffsetDateTime supersededAt) { this.supersededAt = supersededAt; }
}
