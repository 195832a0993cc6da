package no.ranselpost.absence.api;

import java.util.Map;

/** What every form for an absence report says beside its free text (seeds 000 and 002). */
public final class AbsenceTexts {

    /** The warning beside the free text, in nb, nn and en. */
    public static final Map<String, String> SENSITIVE_WARNING = Map.of(
            "nb", "Ikke skriv sensitive opplysninger her, som diagnoser, sykdom eller familieforhold. Ta kontakt med barnehagen eller skolen"
                    + " direkte om slike ting.",
            "nn", "Ikkje skriv sensitive opplysningar her, som diagnosar, sjukdom eller familieforhold. Ta kontakt med barnehagen eller skulen"
                    + " direkte om slike ting.",
            "en", "Do not write sensitive information here, such as diagnoses, illness or family matters. Contact the kindergarten or school"
                    + " directly about such things.");

    /** The longest free text taken. */
    public static final int MAX_TEXT = 500;

    private AbsenceTexts() {
    }
}
