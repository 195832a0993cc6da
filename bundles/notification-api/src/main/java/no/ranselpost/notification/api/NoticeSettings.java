package no.ranselpost.notification.api;

import java.util.List;

/**
 * A guardian's notice settings as they see them.
 *
 * @param language        nb, nn or en: their choice, else KRR's, else nb
 * @param ownLanguage     their own choice (null: KRR's)
 * @param categoriesOff   the categories they turned off
 * @param mandatory       the categories the kommune marks mandatory (cannot be turned off)
 * @param contactSource   KRR (the contact register's data is used, locked) or OWN (their own, confirmed)
 * @param email           the e-mail notices go to (null: none usable)
 * @param mobile          the mobile urgent SMS go to (null: none usable)
 * @param pending         EMAIL or MOBILE when a change waits for its code, else null
 */
public record NoticeSettings(String language, String ownLanguage, List<String> categoriesOff, List<String> mandatory, String contactSource,
                             String email, String mobile, String pending) {

    /** What a guardian changes: the language (nb, nn, en; blank: KRR's) and the categories turned off. Left out: unchanged. */
    public record Change(String language, List<String> categoriesOff) {
    }

    /** A new own e-mail or mobile: a code is sent to it, and it is used once confirmed. */
    public record ContactChange(String email, String mobile) {
    }

    /** The code that came to the new address or number. */
    public record Confirmation(String code) {
    }
}
