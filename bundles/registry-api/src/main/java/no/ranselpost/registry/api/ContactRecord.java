package no.ranselpost.registry.api;

import java.time.OffsetDateTime;

/**
 * What the contact register (KRR) says about one person: its status there, the reservation
 * against digital contact, whether the person can be notified ({@code varslingsstatus}), the
 * preferred language, and e-mail and mobile with when each was last updated and last verified.
 * A person the register no longer knows ({@link ContactRegisterStatus#DELETED},
 * {@link ContactRegisterStatus#NOT_REGISTERED}, {@link ContactRegisterStatus#NOT_FOUND}) comes
 * without contact data, and loses what was stored. Applied whole, or rejected with its reason.
 *
 * @param key        a key that names the record in reports; never a national id
 * @param notifiable {@code varslingsstatus}: KAN_VARSLES true, KAN_IKKE_VARSLES false, null when not given
 * @param language   {@code spraak} as given (e.g. nb, nn, en, se), or null
 * @since registry-api 0.2.0 (status, notifiable, language and the updated/verified dates)
 */
public record ContactRecord(String key, String nationalId, ContactRegisterStatus status, boolean reserved, Boolean notifiable,
                            String language, String email, OffsetDateTime emailUpdatedAt, OffsetDateTime emailVerifiedAt,
                            String mobile, OffsetDateTime mobileUpdatedAt, OffsetDateTime mobileVerifiedAt) implements java.io.Serializable {

    public ContactRecord {
        status = status == null ? ContactRegisterStatus.ACTIVE : status;
        if (status != ContactRegisterStatus.ACTIVE) {
            // whom the register no longer knows has no contact data there
            email = null;
            mobile = null;
            emailUpdatedAt = emailVerifiedAt = mobileUpdatedAt = mobileVerifiedAt = null;
        }
    }

    /** The 0.1 shape: an active person, each channel's one confirmation date given as its last update. */
    public ContactRecord(String key, String nationalId, String email, OffsetDateTime emailConfirmedAt, String mobile,
                         OffsetDateTime mobileConfirmedAt, boolean reserved) {
        this(key, nationalId, ContactRegisterStatus.ACTIVE, reserved, null, null, email, emailConfirmedAt, null, mobile,
                mobileConfirmedAt, null);
    }

    /** Whom the register no longer knows (or did not name in its answer): no contact data. */
    public static ContactRecord unknown(String key, String nationalId, ContactRegisterStatus status) {
        if (status == ContactRegisterStatus.ACTIVE) {
            throw new IllegalArgumentException("an active person has contact data");
        }
        return new ContactRecord(key, nationalId, status, false, null, null, null, null, null, null, null, null);
    }

    /** When the e-mail was last updated or verified, whichever is later (the 18-month rule counts from it). */
    public OffsetDateTime emailConfirmedAt() {
        return latest(emailUpdatedAt, emailVerifiedAt);
    }

    /** When the mobile was last updated or verified, whichever is later. */
    public OffsetDateTime mobileConfirmedAt() {
        return latest(mobileUpdatedAt, mobileVerifiedAt);
    }

    static OffsetDateTime latest(OffsetDateTime a, OffsetDateTime b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
