package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/**
 * A guardian's own notice settings: the language of notices (else KRR's), the categories turned
 * off (never those the kommune marks mandatory), and (Visma-style) their own e-mail and mobile,
 * each used only once confirmed by a code sent to it. A change waits in {@code pending*} (the
 * code only as a hash) until confirmed. One per person.
 */
@Entity
@Table(name = "RP_NOTICE_SETTINGS", uniqueConstraints = @UniqueConstraint(name = "UQ_NOTICE_SETTINGS_PERSON", columnNames = "PERSON_ID"))
public class NoticeSettingsEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "PERSON_ID", nullable = false) private long personId;
    @Column(name = "LANGUAGE", length = 10) private String language;
    /** Comma-separated category codes turned off. */
    @Column(name = "CATEGORIES_OFF", length = 200) private String categoriesOff;
    @Column(name = "EMAIL", length = 320) private String email;
    @Column(name = "EMAIL_CONFIRMED_AT") private OffsetDateTime emailConfirmedAt;
    @Column(name = "MOBILE", length = 30) private String mobile;
    @Column(name = "MOBILE_CONFIRMED_AT") private OffsetDateTime mobileConfirmedAt;
    /** EMAIL or MOBILE: what waits for its code. */
    @Column(name = "PENDING_KIND", length = 10) private String pendingKind;
    @Column(name = "PENDING_VALUE", length = 320) private String pendingValue;
    @Column(name = "PENDING_CODE_HASH", length = 100) private String pendingCodeHash;
    @Column(name = "PENDING_UNTIL") private OffsetDateTime pendingUntil;
    @Column(name = "PENDING_ATTEMPTS", nullable = false) private int pendingAttempts;
    @Column(name = "UPDATED_AT", nullable = false) private OffsetDateTime updatedAt;

    public long getId() { return id; }
    public long getPersonId() { return personId; }
    public void setPersonId(long personId) { this.personId = personId; }
    public String getLanguage() { return language; }
    public void setLanguage(String language) { this.language = language; }
    public String getCategoriesOff() { return categoriesOff; }
    public void setCategoriesOff(String categoriesOff) { this.categoriesOff = categoriesOff; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public OffsetDateTime getEmailConfirmedAt() { return emailConfirmedAt; }
    public void setEmailConfirmedAt(OffsetDateTime emailConfirmedAt) { this.emailConfirmedAt = emailConfirmedAt; }
    public String getMobile() { return mobile; }
    public void setMobile(String mobile) { this.mobile = mobile; }
    public OffsetDateTime getMobileConfirmedAt() { return mobileConfirmedAt; }
    public void setMobileConfirmedAt(OffsetDateTime mobileConfirmedAt) { this.mobileConfirmedAt = mobileConfirmedAt; }
    public String getPendingKind() { return pendingKind; }
    public void setPendingKind(String pendingKind) { this.pendingKind = pendingKind; }
    public String getPendingValue() { return pendingValue; }
    public void setPendingValue(String pendingValue) { this.pendingValue = pendingValue; }
    public String getPendingCodeHash() { return pendingCodeHash; }
    public void setPendingCodeHash(String pendingCodeHash) { this.pendingCodeHash = pendingCodeHash; }
    public OffsetDateTime getPendingUntil() { return pendingUntil; }
    public void setPendingUntil(OffsetDateTime pendingUntil) { this.pendingUntil = pendingUntil; }
    public int getPendingAttempts() { return pendingAttempts; }
    public void setPendingAttempts(int pendingAttempts) { this.pendingAttempts = pendingAttempts; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(OffsetDateTime updatedAt) { this.updatedAt = updatedAt; }
}
