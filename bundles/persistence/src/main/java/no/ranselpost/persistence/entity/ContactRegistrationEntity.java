package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/**
 * What the contact register said about a person when it was last asked: its status there, the
 * notification status, the language, and when the e-mail and the mobile were last updated and
 * verified. The e-mail, mobile and reservation themselves are the person's
 * ({@link PersonEntity#getEmail()}, ...). While a registration exists, its source owns the
 * person's contact data: only that source changes it. One per person.
 */
@Entity
@Table(name = "RP_CONTACT_REGISTRATION",
        uniqueConstraints = @UniqueConstraint(name = "UQ_CONTACT_REGISTRATION_PERSON", columnNames = "PERSON_ID"))
public class ContactRegistrationEntity {

    /** Contact data neither updated nor verified within this many months is not used for notices. */
    public static final int STALE_AFTER_MONTHS = 18;

    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "PERSON_ID") private PersonEntity person;
    /** The source that owns the person's contact data (krr). */
    @Column(name = "SOURCE_ID", length = 40, nullable = false) private String sourceId;
    /** ACTIVE, DELETED, NOT_REGISTERED or NOT_FOUND (the register did not name the person). */
    @Column(name = "REGISTER_STATUS", length = 20, nullable = false) private String registerStatus;
    /** CAN_BE_NOTIFIED, CANNOT_BE_NOTIFIED, or null when the register did not say. */
    @Column(name = "NOTIFICATION_STATUS", length = 20) private String notificationStatus;
    @Column(name = "PREFERRED_LANGUAGE", length = 10) private String language;
    @Column(name = "EMAIL_UPDATED_AT") private OffsetDateTime emailUpdatedAt;
    @Column(name = "EMAIL_VERIFIED_AT") private OffsetDateTime emailVerifiedAt;
    @Column(name = "MOBILE_UPDATED_AT") private OffsetDateTime mobileUpdatedAt;
    @Column(name = "MOBILE_VERIFIED_AT") private OffsetDateTime mobileVerifiedAt;
    /** When the register last answered about the person (also when nothing changed). */
    @Column(name = "CHECKED_AT", nullable = false) private OffsetDateTime checkedAt;

    public long getId() { return id; }
    public PersonEntity getPerson() { return person; }
    public void setPerson(PersonEntity person) { this.person = person; }
    public String getSourceId() { return sourceId; }
    public void setSourceId(String sourceId) { this.sourceId = sourceId; }
    public String getRegisterStatus() { return registerStatus; }
    public void setRegisterStatus(String registerStatus) { this.registerStatus = registerStatus; }
    public String getNotificationStatus() { return notificationStatus; }
    public void setNotificationStatus(String notificationStatus) { this.notificationStatus = notificationStatus; }
    public String getLanguage() { return language; }
    public void setLanguage(String language) { this.language = language; }
    public OffsetDateTime getEmailUpdatedAt() { return emailUpdatedAt; }
    public void setEmailUpdatedAt(OffsetDateTime emailUpdatedAt) { this.emailUpdatedAt = emailUpdatedAt; }
    public OffsetDateTime getEmailVerifiedAt() { return emailVerifiedAt; }
    public void setEmailVerifiedAt(OffsetDateTime emailVerifiedAt) { this.emailVerifiedAt = emailVerifiedAt; }
    public OffsetDateTime getMobileUpdatedAt() { return mobileUpdatedAt; }
    public void setMobileUpdatedAt(OffsetDateTime mobileUpdatedAt) { this.mobileUpdatedAt = mobileUpdatedAt; }
    public OffsetDateTime getMobileVerifiedAt() { return mobileVerifiedAt; }
    public void setMobileVerifiedAt(OffsetDateTime mobileVerifiedAt) { this.mobileVerifiedAt = mobileVerifiedAt; }
    public OffsetDateTime getCheckedAt() { return checkedAt; }
    public void setCheckedAt(OffsetDateTime checkedAt) { this.checkedAt = checkedAt; }

    /** Whether a channel confirmed last at this time (updated or verified, whichever is later) is stale at {@code now}. */
    public static boolean stale(OffsetDateTime updated, OffsetDateTime verified, OffsetDateTime now) {
        OffsetDateTime last = updated == null ? verified : verified == null ? updated : updated.isAfter(verified) ? updated : verified;
        return last == null || last.isBefore(now.minusMonths(STALE_AFTER_MONTHS));
    }

    /** The e-mail is stale (or there is none to use). */
    public boolean emailStale(OffsetDateTime now) {
        return stale(emailUpdatedAt, emailVerifiedAt, now);
    }

    /** The mobile is stale (or there is none to use). */
    public boolean mobileStale(OffsetDateTime now) {
        return stale(mobileUpdatedAt, mobileVerifiedAt, now);
    }
}
