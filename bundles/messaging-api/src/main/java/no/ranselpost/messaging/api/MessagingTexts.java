package no.ranselpost.messaging.api;

import java.util.Map;

/** What clients show while a message is composed (seeds 000 and 002), and the limits. */
public final class MessagingTexts {

    /** The warning to show beside the text, in nb, nn and en. */
    public static final Map<String, String> SENSITIVE_WARNING = Map.of(
            "nb", "Ikke send sensitive opplysninger i meldinger, som alvorlig eller kronisk sykdom, vanskelige forhold som gjelder andre"
                    + " navngitte barn eller ansatte, individuelle planer eller enkeltvedtak. Bruk kontaktskjemaet på skolens eller"
                    + " barnehagens nettside for slikt. Andre ansatte enn kontaktlæreren kan lese meldinger til gruppen.",
            "nn", "Ikkje send sensitive opplysningar i meldingar, som alvorleg eller kronisk sjukdom, vanskelege forhold som gjeld andre"
                    + " namngjevne born eller tilsette, individuelle planar eller enkeltvedtak. Bruk kontaktskjemaet på nettsida til skulen"
                    + " eller barnehagen for slikt. Andre tilsette enn kontaktlæraren kan lese meldingar til gruppa.",
            "en", "Do not send sensitive information in messages, such as serious or chronic illness, difficult matters involving other"
                    + " named children or staff, individual plans or formal decisions. Use the contact form on the school's or"
                    + " kindergarten's website for such matters. Staff other than the contact teacher may read messages to the group.");

    /** The longest text taken. */
    public static final int MAX_TEXT = 10_000;
    /** The longest subject taken. */
    public static final int MAX_SUBJECT = 200;

    private MessagingTexts() {
    }
}
