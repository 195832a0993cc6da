package no.ranselpost.absence.api;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import no.ranselpost.core.api.UnitType;

/**
 * Why a child is away, from a fixed list: a report names one of these codes, never a diagnosis
 * (the free text is not for sensitive information either). Kindergarten, school and SFO differ.
 */
public enum AbsenceKind {
    SICK(Set.of(UnitType.KINDERGARTEN, UnitType.SCHOOL, UnitType.SFO), "Syk", "Sjuk", "Ill"),
    APPOINTMENT(Set.of(UnitType.KINDERGARTEN, UnitType.SCHOOL, UnitType.SFO), "Time hos lege, tannlege e.l.", "Time hjå lege, tannlege e.l.",
            "Doctor's, dentist's or similar appointment"),
    HOLIDAY(Set.of(UnitType.KINDERGARTEN, UnitType.SFO), "Ferie", "Ferie", "Holiday"),
    DAY_OFF(Set.of(UnitType.KINDERGARTEN, UnitType.SFO), "Fridag", "Fridag", "Day off"),
    /** School: leave of absence the school granted on application (permisjon). */
    LEAVE_GRANTED(Set.of(UnitType.SCHOOL), "Innvilget permisjon", "Innvilga permisjon", "Leave granted by the school"),
    /** SFO: the child goes home after school instead of to SFO. */
    NOT_ATTENDING(Set.of(UnitType.SFO), "Ikke på SFO i dag", "Ikkje på SFO i dag", "Not at SFO today"),
    OTHER(Set.of(UnitType.KINDERGARTEN, UnitType.SCHOOL, UnitType.SFO), "Annet", "Anna", "Other");

    private final Set<UnitType> unitTypes;
    private final String nb;
    private final String nn;
    private final String en;

    AbsenceKind(Set<UnitType> unitTypes, String nb, String nn, String en) {
        this.unitTypes = unitTypes;
        this.nb = nb;
        this.nn = nn;
        this.en = en;
    }

    public boolean appliesTo(UnitType type) {
        return unitTypes.contains(type);
    }

    /** The label in nb, nn or en (nb for anything else). */
    public String label(String language) {
        return "nn".equals(language) ? nn : "en".equals(language) ? en : nb;
    }

    public static List<AbsenceKind> forUnitType(UnitType type) {
        return Arrays.stream(values()).filter(k -> k.appliesTo(type)).toList();
    }
}
