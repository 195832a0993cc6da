package no.ranselpost.notification.internal;

import java.util.Locale;
import java.util.Map;

/**
 * What a notice says, and nothing more: that something waits in Ranselpost, and the link. Never a
 * child, a group, a unit, a sender or anything of a message (issue 23), in nb, nn and en.
 */
final class NoticeTexts {

    record Text(String subject, String body) {
    }

    private static final Map<String, String> SUBJECT = Map.of(
            "nb", "Du har noe nytt i Ranselpost",
            "nn", "Du har noko nytt i Ranselpost",
            "en", "Something new in Ranselpost");
    private static final Map<String, String> BODY = Map.of(
            "nb", "Noe venter på deg i Ranselpost. Logg inn for å lese det:\n%s\n\nDenne e-posten er sendt automatisk; svar kommer ikke fram.",
            "nn", "Noko ventar på deg i Ranselpost. Logg inn for å lese det:\n%s\n\nDenne e-posten er send automatisk; svar kjem ikkje fram.",
            "en", "Something is waiting for you in Ranselpost. Sign in to read it:\n%s\n\nThis e-mail was sent automatically; replies are not read.");
    private static final Map<String, String> SMS = Map.of(
            "nb", "Ranselpost: noe som haster venter på deg. Logg inn: %s",
            "nn", "Ranselpost: noko som hastar ventar på deg. Logg inn: %s",
            "en", "Ranselpost: something urgent is waiting for you. Sign in: %s");
    private static final Map<String, String> CODE_SUBJECT = Map.of(
            "nb", "Kode for å bekrefte i Ranselpost",
            "nn", "Kode for å stadfeste i Ranselpost",
            "en", "Code to confirm in Ranselpost");
    private static final Map<String, String> CODE_BODY = Map.of(
            "nb", "Koden din er %s. Skriv den inn i Ranselpost for å bekrefte. Har du ikke bedt om den, kan du se bort fra denne.",
            "nn", "Koden din er %s. Skriv han inn i Ranselpost for å stadfeste. Har du ikkje bede om han, kan du sjå bort frå denne.",
            "en", "Your code is %s. Enter it in Ranselpost to confirm. If you did not ask for it, ignore this.");

    private NoticeTexts() {
    }

    /** nb, nn or en from a KRR spraak code or a setting (anything else: nb). */
    static String language(String code) {
        if (code == null) {
            return "nb";
        }
        String c = code.strip().toLowerCase(Locale.ROOT);
        if (c.startsWith("nn")) {
            return "nn";
        }
        if (c.startsWith("en")) {
            return "en";
        }
        return "nb";
    }

    static Text email(String language, String link) {
        String l = language(language);
        return new Text(SUBJECT.get(l), String.format(BODY.get(l), link));
    }

    static Text sms(String language, String link) {
        String l = language(language);
        return new Text(SUBJECT.get(l), String.format(SMS.get(l), link));
    }

    static Text code(String language, String code) {
        String l = language(language);
        return new Text(CODE_SUBJECT.get(l), String.format(CODE_BODY.get(l), code));
    }
}
